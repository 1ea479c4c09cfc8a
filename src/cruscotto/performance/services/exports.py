"""The assignment matrix, the validation report and the scorecards as an XLSX workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from cruscotto.plans.models import Plan

from .reports import SLOTS, assignment_matrix, scores_summary, validation_report
from .scorecards import AssignmentView


def build_workbook(plan: Plan, year: int) -> Workbook:
    """Return a workbook with the sheets Assegnazioni, Validazione and Punteggi."""
    workbook = Workbook()
    matrix = workbook.active
    assert matrix is not None
    matrix.title = "Assegnazioni"
    matrix.append(["Struttura", "Dirigente", *SLOTS])
    for row in assignment_matrix(plan):
        matrix.append([row.structure, row.manager, *(describe(cell) for cell in row.cells)])
    validation = workbook.create_sheet("Validazione")
    validation.append(["Struttura", "Totale dichiarato", "Somma pesi noti", "Pesi non noti",
                       "Non multipli di 5", "Obiettivi comuni mancanti"])  # fmt: skip
    for report in validation_report(plan):
        validation.append([
            report.structure, report.declared_total, report.known_sum, len(report.unknown),
            len(report.not_multiple_of_5), ", ".join(map(str, report.missing_common_objectives)),
        ])  # fmt: skip
    scores = workbook.create_sheet("Punteggi")
    summary = scores_summary(plan, year)
    scores.append(["Struttura", "Dirigente", f"Punteggio {year}", "Completo"])
    for row in summary["structures"]:
        scores.append(
            [row["structure"], row["manager"], row["score"], "sì" if row["complete"] else "no"]
        )
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return workbook


def describe(cell: AssignmentView | None) -> str:
    """ "21 (15, read)": the objective's Id, its weight ("?" when unknown) and its provenance."""
    if cell is None:
        return ""
    weight = "?" if cell.weight is None else str(cell.weight)
    return f"{cell.objective_id} ({weight}, {cell.weight_source})"


def write_workbook(plan: Plan, year: int, path: Path) -> None:
    build_workbook(plan, year).save(path)
