"""Read one indicator table of the relazione sul controllo strategico.

`parse_indicator_table` receives a section heading ("INDICATORI DI VALORE PUBBLICO",
"INDICATORI DI RISULTATO - PATRIMONIO", …) and the raw lines up to the next section,
and returns one `IndicatorRecord` per indicator row. The kind comes from the heading;
the columns from the header line(s), which may repeat inside a section:

* ``Codice Indicatore | Indicatori | 2022 … 2026``: public value, with a DUP code;
* ``| 2022 … 2026``: result or common indicators, the name in the first column;
* ``Area | Prodotto | Indicatore | 2022 …`` (and ``Area | INDICATORE``,
  ``Prodotto | Indicatore``): the columns before the name become `group_path`;
* a pivot: a line of column groups (``Descrizione Attività | Provvedimenti ampliativi
  | | Avvii alla Sospensione …``) over a line of years repeated per group.

Rules for the messy parts, each reported with its line:

* Measurements: one per year cell that holds something. An empty cell is "not
  measured" (no measurement); ``-`` is a printed value and is kept (missing).
* Sub-rows: a name starting with "- " belongs to the last row without a dash; its
  name is "parent – sub" ("n° aree cani gestite – dalle circoscrizioni"), with the
  parent's trailing ":" or "di cui:" dropped. A row without values followed by
  sub-rows is only their heading (``group_row``, no indicator); any other row
  without values becomes an indicator with no measurements (``row_without_values``).
* Shifted rows: when the first year cell holds a short label and the numbers run
  one column to the right (``Composizione degli organici … | Dirigenti | 74 | 82 |
  86 | 84``), the label names a sub-row ("… – Dirigenti") and the numbers are read
  from the first year on (``row_shifted_by_one_cell``). A row with an empty name
  and such a label continues the previous one (`` | E.Q. | 486 | …``).
* Pivot: one indicator per row and column group, named "row — group", with
  `MeasurementRecord.series` set to the group.
* Names: a trailing ``*`` is a footnote marker; text after an inner ``*`` and an
  ``NB.`` remark are notes, not name. A name that embeds its formula ("Grado di
  utilizzo di SPID nei servizi digitali N. di accessi … / N. di accessi …") is
  split into `name` and `formula`.
* Footnote lines (``* la diminuzione dei posti …``) become notes of every row of
  the section with a ``*`` in any of its cells.
* Codes: ``a.1`` is kept lower-case with its activity letter; ``Concluso 1`` (an
  indicator of a concluded objective) becomes ``concluso 1`` with no letter; codes
  typed badly (``q1``, ``d.,1``) are kept as printed, get their letter when it is
  unambiguous, and are reported; a capital ``I`` could be i or l, so it gets none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..cell_values import AMBIGUOUS_SEPARATOR, MALFORMED_NUMBER, normalise_cell_text, parse_cell
from ..records import IndicatorKind, IndicatorRecord, MeasurementRecord, ValueType
from .html_text import markup_as_text

SUB_ROW_SEPARATOR = " – "
PIVOT_SEPARATOR = " — "

_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_COMMON_HEADING = re.compile(r"^indicatori\s+comuni\b")
_DIGIT = re.compile(r"\d")
_CODE_HEADERS = frozenset({"codice indicatore", "codice", "cod. indicatore", "codice ind."})
_NAME_HEADERS = frozenset({"indicatori", "indicatore", "descrizione attività", "descrizione"})
_SUB_ROW = re.compile(r"^[-–—]\s*(?=\S)")
_TRAILING_OF_WHICH = re.compile(r"(?:\s+di cui)?\s*:\s*$", re.IGNORECASE)
_INLINE_NOTE = re.compile(r"^(?P<name>.*?\S)\s*\*\s*(?P<note>\S.*)$")
_NB_NOTE = re.compile(r"^(?P<name>.*?\S)\s+(?P<note>N\.?\s?B\.?\s.*)$")
# "Name N. of something / N. of something else": the name is what comes before the first
# "N."; a name that itself starts with "N." is a formula already and is not split.
_FORMULA = re.compile(
    r"^(?!N\.|N°|n\.|n°)(?P<name>.*?[^\s:/])[\s:–-]*\s"
    r"(?P<formula>(?:N\.|N°|n\.|n°)\s?.+/\s*(?:N\.|N°|n\.|n°).*)$"
)
_CANONICAL_CODE = re.compile(r"^([a-z])\1?(?:\.\d+)+(?:\.[a-z])?$")
_CONCLUDED_CODE = re.compile(r"^concluso\s*(\d+)$", re.IGNORECASE)
_CODE_LETTER = re.compile(r"^(?P<letter>([a-z])\2?)\s*[.,;:]*\s*\d")
_STATUS_WORDS = frozenset({"concluso", "avviato", "in corso", "si", "sì", "no"})
_MAX_LABEL_WORDS = 4

_CELL_ISSUE_MESSAGES = {
    AMBIGUOUS_SEPARATOR: "separatore ambiguo (migliaia o decimali?): numero non letto",
    MALFORMED_NUMBER: "numero scritto in un formato non valido: non letto",
}


def choose_indicator_kind(heading: str) -> IndicatorKind | None:
    """Return the kind of indicators a section heading announces, or None."""
    folded = " ".join(heading.casefold().split())
    if "valore pubblico" in folded:
        return IndicatorKind.PUBLIC_VALUE
    # Only as the heading's own words: "S.C.I.A./Comunicazioni" is a result table.
    if _COMMON_HEADING.match(folded):
        return IndicatorKind.COMMON
    if "contesto" in folded:
        return IndicatorKind.CONTEXT
    if "risultato" in folded:
        return IndicatorKind.RESULT
    return None


def parse_indicator_table(
    heading: str,
    heading_line: int,
    rows: list[tuple[int, str]],
    diagnostics: list[Diagnostic],
) -> list[IndicatorRecord]:
    """Return the indicators of one section; problems are appended to `diagnostics`.

    `rows` are (1-based line number, raw line) for every line after the heading up
    to the next section heading, blank and footnote lines included.
    """
    title = normalise_cell_text(heading)
    kind = choose_indicator_kind(title)
    if kind is None:
        diagnostics.append(
            Diagnostic(
                heading_line,
                Severity.ERROR,
                "unknown_indicator_heading",
                f"intestazione «{title}»: non è una tabella di indicatori di valore pubblico, "
                "di risultato, comuni o di contesto; la tabella non è stata letta",
            )
        )
        return []
    reader = _TableReader(kind=kind, title=title, diagnostics=diagnostics)
    reader.read(rows)
    return reader.indicators


@dataclass(frozen=True)
class _YearColumn:
    index: int
    year: int
    series: str = ""  # pivot tables: the column group


@dataclass(frozen=True)
class _Layout:
    line: int
    width: int
    name_column: int
    code_column: int | None
    group_columns: tuple[int, ...]
    year_columns: tuple[_YearColumn, ...]
    group_labels: tuple[str, ...] = ()  # the group columns' headers as printed ("Prodotto")

    @property
    def first_value_column(self) -> int:
        return self.year_columns[0].index

    def series(self) -> list[str]:
        """Return the column groups in printed order ([""] for a plain table)."""
        return list(dict.fromkeys(column.series for column in self.year_columns))


@dataclass(frozen=True)
class _Parent:
    name: str
    group_path: tuple[str, ...]


@dataclass
class _RowName:
    name: str
    notes: list[str] = field(default_factory=list)
    formula: str = ""


@dataclass
class _TableReader:
    kind: IndicatorKind
    title: str
    diagnostics: list[Diagnostic]
    indicators: list[IndicatorRecord] = field(default_factory=list)
    layout: _Layout | None = None
    parent: _Parent | None = None
    previous_groups: tuple[str, ...] = ()
    footnotes: list[tuple[int, str]] = field(default_factory=list)
    starred: list[IndicatorRecord] = field(default_factory=list)
    seen: dict[tuple[str, tuple[str, ...], str], int] = field(default_factory=dict)

    def read(self, rows: list[tuple[int, str]]) -> None:
        lines = [(number, raw.rstrip("\r\n")) for number, raw in rows]
        # Blank lines separate tables; a line of bare tabs is an empty row and is reported.
        lines = [(number, raw) for number, raw in lines if raw.strip() or "\t" in raw]
        index = 0
        while index < len(lines):
            number, raw = lines[index]
            following = lines[index + 1] if index + 1 < len(lines) else None
            index += 1 + self.read_line(number, raw, following)
        self.attach_footnotes()

    def read_line(self, number: int, raw: str, following: tuple[int, str] | None) -> int:
        """Read one non-blank line; return how many following lines it used up."""
        cells = raw.split("\t")
        if len(cells) == 1:
            self.read_text_line(number, raw)
            return 0
        years = _read_year_header(cells)
        if years is not None:
            self.layout = _build_layout(number, cells, years, group_header=None)
            self.parent = None
            return 0
        following_years = _read_year_header(following[1].split("\t")) if following else None
        if following and following_years and _is_pivot_group_header(cells, following_years):
            year_cells = following[1].split("\t")
            self.layout = _build_layout(
                following[0], year_cells, following_years, group_header=cells
            )
            self.parent = None
            return 1
        self.read_data_row(number, cells, following)
        return 0

    def read_text_line(self, number: int, raw: str) -> None:
        text = normalise_cell_text(raw)
        if text.startswith("*"):
            self.footnotes.append((number, text.lstrip("* ").strip()))
            return
        self.report(
            number,
            Severity.WARNING,
            "unrecognised_line",
            f"riga senza colonne nella tabella «{self.title}»: «{_shorten(text)}»; ignorata",
        )

    def read_data_row(
        self, number: int, cells: list[str], following: tuple[int, str] | None
    ) -> None:
        if not any(cell.strip() for cell in cells):
            self.report(number, Severity.INFO, "empty_row", "riga di tabella vuota; ignorata")
            return
        layout = self.layout
        if layout is None:
            self.report(
                number,
                Severity.ERROR,
                "row_before_header",
                f"riga «{_shorten(_row_text(cells))}» prima dell'intestazione delle colonne "
                f"(anni) della tabella «{self.title}»; non letta",
            )
            return
        shifted_label = _read_shifted_label(cells, layout)
        value_cells = self.read_value_cells(number, cells, layout, shifted_label is not None)
        row_name = self.read_row_name(number, cells, layout, shifted_label)
        if row_name is None:
            return
        group_path = self.read_group_path(number, cells, layout)
        code, activity_letter = self.read_code(number, cells, layout)
        has_values = any(text.strip() for _, text in value_cells)
        is_sub_row = bool(_SUB_ROW.match(_cell(cells, layout.name_column).strip())) or (
            shifted_label is not None and not _cell(cells, layout.name_column).strip()
        )
        if not has_values and not is_sub_row and _is_followed_by_sub_row(following, layout):
            self.parent = _Parent(_parent_name(row_name.name), group_path)
            self.report(
                number,
                Severity.INFO,
                "group_row",
                f"«{row_name.name}» non ha valori: è l'intestazione delle righe che seguono",
            )
            return
        for series in layout.series():
            self.add_indicator(
                number=number,
                row_name=row_name,
                series=series,
                group_path=group_path,
                code=code,
                activity_letter=activity_letter,
                value_cells=[
                    (column, text) for column, text in value_cells if column.series == series
                ],
                starred=any("*" in cell for cell in cells),
            )
        if not is_sub_row:
            own_name = row_name.name if shifted_label is None else _cell(cells, layout.name_column)
            self.parent = _Parent(_parent_name(normalise_cell_text(own_name)), group_path)

    def read_value_cells(
        self, number: int, cells: list[str], layout: _Layout, shifted: bool
    ) -> list[tuple[_YearColumn, str]]:
        """Return (column, cell as printed) for every year column the row reaches.

        Reports a shifted row, cells beyond the header and a row that stops short.
        """
        offset = 1 if shifted else 0
        columns = [column for column in layout.year_columns if column.index + offset < len(cells)]
        if shifted:
            self.report(
                number,
                Severity.WARNING,
                "row_shifted_by_one_cell",
                f"«{cells[layout.first_value_column].strip()}» sta nella colonna "
                f"{columns[0].year} e i numeri sono spostati di una colonna a destra: letti "
                f"come {columns[0].year}–{columns[-1].year}",
            )
        beyond = layout.year_columns[-1].index + offset + 1
        extra = [cell.strip() for cell in cells[beyond:] if cell.strip()]
        if extra:
            self.report(
                number,
                Severity.WARNING,
                "too_many_cells",
                f"la riga ha più celle delle colonne dell'intestazione (riga {layout.line}); "
                f"ignorate: {', '.join(f'«{_shorten(text)}»' for text in extra)}",
            )
        if len(cells) < layout.width and not shifted:
            missing = [str(c.year) for c in layout.year_columns if c.index >= len(cells)]
            self.report(
                number,
                Severity.WARNING,
                "too_few_cells",
                f"la riga ha {len(cells)} celle, l'intestazione (riga {layout.line}) "
                f"{layout.width}: nessun valore letto per {', '.join(missing) or 'le ultime colonne'}",
            )
        return [(column, markup_as_text(cells[column.index + offset])) for column in columns]

    def read_row_name(
        self, number: int, cells: list[str], layout: _Layout, shifted_label: str | None
    ) -> _RowName | None:
        printed = normalise_cell_text(_cell(cells, layout.name_column))
        sub_name = _SUB_ROW.sub("", printed) if _SUB_ROW.match(printed) else None
        if shifted_label is not None:
            sub_name = shifted_label
            if printed:
                return self.split_name(f"{_parent_name(printed)}{SUB_ROW_SEPARATOR}{shifted_label}")
        if sub_name is None:
            if printed:
                return self.split_name(printed)
            self.report(
                number,
                Severity.ERROR,
                "row_without_name",
                f"riga con valori ma senza nome di indicatore: «{_shorten(_row_text(cells))}»; "
                "non letta",
            )
            return None
        if self.parent is None:
            self.report(
                number,
                Severity.WARNING,
                "sub_row_without_parent",
                f"la sotto-voce «{sub_name}» non ha una voce principale sopra di sé; "
                "letta con il suo solo nome",
            )
            return self.split_name(sub_name)
        return self.split_name(f"{self.parent.name}{SUB_ROW_SEPARATOR}{sub_name}")

    def split_name(self, printed: str) -> _RowName:
        """Separate a name from its inline notes and embedded formula."""
        row_name = _RowName(name=printed)
        note = _NB_NOTE.match(row_name.name)
        if note:
            row_name.name, row_name.notes = note.group("name"), [note.group("note")]
        inline = _INLINE_NOTE.match(row_name.name)
        if inline:
            row_name.name = inline.group("name")
            row_name.notes.insert(0, inline.group("note"))
        row_name.name = _TRAILING_OF_WHICH.sub("", row_name.name.rstrip("* ")).strip()
        formula = _FORMULA.match(row_name.name)
        if formula:
            row_name.name = formula.group("name").rstrip(" -–:")
            row_name.formula = formula.group("formula")
        return row_name

    def read_group_path(self, number: int, cells: list[str], layout: _Layout) -> tuple[str, ...]:
        groups = tuple(normalise_cell_text(_cell(cells, index)) for index in layout.group_columns)
        if groups and not all(groups) and len(self.previous_groups) == len(groups):
            # A merged cell of the PDF: the group printed once for several rows.
            carried = tuple(
                group or previous
                for group, previous in zip(groups, self.previous_groups, strict=True)
            )
            self.report(
                number,
                Severity.INFO,
                "group_carried_down",
                f"colonna di raggruppamento vuota: ripresa dalla riga precedente ({' / '.join(carried)})",
            )
            groups = carried
        self.previous_groups = groups
        return groups

    def read_code(self, number: int, cells: list[str], layout: _Layout) -> tuple[str, str]:
        """Return (code, activity letter) of a public-value row, reporting odd codes."""
        if layout.code_column is None:
            return "", ""
        printed = normalise_cell_text(_cell(cells, layout.code_column))
        reading = read_indicator_code(printed)
        if reading.problem:
            self.report(number, Severity.WARNING, reading.problem, reading.message)
        return reading.code, reading.activity_letter

    def add_indicator(
        self,
        *,
        number: int,
        row_name: _RowName,
        series: str,
        group_path: tuple[str, ...],
        code: str,
        activity_letter: str,
        value_cells: list[tuple[_YearColumn, str]],
        starred: bool,
    ) -> None:
        name = f"{row_name.name}{PIVOT_SEPARATOR}{series}" if series else row_name.name
        indicator = IndicatorRecord(
            line=number,
            kind=self.kind,
            name=name,
            code=code,
            activity_letter=activity_letter,
            table_title=self.title,
            group_path=group_path,
            group_labels=self.layout.group_labels if self.layout else (),
            notes=list(row_name.notes),
            formula=row_name.formula,
        )
        for column, text in value_cells:
            if not text.strip():
                continue  # an empty cell is "not measured", a "-" is a printed value
            cell = parse_cell(text)
            indicator.measurements.append(
                MeasurementRecord(number, column.year, cell, column.series)
            )
            for issue in cell.issues:
                self.report(
                    number,
                    Severity.WARNING,
                    issue,
                    f"«{name}», {column.year}: «{text.strip()}» – "
                    f"{_CELL_ISSUE_MESSAGES.get(issue, issue)}",
                )
        if not indicator.measurements:
            self.report(
                number,
                Severity.WARNING,
                "row_without_values",
                f"«{name}» non ha alcun valore: indicatore letto senza misure",
            )
        self.check_duplicate(indicator)
        self.indicators.append(indicator)
        if starred:
            self.starred.append(indicator)

    def check_duplicate(self, indicator: IndicatorRecord) -> None:
        key = (indicator.code, indicator.group_path, "" if indicator.code else indicator.name)
        first_line = self.seen.setdefault(key, indicator.line)
        if first_line != indicator.line:
            what = (
                f"il codice «{indicator.code}»"
                if indicator.code
                else f"l'indicatore «{indicator.name}»"
            )
            self.report(
                indicator.line,
                Severity.WARNING,
                "duplicate_indicator",
                f"{what} compare già alla riga {first_line} della stessa tabella",
            )

    def attach_footnotes(self) -> None:
        for number, text in self.footnotes:
            if not self.starred:
                self.report(
                    number,
                    Severity.WARNING,
                    "orphan_footnote",
                    f"nota «{_shorten(text)}»: nessuna riga della tabella porta l'asterisco; "
                    "nota non collegata",
                )
            for indicator in self.starred:
                indicator.notes.append(text)

    def report(self, line: int, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, severity, code, message))


@dataclass(frozen=True)
class CodeReading:
    code: str  # normalised when well formed, else as printed
    activity_letter: str  # "" when there is none or it is ambiguous
    problem: str = ""  # diagnostic code, "" when the code is fine
    message: str = ""


def read_indicator_code(printed: str) -> CodeReading:
    """Read a public-value code as printed in the "Codice Indicatore" column."""
    token = printed.strip().rstrip(".,;")
    if not token:
        return CodeReading(
            "", "", "missing_indicator_code", "indicatore di valore pubblico senza codice"
        )
    concluded = _CONCLUDED_CODE.match(token)
    if concluded:
        return CodeReading(f"concluso {concluded.group(1)}", "")
    if token[0] == "I" and not token[1:2].isalpha():
        return CodeReading(
            printed,
            "",
            "ambiguous_indicator_code",
            f"codice «{printed}»: la I maiuscola può essere una i o una l; nessuna attività collegata",
        )
    compact = token.lower().replace(" ", "")
    if _CANONICAL_CODE.match(compact):
        return CodeReading(compact, compact.split(".")[0])
    letter = _CODE_LETTER.match(token.lower())
    if letter:
        return CodeReading(
            printed,
            letter.group("letter"),
            "malformed_indicator_code",
            f"codice «{printed}» scritto male: conservato com'è, attribuito all'attività "
            f"«{letter.group('letter')}»",
        )
    return CodeReading(
        printed,
        "",
        "unreadable_indicator_code",
        f"codice «{printed}» illeggibile: conservato com'è, nessuna attività collegata",
    )


def _read_year_header(cells: list[str]) -> list[tuple[int, int]] | None:
    """Return (column, year) pairs when `cells` is a header of year columns, else None."""
    stripped = [cell.strip() for cell in cells]
    years = [(index, int(cell)) for index, cell in enumerate(stripped) if _YEAR.match(cell)]
    if len(years) < 2:
        return None
    first = years[0][0]
    if any(cell and not _YEAR.match(cell) for cell in stripped[first:]):
        return None
    if any(_DIGIT.search(cell) for cell in stripped[:first]):
        return None
    return years


def _is_pivot_group_header(cells: list[str], following_years: list[tuple[int, int]]) -> bool:
    """A line of column groups sits over a year line whose years repeat."""
    year_values = [year for _, year in following_years]
    labels = [cell.strip() for cell in cells if cell.strip()]
    repeated = len(set(year_values)) < len(year_values)
    return repeated and len(labels) >= 2 and not any(_DIGIT.search(label) for label in labels)


def _build_layout(
    line: int, cells: list[str], years: list[tuple[int, int]], group_header: list[str] | None
) -> _Layout:
    first = years[0][0]
    printed = [normalise_cell_text(cell) for cell in (group_header or cells)[:first]]
    prefix = [cell.casefold() for cell in printed]
    code_column = next((index for index, cell in enumerate(prefix) if cell in _CODE_HEADERS), None)
    name_column = next(
        (index for index, cell in enumerate(prefix) if cell in _NAME_HEADERS),
        next((index for index, cell in enumerate(prefix) if not cell), len(prefix) - 1),
    )
    group_columns = tuple(
        index
        for index, cell in enumerate(prefix)
        if cell and index not in (name_column, code_column)
    )
    year_columns = tuple(
        _YearColumn(index, year, _series_of(group_header, index) if group_header else "")
        for index, year in years
    )
    width = max(len(cells), len(group_header or []))
    group_labels = tuple(printed[index] for index in group_columns)
    return _Layout(line, width, name_column, code_column, group_columns, year_columns, group_labels)


def _series_of(group_header: list[str], index: int) -> str:
    """Return the group label over column `index`: the nearest one to its left."""
    for column in range(min(index, len(group_header) - 1), -1, -1):
        label = normalise_cell_text(group_header[column])
        if label:
            return label
    return ""


def _read_shifted_label(cells: list[str], layout: _Layout) -> str | None:
    """Return the label of a row whose numbers sit one column to the right, else None."""
    first = layout.first_value_column
    last = layout.year_columns[-1].index
    if len(cells) <= last or not cells[last].strip():
        return None  # the numbers do not reach the last year column
    label = normalise_cell_text(cells[first])
    if label.count(".") == 1 and label.endswith("."):
        label = label[:-1]  # "Dirigenti." is "Dirigenti"; "E.Q." keeps its dots
    rest = [cell for cell in cells[first + 1 : last + 1] if cell.strip()]
    if not label or not rest or _DIGIT.search(label) or label.casefold() in _STATUS_WORDS:
        return None
    if len(label.split()) > _MAX_LABEL_WORDS or parse_cell(label).value_type is not ValueType.TEXT:
        return None
    if any(parse_cell(cell).value_type is ValueType.TEXT for cell in rest):
        return None
    return label


def _is_followed_by_sub_row(following: tuple[int, str] | None, layout: _Layout) -> bool:
    if following is None:
        return False
    cells = following[1].split("\t")
    return bool(_SUB_ROW.match(_cell(cells, layout.name_column).strip()))


def _parent_name(name: str) -> str:
    return _TRAILING_OF_WHICH.sub("", name.rstrip("* ")).strip()


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if 0 <= index < len(cells) else ""


def _row_text(cells: list[str]) -> str:
    return " | ".join(cell.strip() for cell in cells if cell.strip())


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
