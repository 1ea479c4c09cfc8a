"""`cruscotto performance …`: assignments, validation report, actual values, scores and
their validation by the valutatore.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from cruscotto.loaders.common import SourceFile
    from cruscotto.plans.models import Plan

console = Console(stderr=True)


def plan_or_exit(year: int | None) -> Plan:
    from cruscotto.core.services.schema import ensure_schema
    from cruscotto.performance.services.scorecards import find_plan

    ensure_schema()
    try:
        return find_plan(year)
    except LookupError as error:
        raise click.ClickException(f"{error}: importarlo con `cruscotto import FILE`") from None


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
def performance() -> None:
    """Piano della performance: assegnazioni, pesi, verifica, valori consuntivi e punteggi."""


YEAR_OPTION = click.option("--year", type=int, help="Anno del piano (predefinito: l'ultimo).")


@performance.command()
@YEAR_OPTION
@click.option("--structure", help="Solo questo codice di struttura (es. UC1).")
@click.option(
    "--json", "as_json", is_flag=True, help="Stampa una lista JSON (chiavi in docs/formats.md)."
)
def assignments(year: int | None, structure: str | None, as_json: bool) -> None:
    """Elenca gli obiettivi di ogni struttura per posizione, con peso, provenienza e valori possibili."""
    from cruscotto.performance.services.labels import slot_label, weight_source_label
    from cruscotto.performance.services.scorecards import list_assignments

    views = list_assignments(plan_or_exit(year))
    if structure:
        views = [v for v in views if v.structure == structure.upper()]
    if as_json:
        echo_json([v.as_json() for v in views])
        return
    table = Table("struttura", "posizione", "obiettivo", "peso", "provenienza", "valori possibili")
    for v in views:
        table.add_row(v.structure, slot_label(v.slot), str(v.objective_id), "" if v.weight is None else str(v.weight),
                      weight_source_label(v.weight_source), " ".join(map(str, v.candidates)))  # fmt: skip
    console.print(table)


@performance.command()
@YEAR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Stampa il resoconto come JSON.")
def validate(year: int | None, as_json: bool) -> None:
    """Per struttura: totale dichiarato, somma dei pesi noti, pesi non noti, obiettivi comuni mancanti."""
    from cruscotto.performance.services.reports import validation_report

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
@click.option(
    "--year", type=int, help="Anno a cui si riferiscono i valori (predefinito: l'anno del piano)."
)
@click.option("--plan-year", type=int, help="Anno del piano (predefinito: l'ultimo).")
def actuals(file: Path, year: int | None, plan_year: int | None) -> None:
    """Carica i valori consuntivi di un anno (CSV o XLSX: obiettivo, struttura, valore) e calcola i punteggi.

    Un obiettivo di Ente ha un solo valore, con la struttura vuota (o «Tutte»), che
    vale per ogni struttura. I valori precedenti dello stesso anno sono sostituiti.
    Un file che non si legge, o con un errore, è rifiutato per intero: uscita 1,
    nulla salvato, nessun punteggio ricalcolato.
    """
    from cruscotto.importers.performance_actuals import read_actuals
    from cruscotto.loaders.common import ImportFailed, SourceFile
    from cruscotto.loaders.performance_actuals import ActualsRefused, store_actuals

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
    from cruscotto.loaders.common import SourceFile

    data = path.read_bytes()
    return SourceFile(name=path.name, text="", sha256=hashlib.sha256(data).hexdigest())


@performance.command()
@click.option("--year", type=int, help="Anno dei punteggi (predefinito: l'anno del piano).")
@click.option("--plan-year", type=int, help="Anno del piano (predefinito: l'ultimo).")
@click.option(
    "--json", "as_json", is_flag=True, help="Stampa i punteggi di strutture e dirigenti come JSON."
)
def scores(year: int | None, plan_year: int | None, as_json: bool) -> None:
    """Il punteggio pesato di ogni struttura e il risultato di ogni dirigente, segnalati se incompleti."""
    from cruscotto.performance.services.reports import scores_summary

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
@click.option("--year", type=int, help="Anno dei punteggi (predefinito: l'anno del piano).")
@click.option("--plan-year", type=int, help="Anno del piano (predefinito: l'ultimo).")
def export(output: Path, year: int | None, plan_year: int | None) -> None:
    """Scrive la matrice delle assegnazioni e le schede dei dirigenti in una cartella XLSX."""
    from cruscotto.performance.services.exports import write_workbook

    plan = plan_or_exit(plan_year)
    write_workbook(plan, year or plan.period_start or 0, output)
    console.print(f"Scritto {output}")


@performance.command("validate-scores")
@click.option("--plan", "plan_code", required=True, help="Il codice del piano (es. 2024).")
@click.option("--ente", "ente_code", help="Il codice dell'ente, quando più enti hanno il piano.")
@click.option("--year", type=int, help="Anno dei punteggi (predefinito: l'anno del piano).")
@click.option("--user", "username", required=True, help="Il valutatore (OIV / Nucleo) che valida.")
@click.option("--note", default="", help="La nota del valutatore, conservata con la validazione.")
def validate_scores_command(
    plan_code: str, ente_code: str | None, year: int | None, username: str, note: str
) -> None:
    """Registra che il valutatore ha validato i punteggi dell'anno del piano (impronta, registro).

    Rifiutato se USERNAME non è un valutatore dell'ente del piano. Punteggi che cambiano
    dopo (nuovi valori consuntivi) rendono superata la validazione finché non è ripetuta.
    """
    from django.contrib.auth import get_user_model

    from cruscotto.accounts.services.permissions import PermissionRefused
    from cruscotto.core.services.schema import ensure_schema
    from cruscotto.performance.services.score_validation import (
        ScoresNotValidatable,
        validate_scores,
        validation_state,
    )
    from cruscotto.plans.models import Plan

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
