"""The report as a workbook: one sheet per table kind, one row per record, with the
Missione and Programma on every row so that each sheet can be filtered and pivoted.
Indicator values are given as printed and, beside them, as read (a number, empty when
the document gives none)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cruscotto.reports.services.controllo_strategico import StrategicControlReport

GROUPS_COLUMN = "Area tematica del mandato"  # headed with the document's own name for them
SHEETS = {
    "Linee programmatiche": ["Missione", "Programma", GROUPS_COLUMN, "n°", "Testo", "Obiettivi Agenda 2030", "Missioni PNRR"],
    "Attività": [
        "Missione", "Programma", "Rif linee CC", "DUP SeO", "Impatto", "Attività da conseguire",
        "Stato dell'obiettivo", "Dipartimento", "Azioni e attività effettuate", "Codice Indicatore",
    ],
    "Indicatori": [
        "Missione", "Programma", "Tabella", "Codice Indicatore", "Area / Prodotto", "Indicatore", "Serie", "Anno",
        "Valore come stampato", "Valore", "Tipo di valore",
    ],
}  # fmt: skip


def as_number(value: Decimal | None) -> int | Decimal | None:
    """The value as read, as a spreadsheet number (a whole number without decimals); None
    when the document gives none (N.D., "-", text)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _start_sheet(sheet: Worksheet, header: list[str]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def render_xlsx(report: StrategicControlReport) -> bytes:
    workbook = Workbook()
    preface = workbook.active
    assert preface is not None
    preface.title = "Premessa"
    preface.append([report.ente.name, report.title])
    preface.append(["Esercizio", report.year])
    preface.append(["Mandato", report.mandate_label])
    preface.append([])
    preface.append([report.groups_heading, "Descrizione"])
    for term in report.groups:
        preface.append([term.name, term.description])
    if report.front_matter:
        preface.append([])
        preface.append(["Copertina e premessa del documento"])
        for paragraph in report.front_matter:
            preface.append(["", paragraph.replace("**", "")])
    sheets = {}
    for title, header in SHEETS.items():
        sheets[title] = workbook.create_sheet(title)
        _start_sheet(sheets[title], header)
    sheets["Attività"].cell(row=1, column=6, value=report.todo_label)
    sheets["Linee programmatiche"].cell(row=1, column=3, value=report.groups_heading)
    for p in report.programmi:
        missione, programma = f"{p.missione_code} {p.missione_title}", f"{p.code} {p.title}"
        for line in p.mandate_lines:
            sheets["Linee programmatiche"].append(
                [
                    missione,
                    programma,
                    line.group,
                    int(line.number) if line.number.isdigit() else line.number,
                    line.text,
                    "; ".join(line.sdgs),
                    "; ".join(line.pnrr),
                ]
            )
        for activity in p.activities:
            for index, row in enumerate(activity.rows or [None]):
                log = "\n".join(f"{e.years} {e.text}".strip() for e in row.log) if row else ""
                if index == 0 and activity.concluded:
                    log = f"{activity.text}\n{log}".strip()
                sheets["Attività"].append(
                    [
                        missione, programma, activity.references, activity.letter, activity.impacts,
                        "" if activity.concluded else activity.text,
                        row.status if row else "", "\n".join(row.departments) if row else "", log, activity.indicator_codes,
                    ]
                )  # fmt: skip
        for table in p.tables:
            for indicator in table.rows:
                for year in table.years:
                    if year in indicator.cells:
                        sheets["Indicatori"].append(
                            [
                                missione, programma, table.title, indicator.code, " / ".join(indicator.group_path),
                                indicator.printed_name, indicator.series, year, indicator.cells[year],
                                as_number(indicator.values.get(year)), indicator.value_types.get(year, ""),
                            ]
                        )  # fmt: skip
    for sheet in sheets.values():
        for column, width in zip(
            "ABCDEFGHIJ", [28, 28, 14, 10, 18, 60, 14, 30, 80, 14], strict=False
        ):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_sheets(sheets: dict[str, list[list[str]]]) -> bytes:
    """A workbook with one sheet per entry, its first row as the header; every cell is
    written as text, so that what a sheet says is read back exactly as written."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        if not rows:
            continue
        _start_sheet(sheet, rows[0])
        for row in rows[1:]:
            sheet.append(row)
        for cell_row in sheet.iter_rows(min_row=1):
            for cell in cell_row:
                cell.number_format = "@"  # text: "01.02" and "2021" stay as written
        for index, _ in enumerate(rows[0]):
            sheet.column_dimensions[get_column_letter(index + 1)].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
