"""`cruscotto report`: the published documents, produced from the database."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from cruscotto.reports.render.pdf import PdfUnavailable
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import REPORT_KINDS, ReportKind, find_kind
from cruscotto.reports.services.opendata import write_open_data

console = Console(stderr=True)
ALL_FORMATS = sorted({name for kind in REPORT_KINDS.values() for name in kind.formats})


def choose_ente(kind: ReportKind, ente: str | None) -> str:
    """Return `ente`, or when it is not given the only Ente the database has `kind` for."""
    if ente:
        return ente
    codes = sorted({edition.ente_code for edition in kind.editions()})
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise click.ClickException(f"nessun dato nel database per il documento {kind.name}")
    raise click.ClickException(
        f"più enti hanno il documento {kind.name}: scegliere --ente tra {', '.join(codes)}"
    )


def check_writable(out: Path, *, directory: bool = False) -> None:
    """Raise a ClickException unless `out` (a file, or with `directory` a folder) can be
    written: checked before the document is built, which for a PDF takes seconds."""
    target = out if directory else out.parent
    ancestor = target
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise click.ClickException(f"impossibile scrivere {out}: {ancestor} non è una cartella")
    try:
        # A file really created, not os.access: root passes os.access where nothing can be
        # written (/proc), and a read-only mount answers only to a write.
        with tempfile.TemporaryFile(dir=ancestor):
            pass
    except OSError as error:
        raise click.ClickException(
            f"impossibile scrivere {out}: la cartella {ancestor} non accetta file "
            f"({error.strerror or error})"
        ) from None


def write_document(out: Path, content: str | bytes) -> None:
    """Write `content` to `out`; an OSError (disk full, permission) becomes a ClickException."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            out.write_text(content, encoding="utf-8")
        else:
            out.write_bytes(content)
    except OSError as error:
        raise click.ClickException(
            f"impossibile scrivere {out}: {error.strerror or error}"
        ) from None


@click.command()
@click.argument("kind", type=click.Choice(list(REPORT_KINDS)))
@click.option(
    "--year", type=int, required=True, help="L'anno a cui si riferisce il documento (es. 2025)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(ALL_FORMATS),
    default="html",
    show_default=True,
    help="html, pdf (l'HTML stampato da Chromium senza interfaccia), xlsx; txt solo per "
    "controllo-strategico (l'impaginazione che `cruscotto import` legge).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File da scrivere.",
)
@click.option(
    "--ente",
    default=None,
    help="Codice dell'ente (torino, cmto); in mancanza, l'unico ente i cui dati hanno KIND.",
)
def report(kind: str, year: int, format_name: str, out: Path, ente: str | None) -> None:
    """Produce un documento pubblicato dal database: KIND per --year.

    \b
    controllo-strategico  relazione sul controllo strategico (DUP, rendiconto)
    psm-monitoraggio      monitoraggio del Piano Strategico Metropolitano
    performance           piano della performance: matrice, regole, schede
    """
    try:
        report_kind = find_kind(kind, format_name)
    except ReportUnavailable as error:
        raise click.ClickException(str(error)) from None
    ente_code = choose_ente(report_kind, ente)
    check_writable(out)
    with Progress(
        TextColumn("{task.description:<32}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("Lettura dei dati", total=3)
        try:
            document = report_kind.build(ente_code, year)
            progress.update(task, advance=1, description=f"Composizione ({format_name})")
            rendered = report_kind.formats[format_name].render(document)
        except (ReportUnavailable, PdfUnavailable) as error:
            raise click.ClickException(str(error)) from None
        progress.update(task, advance=1, description=f"Scrittura di {out.name}")
        write_document(out, rendered)
        progress.update(task, advance=1, description="Fatto")
    size = f"{out.stat().st_size:,}".replace(",", ".")  # 995.315, as Italian readers group digits
    console.print(f"{out}: {kind} {ente_code} {year} ({format_name}, {size} byte)")


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Cartella da scrivere.",
)
def opendata(out: Path) -> None:
    """Scrive i dati aperti: un CSV ordinato per indicatore, un file JSON per piano, il dizionario dei dati."""
    check_writable(out, directory=True)
    with Progress(
        TextColumn("{task.description:<48}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("Open data", total=None)
        counts = write_open_data(
            out, lambda description: progress.update(task, description=description, advance=1)
        )
        progress.update(task, description="Fatto")
    console.print(
        f"{out}: {counts['piani']} piani, {counts['indicatori']} indicatori, dizionario-dati.json"
    )
