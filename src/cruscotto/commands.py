"""The commands of `cruscotto` itself (enti, import, diagnostics, summary, documents, template,
export, migrate, serve, demo, manage).

Imported by `cruscotto.cli` when one of them, or its --help, is asked for; their help is
listed by the root's --help without importing this module (cruscotto.cli.COMMANDS).
Django is configured only when a command runs (cruscotto.cli.run_with_django): this module
imports at its top only what a --help page needs, and each command imports the models and
services it uses, so that `cruscotto import --help` answers without loading them.
"""

from __future__ import annotations

import gc
import getpass
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cruscotto.cli import BUNDLED_SAMPLES, LazyCommand, LazyCommands, LazyGroup
from cruscotto.domain.choices import EnteKind
from cruscotto.domain.formats import IMPORTABLE

if TYPE_CHECKING:
    from cruscotto.loaders.common import LoadResult, SourceFile
    from cruscotto.loaders.formats import DocumentFormat

console = Console(stderr=True)


def ensure_database() -> None:
    """Create the database or apply pending migrations, so every command finds the schema.

    Two commands started at once on a new database migrate it once (see ensure_schema).
    """
    from cruscotto.core.services.schema import ensure_schema

    ensure_schema(announce=lambda: console.print("[dim]Preparo il database (migrazioni)…[/dim]"))


class RichProgress:
    """Adapts a rich progress bar to the loaders' Progress protocol."""

    def __init__(self, progress: Progress, task: Any):
        self.progress = progress
        self.task = task

    def advance(self, description: str) -> None:
        self.progress.update(self.task, advance=1, description=description)


def default_samples_dir() -> Path:
    from django.conf import settings

    return Path(settings.HOME_DIR) / "samples"


def group_documents(paths: tuple[Path, ...]) -> list[tuple[Path, list[Path]]]:
    """The documents named on the command line: each file or folder is one, except that CSV
    files are together the sheets of one spreadsheet (one per sheet, named like the sheets)."""
    from cruscotto.loaders.common import CSV_SUFFIX

    csv_files = [path for path in paths if path.suffix.lower() == CSV_SUFFIX]
    documents: list[tuple[Path, list[Path]]] = [
        (path, [path]) for path in paths if path.suffix.lower() != CSV_SUFFIX
    ]
    if csv_files:
        documents.append((csv_files[0] if len(csv_files) == 1 else csv_files[0].parent, csv_files))
    return documents


def read_source(path: Path, parts: list[Path] | None = None) -> SourceFile:
    """The document at `path` (a file, a folder of CSV files), or the CSV files `parts`."""
    from cruscotto.loaders.common import SourceFile

    if parts is not None and len(parts) > 1:
        return SourceFile.read_sheets(parts, name=path.name)
    return SourceFile.read(path)


def read_and_parse(
    path: Path, format_name: str | None, parts: list[Path] | None = None
) -> tuple[SourceFile, DocumentFormat, Any]:
    """Read `path`, pick its format, parse it; exit with a message naming the file on failure."""
    from cruscotto.loaders.common import ImportFailed
    from cruscotto.loaders.formats import UnrecognisedFormat, parse_document

    try:
        source = read_source(path, parts)
    except (ImportFailed, OSError) as error:
        raise click.ClickException(str(error)) from None
    try:
        fmt, parsed = parse_document(source, format_name)
    except UnrecognisedFormat:
        raise click.ClickException(
            f"{path}: formato non riconosciuto; indicarlo con --format ({', '.join(sorted(IMPORTABLE))})"
        ) from None
    except ImportFailed as error:
        raise click.ClickException(f"{path}: {error}") from None
    return source, fmt, parsed


