"""Split the report into the preface and one block per Missione / Programma.

A block holds, in order: "MISSIONE n: …", "PROGRAMMA m: …", "UNITÀ ORGANIZZATIVE
COINVOLTE: …" (possibly continued on the next line), "STAKEHOLDERS: …", the mandate-line
table ("<groups> | n° | Testo | …"), the activity table ("Rif linee CC | DUP SeO | …", header
repeated on every page) and indicator tables, each under an "INDICATORI …" heading.

Quirks handled here:
- headings glued on one line with Markdown bold (line 887: "MISSIONE 4: …**PROGRAMMA 4:
  …****UNITÀ ORGANIZZATIVE COINVOLTE:** …**STAKEHOLDERS:** …") are read as separate
  lines with the same line number;
- a "MISSIONE n" heading not followed by a PROGRAMMA continues the current programma,
  and a MISSIONE/PROGRAMMA heading repeated after a page break resumes the programma
  already open: the same programma is never created twice;
- result-indicator rows pasted in the activity layout, without an "INDICATORI"
  heading, are cut out and read as an indicator table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..records import MandateGroupRecord, ProgrammaRecord
from .activities import ActivityTableReader
from .activity_rows import looks_like_indicator_row, read_activity_row
from .departments import DepartmentDirectory
from .indicator_codes import check_indicator_codes
from .indicator_tables import parse_indicator_table
from .mandate_lines import is_mandate_header, parse_mandate_table
from .programma_header import split_org_units, split_stakeholders
from .text import normalise_space, split_cells

_MISSIONE = re.compile(r"^MISSIONE\s+(?P<code>\d{1,3})\s*[:.]\s*(?P<title>.*)$")
_PROGRAMMA = re.compile(r"^PROGRAMMA\s+(?P<code>\d{1,3})\s*[:.]\s*(?P<title>.*)$")
_UNITS = re.compile(r"^UNIT[AÀ]\s+ORGANIZZATIVE\s+COINVOLTE\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_STAKEHOLDERS = re.compile(r"^STAKEHOLDERS?\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_MANDATE_TITLE = re.compile(r"^LINEE PROGRAMMATICHE APPROVATE", re.IGNORECASE)
_INDICATORS = re.compile(r"^INDICATORI\b", re.IGNORECASE)
_GLUED_HEADING = re.compile(
    r"^\**\s*(?:MISSIONE|PROGRAMMA|UNIT[AÀ] ORGANIZZATIVE|STAKEHOLDERS|LINEE PROGRAMMATICHE)"
)
_BOLD = re.compile(r"\*{2,}")
_LABELS = ("UNITÀ ORGANIZZATIVE COINVOLTE:", "UNITA ORGANIZZATIVE COINVOLTE:", "STAKEHOLDERS:")
UNTITLED_RESULT_TABLE = "INDICATORI DI RISULTATO"


@dataclass
class IndicatorSection:
    heading: str
    heading_line: int
    rows: list[tuple[int, str]] = field(default_factory=list)
    untitled: bool = False  # result rows found inside the activity table, no heading


@dataclass
class ProgrammaBlock:
    record: ProgrammaRecord
    mandate_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    activity_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    indicator_sections: list[IndicatorSection] = field(default_factory=list)


def read_logical_lines(text: str, diagnostics: list[Diagnostic]) -> list[tuple[int, str]]:
    """Return (line number, text) pairs, with glued Markdown headings split apart."""
    logical: list[tuple[int, str]] = []
    # Numbered by "\n" only, as editors and grep number them: str.splitlines() would
    # also break on form feeds and other separators PDF converters leave behind.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if "**" in raw and "\t" not in raw and _GLUED_HEADING.match(raw):
            parts = _unglue(raw)
            if len(parts) > 1:
                diagnostics.append(
                    Diagnostic(
                        number,
                        Severity.INFO,
                        "glued_headings",
                        f"{len(parts)} intestazioni sulla stessa riga",
                    )
                )
            logical.extend((number, part) for part in parts)
        else:
            logical.append((number, raw))
    return logical


def _unglue(raw: str) -> list[str]:
    segments = [normalise_space(segment) for segment in _BOLD.split(raw)]
    parts: list[str] = []
    for segment in segments:
        if not segment:
            continue
        if parts and parts[-1].upper() in _LABELS:
            parts[-1] = f"{parts[-1]} {segment}"
        else:
            parts.append(segment)
    return parts


class SectionSplitter:
    """Walks the logical lines once and fills the preface lines and programma blocks."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        self.preface: list[tuple[int, str]] = []
        self.blocks: list[ProgrammaBlock] = []
        self._by_code: dict[tuple[int, int], ProgrammaBlock] = {}
        self._block: ProgrammaBlock | None = None
        self._pending_missione: tuple[int, str, int] | None = None  # code, title, line
        self._section = ""  # "units" | "stakeholders" | "mandate" | "activities" | "indicators"
        self._indicators: IndicatorSection | None = None
        self._missione_seen = False  # the preface ends at the first MISSIONE heading

    def split(self, lines: list[tuple[int, str]]) -> None:
        for number, text in lines:
            self._read_line(number, text)
        self._resolve_pending_missione()

    def _read_line(self, number: int, text: str) -> None:
        stripped = text.strip()
        heading = stripped.strip("*").strip() if "\t" not in stripped else ""
        missione = _MISSIONE.match(heading)
        if missione:
            self._missione_seen = True
            self._resolve_pending_missione()
            self._pending_missione = (
                int(missione.group("code")),
                missione.group("title").strip(),
                number,
            )
            self._section = ""
            return
        programma = _PROGRAMMA.match(heading)
        if programma:
            self._open_programma(
                number, int(programma.group("code")), programma.group("title").strip()
            )
            return
        if stripped and self._pending_missione:
            self._resolve_pending_missione()
        if self._block is None:
            if not self._missione_seen:
                self.preface.append((number, text))
            return
        self._read_block_line(number, text, heading)

    def _read_block_line(self, number: int, text: str, heading: str) -> None:
        block = self._block
        assert block is not None
        untitled = self._indicators is not None and self._indicators.untitled
        if self._section == "indicators" and "\t" in text and not untitled:
            # Most lines are indicator rows: only a table header can end the section.
            first_cell = fold_text(text.partition("\t")[0][:24])
            if first_cell != "RIF LINEE CC" and not is_mandate_header(text.split("\t", 3)):
                self._read_section_line(block, number, text, [])
                return
        units, stakeholders = _UNITS.match(heading), _STAKEHOLDERS.match(heading)
        cells = split_cells(text) if "\t" in text else []
        first_cell = fold_text(cells[0][:24]) if cells else ""
        if units:
            block.record.org_units.extend(split_org_units(units.group("value")))
            self._section = "units"
        elif stakeholders:
            block.record.stakeholders.extend(split_stakeholders(stakeholders.group("value")))
            self._section = "stakeholders"
        elif _MANDATE_TITLE.match(heading):
            self._section = ""
        elif is_mandate_header(cells):
            self._section = "mandate"
            block.mandate_rows.append((number, cells))
        elif first_cell == "RIF LINEE CC":
            self._section = "activities"
            block.activity_rows.append((number, cells))
        elif heading and _INDICATORS.match(heading):
            self._open_indicators(block, heading, number)
        else:
            self._read_section_line(block, number, text, cells)

    def _read_section_line(
        self, block: ProgrammaBlock, number: int, text: str, cells: list[str]
    ) -> None:
        stripped = text.strip()
        if self._section in ("units", "stakeholders"):
            if not stripped:
                self._section = ""
            elif self._section == "units":
                # "… - DIPARTIMENTO AMBIENTE" / "GRANDI OPERE INFRASTRUTTURE E MOBILITÀ"
                self._continue_header(block.record.org_units, stripped, split_org_units)
            else:
                self._continue_header(block.record.stakeholders, stripped, split_stakeholders)
        elif self._section == "mandate" and cells:
            block.mandate_rows.append((number, cells))
        elif self._section == "activities" and cells:
            if looks_like_indicator_row(cells):
                self.diagnostics.append(
                    Diagnostic(
                        number,
                        Severity.WARNING,
                        "indicator_table_without_heading",
                        "righe di indicatori di risultato nella tabella delle attività: lette come tabella "
                        "di indicatori",
                    )
                )
                self._open_indicators(block, UNTITLED_RESULT_TABLE, number, untitled=True)
                assert self._indicators is not None
                self._indicators.rows.append((number, text))
            else:
                block.activity_rows.append((number, cells))
        elif self._section == "indicators" and self._indicators is not None:
            if self._indicators.untitled and cells and not looks_like_indicator_row(cells):
                # The pasted indicator rows are over: back to the activity table.
                self._section = "activities"
                block.activity_rows.append((number, cells))
            else:
                self._indicators.rows.append((number, text))
        elif stripped:
            self.diagnostics.append(
                Diagnostic(
                    number,
                    Severity.INFO,
                    "text_outside_tables",
                    f"testo fuori dalle tabelle: «{stripped[:80]}»",
                )
            )

    @staticmethod
    def _continue_header(values: list[str], text: str, split: Callable[[str], list[str]]) -> None:
        parts = split(text)
        if values and parts:
            values[-1] = f"{values[-1]} {parts[0]}"
            values.extend(parts[1:])
        else:
            values.extend(parts)

    def _open_programma(self, number: int, code: int, title: str) -> None:
        pending = self._pending_missione
        self._pending_missione = None
        self._section = ""
        if pending is not None:
            missione_code, missione_title, missione_line = pending
        elif self._block is not None:
            missione_code, missione_title = (
                self._block.record.missione_code,
                self._block.record.missione_title,
            )
            missione_line = number
            self.diagnostics.append(
                Diagnostic(
                    number,
                    Severity.WARNING,
                    "programma_without_missione",
                    f"PROGRAMMA {code} senza intestazione di missione: attribuito alla missione {missione_code}",
                )
            )
        else:
            self.diagnostics.append(
                Diagnostic(
                    number,
                    Severity.ERROR,
                    "programma_without_missione",
                    f"PROGRAMMA {code} prima di ogni missione: il programma non è caricato",
                )
            )
            # Its rows are read into a block that is not part of the document.
            self._block = ProgrammaBlock(ProgrammaRecord(number, 0, "", code, title))
            return
        existing = self._by_code.get((missione_code, code))
        if existing is not None:
            self.diagnostics.append(
                Diagnostic(
                    number,
                    Severity.INFO,
                    "repeated_programma_heading",
                    f"intestazione di Missione {missione_code} Programma {code} ripetuta: continua il programma "
                    f"della riga {existing.record.line}",
                )
            )
            self._block = existing
            return
        record = ProgrammaRecord(
            line=missione_line,
            missione_code=missione_code,
            missione_title=missione_title,
            programma_code=code,
            programma_title=title,
        )
        self._block = ProgrammaBlock(record)
        self._by_code[(missione_code, code)] = self._block
        self.blocks.append(self._block)

    def _resolve_pending_missione(self) -> None:
        """Handle a MISSIONE heading followed by something else than a PROGRAMMA heading."""
        pending = self._pending_missione
        if pending is None:
            return
        self._pending_missione = None
        code, _, line = pending
        block = self._block
        if block is not None and block.record.missione_code == code:
            self.diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "missione_heading_without_programma",
                    f"intestazione MISSIONE {code} senza programma: continua il programma "
                    f"{block.record.programma_code}",
                )
            )
            return
        outcome = (
            f"continua il programma {block.record.missione_code}.{block.record.programma_code}"
            if block is not None
            else "ignorata"
        )
        self.diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "missione_without_programma",
                f"intestazione MISSIONE {code} senza programma: {outcome}",
            )
        )

    def _open_indicators(
        self, block: ProgrammaBlock, heading: str, number: int, untitled: bool = False
    ) -> None:
        self._indicators = IndicatorSection(heading, number, untitled=untitled)
        block.indicator_sections.append(self._indicators)
        self._section = "indicators"


