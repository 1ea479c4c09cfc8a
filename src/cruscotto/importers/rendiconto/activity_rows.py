"""Read one line of the activity table into a typed row, repairing shifted rows.

The table has eight columns: Rif linee CC | DUP SeO | Impatto | Attività da conseguire
| Stato dell'obiettivo | Dipartimento | Azioni e attività effettuate | Codice
Indicatore. Page breaks and merged cells of the PDF leave rows that fill only some
columns; the row's *kind* says how it relates to the rows above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from .departments import DepartmentDirectory
from .indicator_codes import read_indicator_codes
from .vocabulary import LETTER_PATTERN, looks_like_impacts, looks_like_references, read_status

COLUMNS = 8
_NUMERIC_CELL = re.compile(
    r"^(?:[-–]|N\.?\s?D\.?|[<>≥≤~]?\s*[€]?\s*[\d][\d.,]*\s*(?:%|€)?(?:\s*/\s*[\d.,]+)?)$"
)
_YEAR_CELL = re.compile(r"^20[2-3]\d$")
_LOG_START = re.compile(r"^(?:<p>|<ul)?\s*20\d\d\b")


class RowKind(StrEnum):
    HEADER = "header"  # the repeated column header
    ACTIVITY = "activity"  # opens an activity, or a page-split fragment of one
    DEPARTMENT = "department"  # only department (status, actions, codes): the activity above
    LOG = "log"  # only actions (and codes): continues the actions of the row above
    TEXT = "text"  # only the activity text: continues the text of the activity above
    EMPTY = "empty"


@dataclass
class ActivityRow:
    line: int
    kind: RowKind
    references: str = ""
    letter: str = ""
    impacts: str = ""
    text: str = ""
    status: str = ""
    department: str = ""
    log: str = ""
    codes: str = ""


_CELL_FIELDS = [field.name for field in fields(ActivityRow)][2:]


def looks_like_indicator_row(cells: list[str]) -> bool:
    """Whether a row of the activity section is really a result-indicator row.

    A result table pasted in the activity layout has years or numbers where the
    activity table has status, department and actions (e.g. "Sicurezza della Città |
    Presidio territorio | N° turni … | 17.037 | 15.547 | …").
    """
    if fold_text(cells[0]) == "RIF LINEE CC":
        return False
    years = sum(1 for cell in cells if _YEAR_CELL.match(cell))
    numbers = sum(1 for cell in cells[3:] if cell and _NUMERIC_CELL.match(cell))
    return years >= 3 or numbers >= 3


def read_activity_row(
    line: int, cells: list[str], directory: DepartmentDirectory, diagnostics: list[Diagnostic]
) -> ActivityRow:
    """Return the row with its cells in the right columns and its kind."""
    cells = _fit_columns(line, cells, diagnostics)
    if fold_text(cells[0]) == "RIF LINEE CC":
        return ActivityRow(line, RowKind.HEADER)
    if _is_shifted_left(cells):
        cells = ["", *cells[: COLUMNS - 1]]
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "shifted_row",
                f"riga spostata a sinistra di una colonna: letta come attività «{cells[1]}»",
            )
        )
    row = ActivityRow(line, RowKind.EMPTY, *cells)
    if _has_scattered_cells(row):
        row = _reassign_scattered_cells(row, directory, diagnostics)
    row.kind = _kind_of(row, diagnostics)
    return row


def _fit_columns(line: int, cells: list[str], diagnostics: list[Diagnostic]) -> list[str]:
    extra = [cell for cell in cells[COLUMNS:] if cell]
    if extra:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "extra_cells",
                f"celle oltre l'ottava colonna ignorate: {' | '.join(extra)[:120]}",
            )
        )
    return (cells + [""] * COLUMNS)[:COLUMNS]


def _is_shifted_left(cells: list[str]) -> bool:
    """ "f | Economico | Potenziare … | In corso | … | <actions> | (empty)": no Rif cell."""
    letter_first = bool(LETTER_PATTERN.match(cells[0].lower())) and not looks_like_references(
        cells[0]
    )
    return (
        letter_first and bool(cells[1]) and looks_like_impacts(cells[1]) and not cells[COLUMNS - 1]
    )


def _has_scattered_cells(row: ActivityRow) -> bool:
    """A continuation row (no letter, no text) with something else than impacts in Impatto."""
    no_activity = not row.references.strip("-– ") and not row.letter and not row.text
    return no_activity and bool(row.impacts) and not looks_like_impacts(row.impacts)


def _reassign_scattered_cells(
    row: ActivityRow, directory: DepartmentDirectory, diagnostics: list[Diagnostic]
) -> ActivityRow:
    """Put back in their columns the cells of a continuation row printed out of place.

    "| | Transizione Ecologica, … | | | 2022 Riqualificazione … | o.2 o.3 |": each
    cell is recognised by what it holds — a status, indicator codes, a department the
    document prints elsewhere, or the actions (starting with a year, or long).
    """
    values = [getattr(row, name) for name in _CELL_FIELDS[2:] if getattr(row, name)]
    placed: dict[str, str] = {}
    for value in values:
        slot = _slot_for(value, directory)
        if slot in placed:
            diagnostics.append(
                Diagnostic(
                    row.line,
                    Severity.ERROR,
                    "unreadable_row",
                    "riga con celle fuori posto che non si possono ricollocare: ignorata",
                )
            )
            return ActivityRow(row.line, RowKind.EMPTY)
        placed[slot] = value
    diagnostics.append(
        Diagnostic(
            row.line,
            Severity.WARNING,
            "shifted_row",
            "riga con celle fuori posto (es. un dipartimento nella colonna Impatto): letta come "
            + ", ".join(f"{slot}={value[:40]!r}" for slot, value in placed.items()),
        )
    )
    return ActivityRow(
        row.line, RowKind.EMPTY, references=row.references, letter=row.letter, **placed
    )


def _slot_for(value: str, directory: DepartmentDirectory) -> str:
    if read_status(value) is not None:
        return "status"
    readings = read_indicator_codes(value, "")
    if readings and all(reading.code for reading in readings):
        return "codes"
    if directory.knows(value) or (len(value) < 100 and not _LOG_START.match(value)):
        return "department"
    return "log"


def _kind_of(row: ActivityRow, diagnostics: list[Diagnostic]) -> RowKind:
    if row.letter or row.impacts or row.text:
        others = (row.letter, row.impacts, row.status, row.department, row.log, row.codes)
        only_text = not any(others) and not row.references.strip("-– ")
        return RowKind.TEXT if only_text else RowKind.ACTIVITY
    if row.department:
        return RowKind.DEPARTMENT
    if row.log or row.codes:
        if row.status:
            diagnostics.append(
                Diagnostic(
                    row.line,
                    Severity.WARNING,
                    "status_without_department",
                    f"stato «{row.status}» senza dipartimento: le azioni sono unite alla riga precedente",
                )
            )
        return RowKind.LOG
    if row.status:
        diagnostics.append(
            Diagnostic(
                row.line,
                Severity.WARNING,
                "status_without_department",
                f"riga con il solo stato «{row.status}»: ignorata",
            )
        )
    return RowKind.EMPTY