def print_diagnostics(
    file_name: str, diagnostics: list[Any], limit: int | None, path: Path | None = None
) -> None:
    shown = diagnostics if limit is None else diagnostics[:limit]
    styles = {"error": "red", "warning": "yellow", "info": "blue"}
    for diagnostic in shown:
        style = styles.get(str(diagnostic.severity), "")
        click.echo(
            f"{file_name}:{diagnostic.line}: "
            + click.style(str(diagnostic.severity), fg=style or None)
            + f" [{diagnostic.code}] {diagnostic.message}"
        )
    if limit is not None and len(diagnostics) > limit:
        click.echo(
            f"… e altre {len(diagnostics) - limit} (vedi `cruscotto diagnostics {path or file_name}`)"
        )


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Stampa JSON per gli script.")
@click.pass_context
def enti(context: click.Context, as_json: bool) -> None:
    """Gli enti: codice, nome, tipo, codice ISTAT, i nomi che i documenti stampano.

    Un'importazione riconosce l'ente di un documento dal nome o da un alias e
    aggiunge quello che non conosce (con una segnalazione); `enti add` ne aggiunge uno a mano.
    """
    if context.invoked_subcommand is not None:
        return
    from cruscotto.core.services.enti import describe_enti

    ensure_database()
    listed = describe_enti()
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    table = Table("codice", "nome", "tipo", "ISTAT", "alias", "confermato")
    labels = dict(EnteKind.choices)
    for ente in listed:
        table.add_row(
            ente["code"],
            ente["name"],
            labels.get(ente["kind"], ente["kind"]),
            ente["istat_code"],
            "; ".join(ente["aliases"]),
            "sì" if ente["confirmed"] else "no",
        )
    Console().print(table)


@enti.command("add")
@click.argument("code")
@click.option("--name", required=True, help="Il nome dell'ente, come lo leggono le persone.")
@click.option("--kind", required=True, type=click.Choice(EnteKind.values), help="Il tipo di ente.")
@click.option("--istat", "istat_code", default="", help="Il codice ISTAT, se ne ha uno.")
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    help="Un modo in cui i documenti stampano il suo nome (ripetibile).",
)
def enti_add(code: str, name: str, kind: str, istat_code: str, aliases: tuple[str, ...]) -> None:
    """Aggiunge un ente: i documenti che lo nominano (per nome o alias) sono importati come suoi."""
    from cruscotto.core.services.enti import EnteError, add_ente

    ensure_database()
    try:
        ente = add_ente(code, name, kind, istat_code, list(aliases))
    except EnteError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"Aggiunto l'ente «{ente.name}» ({ente.code}).")


@enti.command("confirm")
@click.argument("code")
@click.option("--name", default=None, help="Il nome dell'ente, come lo leggono le persone.")
@click.option("--kind", default=None, type=click.Choice(EnteKind.values), help="Il suo tipo.")
@click.option("--istat", "istat_code", default=None, help="Il codice ISTAT, se ne ha uno.")
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    help="Un altro modo in cui i documenti stampano il suo nome (ripetibile).",
)
def enti_confirm(
    code: str, name: str | None, kind: str | None, istat_code: str | None, aliases: tuple[str, ...]
) -> None:
    """Conferma un ente creato da un'importazione dal nome stampato in un documento, correggendolo."""
    from cruscotto.core.services.enti import EnteError, confirm_ente

    ensure_database()
    try:
        ente = confirm_ente(code, name, kind, istat_code, list(aliases))
    except EnteError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"Confermato l'ente «{ente.name}» ({ente.code}).")


