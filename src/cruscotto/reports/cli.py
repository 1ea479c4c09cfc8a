"""`cruscotto report`: the published documents, produced from the database.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from cruscotto.domain.report_kinds import ALL_FORMATS, FORMATS_OF_KIND

if TYPE_CHECKING:
    from cruscotto.reports.services.exports import ReportKind

console = Console(stderr=True)


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
@click.argument("kind", type=click.Choice(list(FORMATS_OF_KIND)))
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
    from cruscotto.reports.render.pdf import PdfUnavailable
    from cruscotto.reports.services.errors import ReportUnavailable
    from cruscotto.reports.services.exports import find_kind

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
    size = format_size(out.stat().st_size)
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
    from cruscotto.reports.services.opendata import write_open_data

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


@click.command("build")
@click.option(
    "--kind",
    "kind_name",
    type=click.Choice(list(FORMATS_OF_KIND)),
    default=None,
    help="Il tipo di documento; in mancanza, tutti.",
)
@click.option("--ente", "ente_code", default=None, help="Il codice dell'ente; in mancanza, tutti.")
@click.option(
    "--year", type=int, default=None, help="L'anno; in mancanza, tutti quelli disponibili."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(ALL_FORMATS),
    default=None,
    help="Il formato; in mancanza, tutti.",
)
def documents_build(
    kind_name: str | None, ente_code: str | None, year: int | None, format_name: str | None
) -> None:
    """Prepara subito i documenti pubblicati che il sito offre, dai dati attuali.

    Il sito li prepara da sé alla prima richiesta (con il worker avviato da
    `cruscotto serve`); questo comando li prepara prima, in questo processo, con
    una barra di avanzamento. Un documento già preparato con gli stessi dati non
    si prepara di nuovo.
    """
    from cruscotto.reports.models import PublishedFile
    from cruscotto.reports.services import publishing
    from cruscotto.reports.services.exports import REPORT_KINDS

    kinds = [REPORT_KINDS[kind_name]] if kind_name else list(REPORT_KINDS.values())
    wanted = publishing.wanted_documents(kinds, ente_code, year, format_name)
    if not wanted:
        raise click.ClickException("nessun documento corrisponde alla scelta")
    failed = 0
    with Progress(
        TextColumn("{task.description:<56}"),
        BarColumn(),
        TextColumn("{task.fields[documento]}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        overall = progress.add_task("Documenti", total=len(wanted) * 100, documento="")
        for number, document in enumerate(wanted):
            label = f"{document.kind.name}-{document.ente_code}-{document.year}.{document.format}"

            def on_step(
                percent: int, message: str, number: int = number, label: str = label
            ) -> None:
                progress.update(
                    overall, completed=number * 100 + percent, description=message, documento=label
                )

            published = publishing.build_now(document, on_step)
            progress.update(overall, completed=(number + 1) * 100)
            if published.status == PublishedFile.Status.FAILED:
                failed += 1
                progress.console.print(f"[red]{label}: non riuscito[/red] — {published.error}")
            elif published.status == PublishedFile.Status.READY:
                progress.console.print(f"{label}: pronto ({format_size(published.size or 0)} byte)")
            else:
                progress.console.print(f"{label}: in preparazione dal worker")
    console.print(f"{len(wanted) - failed} documenti pronti su {len(wanted)}.")
    if failed:
        raise click.ClickException(f"{failed} documenti non preparati")


@click.command("worker")
@click.option(
    "--poll",
    "poll_seconds",
    type=float,
    default=1.0,
    show_default=True,
    help="Ogni quanti secondi cercare nuove richieste.",
)
@click.option("--once", is_flag=True, help="Prepara i documenti in coda e termina.")
@click.option(
    "--stop-with",
    "parent_pid",
    type=int,
    default=None,
    hidden=True,  # set by `cruscotto serve`: the worker ends with the server that started it
)
def documents_worker(poll_seconds: float, once: bool, parent_pid: int | None) -> None:
    """Prepara i documenti richiesti dal sito, uno alla volta, man mano che arrivano.

    `cruscotto serve` e `cruscotto demo` lo avviano da sé; serve avviarlo a mano
    solo se il sito gira con un altro server WSGI.
    """
    from cruscotto.reports.services import publishing

    if once:
        built = publishing.process_queue()
        console.print(f"{built} documenti preparati.")
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stopped like Ctrl-C: a build under way goes back to the queue

    signal.signal(signal.SIGTERM, interrupt)
    # Ctrl-C too, even when this process was started with SIGINT ignored (see stop_worker).
    signal.signal(signal.SIGINT, interrupt)

    def should_stop() -> bool:
        return parent_pid is not None and os.getppid() != parent_pid

    def on_built(count: int) -> None:
        console.print(f"{count} documenti preparati.")

    # Ctrl-C on `cruscotto serve` reaches its worker too: a quiet end.
    with contextlib.suppress(KeyboardInterrupt):
        publishing.run_worker(poll_seconds, should_stop, on_built)


def format_size(size: int) -> str:
    return f"{size:,}".replace(",", ".")  # 995.315, as Italian readers group digits


def start_worker() -> subprocess.Popen[bytes]:
    """Start `cruscotto documents worker` as a child of this process, which stops with it."""
    return subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "documents", "worker", "--stop-with", str(os.getpid())]
    )


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Stop the worker started by start_worker; a build under way is queued again by it."""
    if worker.poll() is None:
        # SIGTERM, not SIGINT: a process started in the background by a shell (a script's
        # `&`, a CI job) inherits SIGINT ignored, and the worker would stop only when killed.
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
