"""A plan from a spreadsheet: the documented template any ente can fill (see template.py).

`read_xlsx` / `read_csv_files` turn the file's bytes into a `Workbook` of text cells;
`parse_workbook` turns it into typed records and diagnostics. Both pure.
"""

from __future__ import annotations

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.spreadsheet_template import SHEETS, sheet_template
from cruscotto.importers.spreadsheet_plan.parse import parse_workbook
from cruscotto.importers.spreadsheet_plan.records import SpreadsheetPlan
from cruscotto.importers.spreadsheet_plan.workbook import (
    RENDERING_TITLE,
    UnreadableWorkbook,
    Workbook,
    read_csv_files,
    read_xlsx,
    render_text,
)


def looks_like_spreadsheet_plan(text: str) -> bool:
    """Whether `text` is the rendering of a workbook (what an imported spreadsheet stores)."""
    return text.startswith(RENDERING_TITLE)


def parse_spreadsheet_text(text: str) -> SpreadsheetPlan:
    """A text is not a spreadsheet: its cells are in the file, which `parse_workbook` reads."""
    return SpreadsheetPlan(
        None,
        diagnostics=[
            Diagnostic(
                1,
                Severity.ERROR,
                "not_a_spreadsheet",
                "non è un foglio di calcolo (XLSX o CSV) del modello di piano",
            )  # fmt: skip
        ],
    )


__all__ = [
    "SHEETS",
    "SpreadsheetPlan",
    "UnreadableWorkbook",
    "Workbook",
    "looks_like_spreadsheet_plan",
    "parse_spreadsheet_text",
    "parse_workbook",
    "read_csv_files",
    "read_xlsx",
    "render_text",
    "sheet_template",
]