@click.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True, path_type=Path)
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(IMPORTABLE)),
    help="Impone il formato del documento invece di riconoscerlo.",
)
@click.option(
    "--max-diagnostics",
    default=20,
    show_default=True,
    help="Quante segnalazioni stampare per file.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Stampa cosa l'importazione creerebbe, aggiornerebbe e toglierebbe, senza scrivere nulla.",
)
@click.option(
    "--allow-removals",
    is_flag=True,
    help="Accetta una revisione che toglie più di un quinto dei dati del suo documento.",
)
@click.option(
    "--ente",
    "ente_code",
    metavar="CODICE",
    help="L'ente a cui appartengono i documenti (vedi `cruscotto enti`), invece di quello che stampano.",
)
def import_command(
    files: tuple[Path, ...],
    format_name: str | None,
    max_diagnostics: int,
    dry_run: bool = False,
    allow_removals: bool = False,
    ente_code: str | None = None,
) -> None:
    """Importa documenti nel database, una transazione per file.

    Riconosce da sé il formato di ogni documento; importare due volte lo stesso
    file non cambia nulla, e un file che non si importa lascia il database com'era.
    Una revisione che toglierebbe più di un quinto di quanto il suo documento
    contiene è rifiutata, a meno di indicare --allow-removals.

    Il piano di qualsiasi ente arriva come foglio di calcolo compilato dal modello
    (`cruscotto template --out modello.xlsx`): FILE.xlsx, oppure una cartella di file
    CSV, oppure più file CSV, uno per foglio (piano.csv, voci.csv, indicatori.csv,
    valori.csv). Un foglio con un errore non carica nulla; `cruscotto diagnostics
    FILE.xlsx` elenca gli errori per foglio, riga e colonna.
    """
    from cruscotto.loaders.common import ImportFailed

    ensure_database()
    actor = f"cli:{getpass.getuser()}"
    for path, parts in group_documents(files):
        started = time.perf_counter()
        with Progress(
            TextColumn("{task.description:<40}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task(f"Lettura di {path.name}", total=None)
            source, fmt, parsed = read_and_parse(path, format_name, parts)
            progress.update(
                task, total=fmt.load_steps + 1, advance=1, description="Analisi del testo"
            )
            try:
                result = fmt.import_document(
                    parsed,
                    source,
                    actor,
                    RichProgress(progress, task),
                    allow_removals=allow_removals,
                    dry_run=dry_run,
                    ente_code=ente_code,
                )
            except ImportFailed as error:
                # What could not be read, at its line: the refusal alone names no line.
                errors = [
                    diagnostic
                    for diagnostic in getattr(parsed, "diagnostics", [])
                    if str(diagnostic.severity) == "error"
                ]
                print_diagnostics(path.name, errors, max_diagnostics, path)
                raise click.ClickException(
                    f"{path}: {error} — nessuna modifica al database"
                ) from None
        elapsed = time.perf_counter() - started
        table = Table(title=f"{path.name} ({fmt.name}) in {elapsed:.2f} s", show_header=False)
        for label, count in result.totals.items():
            table.add_row(label, str(count))
        console.print(table)
        print_changes(result, dry_run)
        if result.refusal:
            raise click.ClickException(
                f"{path}: l'importazione sarebbe rifiutata: {result.refusal}"
            )
        by_severity: dict[str, int] = {}
        for diagnostic in result.diagnostics:
            by_severity[str(diagnostic.severity)] = by_severity.get(str(diagnostic.severity), 0) + 1
        console.print(
            "Diagnostica: "
            + (
                ", ".join(f"{n} {severity}" for severity, n in sorted(by_severity.items()))
                or "nessuna"
            )
        )
        print_diagnostics(path.name, result.diagnostics, max_diagnostics, path)


def print_changes(result: LoadResult, dry_run: bool, removals_shown: int = 10) -> None:
    """What the import wrote (or, for a dry run, would write), by model; a dry run's removals."""
    from cruscotto.loaders.common import describe_counts, describe_counts_by_model, format_number

    counts = result.counts
    if not counts.changed:
        console.print("Database: nessuna modifica (documento già importato).")
        return
    if dry_run:
        console.print(f"Prova (--dry-run), nulla è stato scritto: {describe_counts(counts)}.")
    else:
        console.print(f"Database: {describe_counts(counts)}.")
    for line in describe_counts_by_model(counts):
        console.print(f"  {escape(line)}")
    for label, records in result.removed.items():
        console.print(f"Da eliminare, {label} ({format_number(len(records))}):")
        for record in records[:removals_shown]:
            console.print(f"  {escape(record)}")
        if len(records) > removals_shown:
            console.print(f"  … e altri {format_number(len(records) - removals_shown)}")


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(IMPORTABLE)),
    help="Impone il formato del documento invece di riconoscerlo.",
)
@click.option("--json", "as_json", is_flag=True, help="Stampa le segnalazioni come lista JSON.")
@click.option(
    "--severity", type=click.Choice(["error", "warning", "info"]), help="Solo questa gravità."
)
@click.option(
    "--codici",
    "list_codes",
    is_flag=True,
    help="Stampa l'elenco di tutti i codici delle segnalazioni (Markdown, docs/diagnostics.md).",
)
def diagnostics(
    file: Path | None,
    format_name: str | None,
    as_json: bool,
    severity: str | None,
    list_codes: bool,
) -> None:
    """Stampa ciò che l'importazione non ha saputo leggere in FILE, senza caricare nulla.

    FILE può essere il foglio di calcolo di un piano (XLSX, o una cartella di file CSV):
    i suoi errori, per foglio, riga e colonna, sono quelli per cui `cruscotto import` lo rifiuta.
    Con --codici, l'elenco dei codici con il loro significato.
    """
    if list_codes:
        from cruscotto.core.diagnostic_codes import codes_as_markdown

        click.echo(codes_as_markdown(), nl=False)
        return
    if file is None:
        raise click.UsageError("indicare FILE, oppure --codici")
    _, _, parsed = read_and_parse(file, format_name)
    found = [d for d in parsed.diagnostics if severity is None or str(d.severity) == severity]
    found.sort(key=lambda d: d.line)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "file": file.name,
                        "line": d.line,
                        "severity": str(d.severity),
                        "code": d.code,
                        "message": d.message,
                    }
                    for d in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_diagnostics(file.name, found, None)
        console.print(f"{len(found)} diagnostiche.")


