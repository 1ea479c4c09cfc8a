"""A spreadsheet as plain text cells: an XLSX workbook or a set of CSV files, one per sheet.

Pure: bytes in, `Workbook` out. Every cell becomes the text a person reads in it
(numbers with the Italian decimal comma, percentages with "%", dates as dd/mm/yyyy),
so the plan's parser reads a value as written, whatever the file type. A workbook
also has a text rendering (`render_text`), stored as the document's source text:
a diagnostic's line points at the sheet row it is about.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal


class UnreadableWorkbook(ValueError):
    """The bytes are not a workbook (nor CSV text) that can be read."""

    def __init__(self, message: str, sheet: str = "", line: int = 0):
        super().__init__(message)
        self.sheet = sheet  # the CSV file's sheet, where one is at fault
        self.line = line


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # row 1 first; cells as text, "" when empty
    # Ranges of merged cells in the header row ("B1:C1"): a column whose name is lost.
    merged_header_ranges: list[str] = field(default_factory=list)


@dataclass
class Workbook:
    sheets: list[Sheet]
    # The line of `render_text` that shows each (sheet name, row number).
    lines: dict[tuple[str, int], int] = field(default_factory=dict)

    def line_of(self, sheet: str, row: int) -> int:
        return self.lines.get((sheet, row), 1)


def format_cell(value: object, number_format: str = "General") -> str:
    """The text a spreadsheet cell shows, as an Italian reads it: 1234.5 → "1234,5",
    0.125 formatted as a percentage → "12,5%", a date → "31/12/2024"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sì" if value else "No"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        percent = "%" in number_format
        if percent:
            number *= 100
        text = (
            format(number.normalize(), "f")
            if number != number.to_integral_value()
            else str(int(number))
        )
        return text.replace(".", ",") + ("%" if percent else "")
    return str(value).strip()


def read_xlsx(data: bytes) -> Workbook:
    """Return the sheets of an XLSX workbook, cells as text; raises UnreadableWorkbook."""
    # openpyxl's workbook (its styles' tables) is imported by the one function that reads a
    # workbook: every loader imports this module, most commands never read one (bench/startup.py).
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableWorkbook(f"non è una cartella di lavoro XLSX leggibile ({error})") from None
    sheets = []
    for worksheet in book.worksheets:
        rows = [
            [format_cell(cell.value, cell.number_format) for cell in row]
            for row in worksheet.iter_rows()
        ]
        merged = [
            str(cell_range)
            for cell_range in worksheet.merged_cells.ranges
            if cell_range.min_row == 1 and cell_range.max_col > cell_range.min_col
        ]
        sheets.append(Sheet(worksheet.title, trim(rows), sorted(merged)))
    return with_lines(Workbook(sheets))


def read_csv_files(files: dict[str, bytes]) -> Workbook:
    """Return one sheet per CSV file (name → bytes; the sheet is named after the file).

    UTF-8 (with or without BOM); ";" or "," separated, whichever the header uses more
    (Italian spreadsheets export with ";" because "," is the decimal comma).
    """
    sheets = []
    for name, data in files.items():
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UnreadableWorkbook("il file non è testo UTF-8", name, line) from None
        header = text.split("\n", 1)[0]
        delimiter = ";" if header.count(";") >= header.count(",") else ","
        rows = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
        sheets.append(Sheet(name, trim(rows)))
    return with_lines(Workbook(sheets))


def trim(rows: list[list[str]]) -> list[list[str]]:
    """The rows without the empty cells at their end and the empty rows at the sheet's end."""
    trimmed = []
    for row in rows:
        while row and not row[-1]:
            row = row[:-1]
        trimmed.append(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


RENDERING_TITLE = "Cartella di lavoro (fogli e righe come nel file)"


def sheet_heading(name: str) -> str:
    return f"=== foglio «{name}» ==="


def with_lines(workbook: Workbook) -> Workbook:
    """The workbook with the line of its text rendering where each sheet row is."""
    line = 1  # the title
    for sheet in workbook.sheets:
        line += 1  # the sheet's heading
        for number in range(1, len(sheet.rows) + 1):
            line += 1
            workbook.lines[(sheet.name, number)] = line
    return workbook


def render_text(workbook: Workbook) -> str:
    """The workbook as text: a heading per sheet, then each row numbered as in the sheet,
    its cells separated by tabs (as the converted PDF documents print their tables)."""
    lines = [RENDERING_TITLE]
    for sheet in workbook.sheets:
        lines.append(sheet_heading(sheet.name))
        lines.extend(f"{number}\t" + "\t".join(row) for number, row in enumerate(sheet.rows, 1))
    return "\n".join(lines) + "\n"


def column_letter(index: int) -> str:
    """The spreadsheet's name of the 0-based column `index`: 0 → "A"."""
    from openpyxl.utils import get_column_letter  # openpyxl on first use (see read_xlsx)

    return get_column_letter(index + 1)
