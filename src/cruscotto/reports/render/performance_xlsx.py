"""The piano della performance as a workbook: one sheet per table of the document, one row
per record, so that each sheet can be filtered and pivoted.

The matrix sheet writes its cells as the plan's own workbook does
(`performance.services.exports.describe`: "21 (15, letto)"); the other sheets
give every value a column of its own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from cruscotto.core.xlsx import Sheet, workbook_bytes
from cruscotto.performance.services.exports import describe
from cruscotto.performance.services.labels import weight_source_label

if TYPE_CHECKING:  # the kind's module imports this renderer
    from cruscotto.reports.services.performance import PerformanceDocument

SHEETS = {
    # The slot headings come from the document (SLOT_HEADINGS), between these columns.
    "Matrice": ["Dirigente", "Struttura", "Totale peso", "Somma pesi noti", "Pesi non noti"],
    "Assegnazioni": [
        "Dirigente", "Struttura", "Nome della struttura", "Obiettivo", "Id", "Peso",
        "Provenienza del peso", "Valori possibili", "Totale peso",
    ],
    "Target e regole": [
        "Id", "Struttura", "Strutture assegnatarie", "Obiettivo", "Note", "Target",
        "Modalità di calcolo", "Tipo di regola", "Regola letta", "Segnalazioni",
    ],
    "Valore pubblico": ["N.", "Obiettivo P.d.O. / P.d.P.", "Tipo Obiettivo", "Direzione",
                        "Dimensione valore pubblico", "Driver"],
    "Schede": [
        "Dirigente", "Struttura", "Obiettivo", "Id", "Peso", "Provenienza del peso",
        "Valori possibili", "Target", "Regola", "Valore", "Punteggio", "Punti", "Spiegazione",
    ],
    "Verifica": [
        "Struttura", "Totale dichiarato", "Somma pesi noti", "Assegnazioni", "Pesi non noti",
        "Valori possibili dei pesi non noti", "Non multipli di 5",
        "Obiettivi comuni mancanti", "Esito",
    ],
    # The code last, for scripts; a reader has the Italian label.
    "Segnalazioni": ["Riga", "Gravità", "Segnalazione", "Messaggio", "Codice"],
}  # fmt: skip
WIDE_COLUMNS = {"Obiettivo", "Obiettivo P.d.O. / P.d.P.", "Modalità di calcolo", "Regola letta",
                "Regola", "Messaggio", "Note", "Spiegazione", "Valori possibili dei pesi non noti"}  # fmt: skip


def number(value: Decimal | str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def render_performance_xlsx(document: PerformanceDocument) -> bytes:
    headers = {
        **SHEETS,
        "Matrice": [*SHEETS["Matrice"][:2], *document.slot_labels, *SHEETS["Matrice"][2:]],
        "Schede": [*SHEETS["Schede"][:9], f"Valore {document.year}", *SHEETS["Schede"][10:]],
    }
    sheets = {
        title: Sheet(
            title,
            header,
            column_widths=[60 if heading in WIDE_COLUMNS else 16 for heading in header],
            wrap_rows=True,
        )
        for title, header in headers.items()
    }
    for entry in document.matrix:
        row = entry.row
        sheets["Matrice"].append(
            [row.manager, row.structure_name, *(describe(cell) for cell in row.cells),
             entry.declared_total, entry.known_sum, entry.unknown]
        )  # fmt: skip
        for cell, label in entry.assignments:
            sheets["Assegnazioni"].append(
                [row.manager, row.structure, row.structure_name, label, cell.objective_id,
                 cell.weight, weight_source_label(cell.weight_source),
                 ", ".join(map(str, cell.candidates)),
                 entry.declared_total]
            )  # fmt: skip
    for objective in document.objectives:
        sheets["Target e regole"].append(
            [objective.objective_id, objective.structures_label, " ".join(objective.assigned_structures),
             objective.text, objective.note, objective.target, objective.rule_as_printed,
             objective.rule_kind_label, objective.rule_reading, "; ".join(objective.problem_labels)]
        )  # fmt: skip
        sheets["Valore pubblico"].append(
            [objective.objective_id, objective.text, objective.types_label,
             "Tutte" if objective.for_all_structures else " ".join(objective.value_matrix_structures),
             objective.dimension, " ".join(objective.drivers)]
        )  # fmt: skip
    for card in document.cards:
        for structure in card.structures:
            for o in structure.objectives:
                sheets["Schede"].append(
                    [card.name, structure.code, o.slot_label, o.objective_id, o.weight,
                     o.weight_source_label, ", ".join(map(str, o.candidates)), o.target,
                     o.rule_reading,
                     o.actual, o.score, number(o.points), o.explanation]
                )  # fmt: skip
            if document.has_actuals:
                status = "completo" if structure.complete else "incompleto"
                sheets["Schede"].append(
                    [card.name, structure.code, "totale struttura", None, structure.known_weight,
                     None, None, None, None, None, structure.score, None,
                     f"{status}: {structure.note}" if structure.note else status]
                )  # fmt: skip
        if document.has_actuals and card.person is not None:
            sheets["Schede"].append(
                [card.name, "", "risultato del dirigente", None, None, None, None, None, None,
                 None, card.result, None,
                 f"{'incompleto' if card.incomplete else 'completo'}: {card.result_formula}"]
            )  # fmt: skip
    for report, unknown, not_weights, outcome in document.validation_rows:
        sheets["Verifica"].append(
            [report.structure, report.declared_total, report.known_sum, report.assignments,
             len(report.unknown), unknown, not_weights,
             ", ".join(map(str, report.missing_common_objectives)), outcome]
        )  # fmt: skip
    for diagnostic, label in document.diagnostic_rows:
        sheets["Segnalazioni"].append(
            [
                diagnostic.line,
                diagnostic.get_severity_display(),
                label,
                diagnostic.message,
                diagnostic.code,
            ]
        )
    return workbook_bytes([cover_sheet(document), *sheets.values()])


def cover_sheet(document: PerformanceDocument) -> Sheet:
    """What the document is, its figures and the legend of the weights' provenance."""
    sheet = Sheet(
        "Piano", [document.ente.name, document.title], freeze_header=False, column_widths=[28, 60]
    )
    sheet.append(["Anno", document.year])
    sheet.append(["Documento importato", document.source_file])
    sheet.append(["Strutture", len(document.matrix)])
    sheet.append(["Dirigenti", document.managers])
    sheet.append(["Obiettivi", len(document.objectives)])
    sheet.append(["Assegnazioni", document.assignments])
    sheet.append([f"Valori consuntivi {document.year}", document.actual_values])
    if not document.has_actuals:
        sheet.append(
            ["", "Nessun valore consuntivo inserito: le schede sono quelle del piano pubblicato."]
        )
    sheet.append([])
    sheet.append(["Provenienza del peso", "Significato", "Assegnazioni"])
    for _, label, meaning, count in document.weight_source_rows:
        sheet.append([label, meaning, count])
    return sheet