@click.command()
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Stampa il riepilogo come JSON (chiavi descritte in docs/import.md).",
)
def summary(as_json: bool) -> None:
    """Riepiloga piani, voci, stati, indicatori e segnalazioni del database."""
    from cruscotto.reports.services.summary import build_summary

    ensure_database()
    data = build_summary()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for plan in data["plans"]:
        table = Table(title=f"{plan['ente']} – {plan['title']} ({plan['kind']})", show_header=False)
        for section, label in SUMMARY_SECTIONS.items():
            for key, value in plan[section].items():
                table.add_row(label, str(key), str(value))
        console.print(table)
    counts = data["diagnostics"]
    console.print(
        f"Diagnostica: {counts.get('error', 0)} errori, {counts.get('warning', 0)} avvisi, "
        f"{counts.get('info', 0)} informazioni."
    )


SUMMARY_SECTIONS = {
    "items_by_level": "voci per livello",
    "statuses": "stati",
    "impacts": "impatto",
    "indicators_by_kind": "indicatori per tipo",
    "measurements_by_year": "valori per anno",
}


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    commands=LazyCommands(
        {
            "build": LazyCommand(
                "cruscotto.reports.cli:documents_build",
                "Prepara subito i documenti pubblicati che il sito offre, dai dati attuali.",
            ),
            "worker": LazyCommand(
                "cruscotto.reports.cli:documents_worker",
                "Prepara i documenti richiesti dal sito, uno alla volta, man mano che arrivano.",
            ),
        }
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Stampa i documenti come lista JSON.")
@click.pass_context
def documents(context: click.Context, as_json: bool) -> None:
    """I documenti importati, con le segnalazioni contate per gravità.

    `documents build` e `documents worker` preparano i documenti pubblicati dal sito.
    """
    ensure_database()
    if context.invoked_subcommand is not None:
        return
    from cruscotto.reports.services.documents import describe_documents

    found = describe_documents()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table()
    table.add_column("file", no_wrap=True)
    for column in ["ente", "righe", "errori", "avvisi", "note"]:
        table.add_column(column, justify="right" if column != "ente" else "left")
    table.add_column("documento")
    for document in found:
        counts = document["diagnostics"]
        table.add_row(document["file_name"], document["ente_code"] or "", str(document["lines"]),
                      str(counts["error"]), str(counts["warning"]), str(counts["info"]),
                      escape(document["title"]))  # fmt: skip
    console.print(table)
    console.print("Le righe e la diagnostica di ciascuno: /documenti/sorgenti/ nell'app web.")


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Il file XLSX da scrivere.",
)
def template(out: Path) -> None:
    """Scrive il modello vuoto di un piano come foglio di calcolo (XLSX).

    Fogli: piano (ente, tipo, codice, titolo, anni), voci (le voci come albero di
    qualsiasi profondità, con strutture, persone, peso, stato per anno, classificazioni),
    indicatori (con i target per anno), valori (ogni valore come scritto) e istruzioni,
    che spiega ogni colonna: se è obbligatoria, il formato, un esempio. Si compila dal
    DUP, dal PIAO o dal piano della performance, poi `cruscotto import FILE.xlsx`.
    """
    # openpyxl is imported by the two commands that write a workbook, not by every command.
    from cruscotto.core.xlsx import render_sheets
    from cruscotto.reports.services.plan_workbook import template_workbook

    out.write_bytes(render_sheets(template_workbook()))
    console.print(f"Scritto il modello {out}.")


