"""`cruscotto performance …`: assignments, validation report, actual values, scores and
their validation by the valutatore.

Registered by `cruscotto.cli`, which configures Django before importing it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import click
from django.contrib.auth import get_user_model
from rich.console import Console
from rich.table import Table

from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.core.services.schema import ensure_schema
from cruscotto.loaders.common import ImportFailed, SourceFile
from cruscotto.performance.services.actuals import read_actuals
from cruscotto.performance.services.exports import write_workbook
from cruscotto.performance.services.labels import weight_source_label
from cruscotto.performance.services.reports import scores_summary, validation_report
from cruscotto.performance.services.score_validation import (
    ScoresNotValidatable,
    validate_scores,
    validation_state,
)
from cruscotto.performance.services.scorecards import (
    ActualsRefused,
    find_plan,
    list_assignments,
    store_actuals,
)
from cruscotto.plans.models import Plan

console = Console(stderr=True)


def plan_or_exit(year: int | None) -> Plan:
    ensure_schema()
    try:
        return find_plan(year)
    except LookupError as error:
        raise click.ClickException(f"{error}: importarlo con `cruscotto import FILE`") from None


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
def performance() -> None:
    """Piano della performance: assignments, weights, validation, actual values and scores."""


YEAR_OPTION = click.option("--year", type=int, help="Year of the plan (default: the latest).")


@performance.command()
@YEAR_OPTION
@click.option("--structure", help="Only this structure code (e.g. UC1).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (keys in docs/formats.md).")
def assignments(year: int | None, structure: str | None, as_json: bool) -> None:
    """List each structure's objectives by slot, with weight, provenance and candidates."""
    views = list_assignments(plan_or_exit(year))
    if structure:
        views = [v for v in views if v.structure == structure.upper()]
    if as_json:
        echo_json([v.as_json() for v in views])
        return
    table = Table("struttura", "slot", "obiettivo", "peso", "provenienza", "candidati")
    for v in views:
        table.add_row(v.structure, v.slot, str(v.objective_id), "" if v.weight is None else str(v.weight),
                      weight_source_label(v.weight_source), " ".join(map(str, v.candidates)))  # fmt: skip
    console.print(table)


@performance.command()
@YEAR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(year: int | None, as_json: bool) -> None:
    """Per structure: declared total, sum of known weights, unknowns, missing common objectives."""
    reports = validation_report(plan_or_exit(year))
    if as_json:
        echo_json([r.as_dict() for r in reports])
        return
    table = Table(
        "struttura", "totale", "pesi noti", "non noti", "non multipli di 5", "comuni mancanti"
    )
    for r in reports:
        table.add_row(r.structure, str(r.declared_total), str(r.known_sum), str(len(r.unknown)),
                      str(len(r.not_multiple_of_5)), ", ".join(map(str, r.missing_common_objectives)))  # fmt: skip
    console.print(table)


@performance.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Year the values refer to (default: the plan's year).")
@click.option("--plan-year", type=int, help="Year of the plan (default: the latest).")
def actuals(file: Path, year: int | None, plan_year: int | None) -> None:
    """Load a year's actual values (CSV or XLSX: obiettivo, struttura, valore) and compute the scores.

    An Ente-wide objective has one value with an empty structure (or "Tutte"); it
    counts for every structure. The previous values of the same year are replaced.
    A file that cannot be read, or with any error, is refused whole: exit 1,
    nothing stored, no score recomputed.
    """
    plan = plan_or_exit(plan_year)
    try:
        source = SourceFile.read(file) if file.suffix.lower() == ".csv" else binary_source(file)
        read = read_actuals(file)
    except ImportFailed as error:
        raise click.ClickException(str(error)) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        # openpyxl's complaints about a file that is not a workbook are ValueErrors or KeyErrors.
        raise click.ClickException(
            f"{file}: il file non si legge come CSV o XLSX ({error}); nessuna modifica"
        ) from None
    try:
        result = store_actuals(
            plan, year or plan.period_start or 0, read, source, f"cli:{getpass.getuser()}",
            refuse_errors=True,
        )  # fmt: skip
    except ActualsRefused as refusal:
        for d in refusal.errors:
            click.echo(f"{file.name}:{d.line}: {d.severity} [{d.code}] {d.message}")
        raise click.ClickException(str(refusal)) from None
    table = Table(title=f"{file.name}: {plan.title}", show_header=False)
    for label, count in result.totals.items():
        table.add_row(label, str(count))
    console.print(table)
    for d in result.diagnostics:
        click.echo(f"{file.name}:{d.line}: {d.severity} [{d.code}] {d.message}")


def binary_source(path: Path) -> SourceFile:
    """An XLSX file as a source document: its name and digest (it has no text lines)."""
    data = path.read_bytes()
    return SourceFile(name=path.name, text="", sha256=hashlib.sha256(data).hexdigest())


@performance.command()
@click.option("--year", type=int, help="Year of the scores (default: the plan's year).")
@click.option("--plan-year", type=int, help="Year of the plan (default: the latest).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print structures' and managers' scores as JSON."
)
def scores(year: int | None, plan_year: int | None, as_json: bool) -> None:
    """Each structure's weighted score and each manager's result, marked when incomplete."""
    plan = plan_or_exit(plan_year)
    data = scores_summary(plan, year or plan.period_start or 0)
    if as_json:
        echo_json(data)
        return
    table = Table("struttura", "dirigente", "punteggio", "completo")
    for row in data["structures"]:
        table.add_row(
            row["structure"], row["manager"], row["score"] or "", "sì" if row["complete"] else "no"
        )
    console.print(table)


@performance.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Year of the scores (default: the plan's year).")
@click.option("--plan-year", type=int, help="Year of the plan (default: the latest).")
def export(output: Path, year: int | None, plan_year: int | None) -> None:
    """Write the assignment matrix and the managers' scorecards to an XLSX workbook."""
    plan = plan_or_exit(plan_year)
    write_workbook(plan, year or plan.period_start or 0, output)
    console.print(f"Scritto {output}")


@performance.command("validate-scores")
@click.option("--plan", "plan_code", required=True, help="The plan's code (e.g. 2024).")
@click.option("--ente", "ente_code", help="The ente's code, when several enti have the plan.")
@click.option("--year", type=int, help="Year of the scores (default: the plan's year).")
@click.option("--user", "username", required=True, help="The valutatore (OIV / Nucleo) validating.")
@click.option("--note", default="", help="The valutatore's note, kept with the validation.")
def validate_scores_command(
    plan_code: str, ente_code: str | None, year: int | None, username: str, note: str
) -> None:
    """Record that the valutatore validated the plan's scores of the year (digest, audit).

    Refused unless USERNAME is a valutatore of the plan's ente. Scores that change
    afterwards (new actual values) make the validation stale until validated again.
    """
    ensure_schema()
    plans = Plan.objects.filter(kind=Plan.Kind.PERFORMANCE, code=plan_code).select_related("ente")
    if ente_code:
        plans = plans.filter(ente__code=ente_code)
    found = list(plans[:2])
    if len(found) != 1:
        raise click.ClickException(
            f"piano della performance «{plan_code}» "
            + ("non trovato" if not found else "di più enti: indicare --ente")
        )
    plan = found[0]
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"utente «{username}» non trovato")
    year = year or plan.period_start or 0
    try:
        validate_scores(user, plan, year, note)
    except (PermissionRefused, ScoresNotValidatable) as error:
        raise click.ClickException(str(error)) from None
    console.print(validation_state(plan, year).label)
