"""Actual values of a year, read from a CSV or XLSX file keyed by objective Id and structure.

The file has a header row with the columns `obiettivo` (the Id), `struttura`
(the code; empty, "Tutte" or "Ente" for an Ente-wide objective) and `valore`
(an Italian number, a percentage, euros, or Si/No). Pure: bytes in, records and
diagnostics out; the loader that stores them is
`loaders.performance_actuals.store_actuals`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import ascii_int
from cruscotto.importers.cell_values import parse_cell
from cruscotto.importers.performance_plan.structures import normalise_code

COLUMNS = {"obiettivo": "objective", "id": "objective", "struttura": "structure", "valore": "value"}
ENTE_WIDE = {"", "tutte", "ente", "*"}


@dataclass(frozen=True)
class ActualRecord:
    line: int
    objective_id: int
    structure: str  # normalised code; "" for an Ente-wide value
    value: Decimal | None
    as_printed: str


@dataclass
class ActualsFile:
    records: list[ActualRecord]
    diagnostics: list[Diagnostic]


def read_actuals(path: Path) -> ActualsFile:
    """Return the values of a CSV or XLSX file (by extension) and what could not be read."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = read_xlsx_rows(path.read_bytes())
    else:
        rows = read_csv_rows(path.read_bytes().decode("utf-8-sig"))
    return read_rows(rows)


def read_csv_rows(text: str) -> list[list[str]]:
    """Return the rows of a CSV file; Italian spreadsheets export with ";"."""
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    )
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_xlsx_rows(data: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return [
        ["" if cell is None else format_cell(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def format_cell(value: object) -> str:
    """Return a spreadsheet value as text the cell parser reads (Italian decimal comma)."""
    if isinstance(value, float):
        return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def read_rows(rows: list[list[str]]) -> ActualsFile:
    diagnostics: list[Diagnostic] = []
    if not rows:
        return ActualsFile([], [Diagnostic(1, Severity.ERROR, "actuals_empty", "il file è vuoto")])
    header = [COLUMNS.get(cell.strip().lower(), "") for cell in rows[0]]
    missing = {"objective", "value"} - set(header)
    if missing:
        return ActualsFile(
            [],
            [Diagnostic(1, Severity.ERROR, "actuals_header",
                        "servono le colonne «obiettivo», «struttura» e «valore»")],
        )  # fmt: skip
    records = []
    for line, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        if not any(cells.values()):
            continue
        record = read_record(line, cells, diagnostics)
        if record is not None:
            records.append(record)
    return ActualsFile(records, diagnostics)


def read_record(
    line: int, cells: dict[str, str], diagnostics: list[Diagnostic]
) -> ActualRecord | None:
    objective = cells.get("objective", "")
    if ascii_int(objective) is None:
        diagnostics.append(
            Diagnostic(
                line, Severity.ERROR, "actuals_objective", f"Id obiettivo «{objective}» non valido"
            )
        )
        return None
    structure = cells.get("structure", "")
    code = "" if structure.lower() in ENTE_WIDE else normalise_code(structure.upper())
    printed = cells.get("value", "")
    cell = parse_cell(printed)
    value = cell.value  # "Si"/"No" read as 1/0
    if value is None:
        diagnostics.append(
            Diagnostic(line, Severity.WARNING, "actuals_value",
                       f"obiettivo {objective} {code or 'Ente'}: valore «{printed}» non leggibile; resta non misurato")
        )  # fmt: skip
    return ActualRecord(line, int(objective), code, value, printed)
