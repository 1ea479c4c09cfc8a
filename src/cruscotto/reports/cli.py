"""`cruscotto report`: the published documents, produced from the database."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from cruscotto.reports.render.pdf import PdfUnavailable
from cruscotto.reports.services.controllo_strategico import (
    ReportUnavailable,
    build_strategic_control_report,
)
from cruscotto.reports.services.exports import STRATEGIC_CONTROL_FORMATS
from cruscotto.reports.services.opendata import write_open_data

console = Console(stderr=True)
KINDS = ["controllo-strategico"]


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--year", type=int, required=True, help="The esercizio reported on (e.g. 2025).")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(STRATEGIC_CONTROL_FORMATS)),
    default="html",
    show_default=True,
    help="html, pdf (printed by headless Chromium), xlsx, or txt (the layout `cruscotto import` reads).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@click.option("--ente", default="torino", show_default=True, help="Code of the Ente.")
def report(kind: str, year: int, format_name: str, out: Path, ente: str) -> None:
    """Produce a published document from the database: KIND for the esercizio --year."""
    with Progress(
        TextColumn("{task.description:<32}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("Lettura dei dati", total=3)
        try:
            document = build_strategic_control_report(ente, year)
        except ReportUnavailable as error:
            raise click.ClickException(str(error)) from None
        progress.update(task, advance=1, description=f"Composizione ({format_name})")
        try:
            rendered = STRATEGIC_CONTROL_FORMATS[format_name].render(document)
        except PdfUnavailable as error:
            raise click.ClickException(str(error)) from None
        progress.update(task, advance=1, description=f"Scrittura di {out.name}")
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(rendered, str):
            out.write_text(rendered, encoding="utf-8")
        else:
            out.write_bytes(rendered)
        progress.update(task, advance=1, description="Fatto")
    console.print(f"{out}: {kind} {year} ({format_name}, {out.stat().st_size:,} byte)")


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write.",
)
def opendata(out: Path) -> None:
    """Write the open data: a tidy CSV per indicator, a JSON file per plan, the data dictionary."""
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