@click.command()
@click.argument("plan_id", metavar="PLAN")
@click.option(
    "--format", "format_name", type=click.Choice(["xlsx"]), default="xlsx", show_default=True
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Il file da scrivere.",
)
def export(plan_id: str, format_name: str, out: Path) -> None:
    """Scrive PLAN (ENTE/TIPO/CODICE, come lo nomina l'API: torino/dup/2021-2026) nel
    modello di foglio di calcolo, così che `cruscotto import` del file in un altro
    database ne restituisca voci, albero, classificazioni, strutture, stati per anno,
    indicatori, target e valori."""
    from cruscotto.plans.models import Plan

    ensure_database()
    ente, _, rest = plan_id.partition("/")
    kind, _, code = rest.partition("/")
    plan = Plan.objects.select_related("ente").filter(ente__code=ente, kind=kind, code=code).first()
    if plan is None:
        raise click.ClickException(
            f"piano non trovato: {plan_id} (ENTE/TIPO/CODICE; vedi `cruscotto summary`)"
        )
    from cruscotto.core.xlsx import render_sheets
    from cruscotto.reports.services.plan_workbook import plan_workbook

    out.write_bytes(render_sheets(plan_workbook(plan)))
    console.print(f"Scritto {out}: {plan.title}.")


@click.command()
def migrate() -> None:
    """Crea il database o ne aggiorna lo schema."""
    ensure_database()
    console.print("Database pronto.")


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def refuse_public_development_key(host: str) -> None:
    """Anyone can read the development key in the source, and with it forge a session:
    served beyond this machine, Cruscotto needs a secret key of its own."""
    from django.conf import settings

    if host not in LOOPBACK_HOSTS and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise click.ClickException(
            f"non servo su {host} con la chiave segreta di sviluppo, che è pubblica: impostare "
            "CRUSCOTTO_SECRET_KEY (ad es. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')"
        )


def run_gunicorn(host: str, port: int, workers: int, threads: int = 8) -> None:
    """Serve with gunicorn's threaded workers: a slow page holds one thread, not a process,
    so the other requests go on (two sync workers were two requests at a time)."""
    # The web application (every view, the API's schemas) and gunicorn are imported by the
    # command that serves them: the other commands start without them.
    from gunicorn.app.base import BaseApplication

    from cruscotto.reports.cli import start_worker, stop_worker
    from cruscotto.wsgi import application

    class CruscottoServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return application

    # The documents the pages ask for are built by the worker, never inside a request.
    worker = start_worker()
    # What is loaded now (Django, the views, the schemas) lives as long as the server: kept
    # out of the garbage collector's full passes, which would walk it again and again in the
    # middle of requests (the slowest twentieth of a page's answers), and shared by the
    # forked workers' memory instead of being copied as the collector touches it.
    gc.collect()
    gc.freeze()
    try:
        CruscottoServer().run()
    finally:
        stop_worker(worker)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Indirizzo su cui ascoltare.")
@click.option("--port", default=8000, show_default=True, type=int, help="Porta su cui ascoltare.")
@click.option(
    "--workers", default=2, show_default=True, type=int, help="Processi worker di gunicorn."
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=int,
    help="Richieste servite insieme da ogni processo.",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Pubblica l'applicazione web con un server WSGI di produzione (gunicorn).

    Avvia anche il worker che prepara i documenti pubblicati (`cruscotto documents worker`).
    """
    refuse_public_development_key(host)
    ensure_database()
    console.print(f"Cruscotto su http://{host}:{port}/ (Ctrl-C per fermare)")
    run_gunicorn(host, port, workers, threads)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Indirizzo su cui ascoltare.")
@click.option("--port", default=8000, show_default=True, type=int, help="Porta su cui ascoltare.")
@click.option("--no-serve", is_flag=True, help="Importa gli esempi e si ferma, senza pubblicare.")
@click.pass_context
def demo(ctx: click.Context, host: str, port: int, no_serve: bool) -> None:
    """Importa i documenti di esempio inclusi e pubblica su di essi l'applicazione web."""
    samples = [default_samples_dir() / name for name in BUNDLED_SAMPLES]
    ctx.invoke(import_command, files=tuple(samples), format_name=None, max_diagnostics=0)
    if not no_serve:
        ctx.invoke(serve, host=host, port=port, workers=2, threads=8)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Esegue un comando di gestione di Django (es. `cruscotto manage createsuperuser`)."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cruscotto manage", *args])