def build_programmi(
    blocks: list[ProgrammaBlock],
    groups: list[MandateGroupRecord],
    diagnostics: list[Diagnostic],
) -> list[ProgrammaRecord]:
    """Read the tables of every block into its ProgrammaRecord."""
    directory = DepartmentDirectory(_standalone_department_cells(blocks))
    for block in blocks:
        record = block.record
        record.mandate_lines.extend(parse_mandate_table(block.mandate_rows, groups, diagnostics))
        reader = ActivityTableReader(record, directory, diagnostics)
        for number, cells in block.activity_rows:
            reader.read_row(read_activity_row(number, cells, directory, diagnostics))
        reader.finish()
        for section in block.indicator_sections:
            record.indicators.extend(
                parse_indicator_table(
                    section.heading, section.heading_line, section.rows, diagnostics
                )
            )
        check_indicator_codes(record.activities, record.indicators, reader.code_lines, diagnostics)
        if not record.activities and not record.mandate_lines:
            diagnostics.append(
                Diagnostic(
                    record.line,
                    Severity.WARNING,
                    "empty_programma",
                    f"Missione {record.missione_code} Programma {record.programma_code} senza linee né attività",
                )
            )
    return [block.record for block in blocks]


def _standalone_department_cells(blocks: list[ProgrammaBlock]) -> list[str]:
    """The department cells that hold one plain name (no paragraphs, no actions)."""
    cells = []
    for block in blocks:
        for _, row in block.activity_rows:
            if (
                len(row) > 5
                and row[5]
                and not row[5].startswith("<")
                and not row[5][0].isdigit()
                and len(row[5]) < 120
            ):
                cells.append(row[5])
    return cells
