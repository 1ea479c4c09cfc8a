"""The report as a workbook: one sheet per table kind, one row per record, with the
Missione and Programma on every row so that each sheet can be filtered and pivoted.
Indicator values are given as printed and, beside them, as read (a number, empty when
the document gives none)."""

from __future__ import annotations

from decimal import Decimal

from cruscotto.core.xlsx import Sheet, workbook_bytes
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
COLUMN_WIDTHS = [28, 28, 14, 10, 18, 60, 14, 30, 80, 14]


def as_number(value: Decimal | None) -> int | Decimal | None:
    """The value as read, as a spreadsheet number (a whole number without decimals); None
    when the document gives none (N.D., "-", text)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def render_xlsx(report: StrategicControlReport) -> bytes:
    preface = Sheet("Premessa", freeze_header=False)
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
    headers = {title: list(header) for title, header in SHEETS.items()}
    headers["Attività"][5] = report.todo_label
    headers["Linee programmatiche"][2] = report.groups_heading
    sheets = {
        title: Sheet(title, header, column_widths=COLUMN_WIDTHS, wrap_rows=True)
        for title, header in headers.items()
    }
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
    return workbook_bytes([preface, *sheets.values()])
