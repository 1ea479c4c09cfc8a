"""The assignment matrix, the validation report and the scorecards as an XLSX workbook."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook

from cruscotto.core import xlsx
from cruscotto.core.models import Person
from cruscotto.plans.models import Plan

from .labels import rule_kind_label, slot_label, weight_source_label
from .reports import (
    SLOTS,
    Scorecard,
    assignment_matrix,
    scorecard,
    scorecards,
    scores_summary,
    validation_report,
)
from .scorecards import AssignmentView


def build_workbook(plan: Plan, year: int) -> Workbook:
    """Return a workbook with the sheets Assegnazioni, Validazione, Punteggi and Schede."""
    matrix = xlsx.Sheet(
        "Assegnazioni",
        ["Struttura", "Dirigente", *(slot_label(slot) for slot in SLOTS)],
        freeze_header=False,
    )
    for row in assignment_matrix(plan):
        matrix.append([row.structure, row.manager, *(describe(cell) for cell in row.cells)])
    validation = xlsx.Sheet("Validazione", ["Struttura", "Totale dichiarato", "Somma pesi noti",
                       "Pesi non noti", "Non multipli di 5", "Obiettivi comuni mancanti"],
                       freeze_header=False)  # fmt: skip
    for report in validation_report(plan):
        validation.append([
            report.structure, report.declared_total, report.known_sum, len(report.unknown),
            len(report.not_multiple_of_5), ", ".join(map(str, report.missing_common_objectives)),
        ])  # fmt: skip
    scores = xlsx.Sheet(
        "Punteggi", ["Struttura", "Dirigente", f"Punteggio {year}", "Completo"], freeze_header=False
    )
    summary = scores_summary(plan, year)
    for row in summary["structures"]:
        scores.append(
            [
                row["structure"],
                row["manager"],
                as_number(row["score"]),
                "sì" if row["complete"] else "no",
            ]
        )
    cards = xlsx.Sheet("Schede", SCORECARD_HEADER, freeze_header=False)
    for card in scorecards(plan, year):
        add_scorecard_rows(cards, card)
    return xlsx.build_workbook([matrix, validation, scores, cards])


SCORECARD_HEADER = [
    "Dirigente", "Struttura", "Obiettivo", "Peso", "Provenienza del peso", "Valore",
    "Regola", "Fascia o motivo", "Punteggio",
]  # fmt: skip


def add_scorecard_rows(sheet: xlsx.Sheet, card: Scorecard) -> None:
    """One row per objective of each structure the manager holds, then the structure's score."""
    for structure, objectives in card.structures:
        code = structure.org_unit.code if structure.org_unit else ""
        for score in objectives:
            why = score.explanation
            sheet.append([
                card.person.name, code, score.objective.code if score.objective else "",
                why.get("weight"), weight_source_label(str(why.get("weight_source", ""))),
                as_number(why.get("value")), rule_kind_label(str(why.get("rule") or "")),
                why.get("band") or why.get("reason"), None if score.score is None else float(score.score),
            ])  # fmt: skip
        sheet.append([
            card.person.name, code, "totale struttura", None, None, None, None,
            "completo" if structure.complete else "incompleto", float(structure.score or 0),
        ])  # fmt: skip
    if card.result is not None:
        sheet.append([
            card.person.name, "", "risultato del dirigente", None, None, None, None,
            "completo" if card.result.complete else "incompleto", float(card.result.score or 0),
        ])  # fmt: skip


def as_number(value: object) -> object:
    """A value the explanation keeps as text ("12.5") as a number, so that the spreadsheet
    shows it in the reader's own format; anything else as it is."""
    if isinstance(value, str):
        try:
            return float(Decimal(value))
        except InvalidOperation:
            return value
    return value


def build_scorecard_workbook(plan: Plan, year: int, person: Person) -> Workbook:
    """Return a manager's scorecard as a one-sheet workbook."""
    sheet = xlsx.Sheet("Scheda", SCORECARD_HEADER, freeze_header=False)
    add_scorecard_rows(sheet, scorecard(plan, year, person))
    return xlsx.build_workbook([sheet])


def describe(cell: AssignmentView | None) -> str:
    """ "21 (15, letto)": the objective's Id, its weight ("?" when unknown) and its provenance."""
    if cell is None:
        return ""
    weight = "?" if cell.weight is None else str(cell.weight)
    return f"{cell.objective_id} ({weight}, {weight_source_label(cell.weight_source)})"


def write_workbook(plan: Plan, year: int, path: Path) -> None:
    build_workbook(plan, year).save(path)
