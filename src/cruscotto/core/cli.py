"""`cruscotto backup` and `cruscotto restore`: the whole database in one portable archive.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cruscotto.reports.cli import check_writable

if TYPE_CHECKING:
    from cruscotto.core.services.backup import BackupSummary, ProgressCallback

console = Console(stderr=True)


def record_progress(progress: Progress, total: int) -> ProgressCallback:
    """A callback that moves one bar over all the records, model after model."""
    task = progress.add_task("", total=total)
    finished: dict[str, int] = {}

    def advance(label: str, done: int) -> None:
        finished[label] = done
        progress.update(task, description=label, completed=sum(finished.values()))

    return advance


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def describe(summary: BackupSummary) -> str:
    models = sum(1 for count in summary.records.values() if count)
    return f"{summary.total} record di {models} tabelle"


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Il file dell'archivio da scrivere (.zip).",
)
def backup(out: Path) -> None:
    """Salva tutto il database in un archivio portabile (SQLite e PostgreSQL).

    L'archivio contiene ogni record, i testi dei documenti importati compresi, e si
    ripristina con `cruscotto restore` in un database vuoto, anche dell'altro tipo.
    """
    from cruscotto.core.services.backup import backed_up_models, write_backup
    from cruscotto.core.services.schema import ensure_schema

    ensure_schema(announce=lambda: console.print("[dim]Preparo il database (migrazioni)…[/dim]"))
    check_writable(out)
    total = sum(model._default_manager.count() for model in backed_up_models())
    with progress_bar() as progress:
        summary = write_backup(out, record_progress(progress, total))
    console.print(f"{out}: {describe(summary)}.")


@click.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(archive: Path) -> None:
    """Ripristina un archivio di `cruscotto backup` in un database vuoto.

    Tutto o niente: se un record non si carica, il database resta com'era. Un archivio di
    una versione precedente si ripristina e il database viene poi aggiornato.
    """
    from cruscotto.core.services.backup import BackupError, read_archive_manifest, restore_backup

    try:
        total = sum(read_archive_manifest(archive)["records"].values())
        with progress_bar() as progress:
            summary = restore_backup(archive, record_progress(progress, total))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"{archive}: ripristinati {describe(summary)}.")
