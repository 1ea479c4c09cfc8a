"""Typed records that parsers produce and loaders consume.

A parser turns a document's text into these plain dataclasses plus a list of
`Diagnostic`s; it never touches the database. Every record carries the
1-based line of the source text it came from, so that the loader can keep
provenance and a diagnostic can point a reader at the right place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic


class ValueType(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    EURO = "euro"
    RATIO = "ratio"
    YES_NO = "yes_no"
    TEXT = "text"
    MISSING = "missing"  # "-", "N.D.", empty: nothing measured


class Qualifier(StrEnum):
    NOT_AVAILABLE = "non_disponibile"  # N.D.
    APPROXIMATE = "circa"  # c.a, circa, ca.
    GREATER_THAN = "maggiore_di"  # >
    LESS_THAN = "minore_di"  # <
    PRE_FINAL = "pre_consuntivo"  # pre-consuntivo
    FOOTNOTE = "nota"  # a trailing * pointing at a footnote
    PARTIAL = "parziale"  # "dato parziale"


@dataclass(frozen=True)
class ValueComponent:
    """One value found inside a cell; a cell may hold several."""

    value: Decimal | None
    value_type: ValueType
    label: str = ""  # the words around the number: "PN METRO PLUS", "protocolli"
    unit: str = ""  # "mq", "m", "€" when printed
    denominator: Decimal | None = None  # for ratios such as 454/569
    qualifiers: tuple[Qualifier, ...] = ()


@dataclass(frozen=True)
class CellValue:
    """A table cell kept exactly as printed and parsed."""

    as_printed: str
    value: Decimal | None  # the headline number; None when not numeric or ambiguous
    value_type: ValueType
    qualifiers: tuple[Qualifier, ...] = ()
    components: tuple[ValueComponent, ...] = ()
    # Why a printed number was not read, as stable codes ("ambiguous_separator",
    # "malformed_number"); the table parser turns them into diagnostics with the line.
    issues: tuple[str, ...] = ()


@dataclass
class MeasurementRecord:
    line: int
    year: int
    cell: CellValue
    series: str = ""  # pivot tables: the column group ("Provvedimenti ampliativi")


class IndicatorKind(StrEnum):
    PUBLIC_VALUE = "valore_pubblico"
    RESULT = "risultato"
    COMMON = "comune"  # "indicatori comuni per le funzioni di supporto"
    CONTEXT = "contesto"


@dataclass
class IndicatorRecord:
    line: int
    kind: IndicatorKind
    name: str
    code: str = ""  # public-value code as printed ("a.1"); empty for result indicators
    activity_letter: str = ""  # the DUP SeO letter the code points to ("a"), if any
    table_title: str = ""  # heading of the table ("INDICATORI DI RISULTATO - PATRIMONIO")
    group_path: tuple[str, ...] = ()  # Area / Prodotto columns, outermost first
    group_labels: tuple[str, ...] = ()  # those columns' headers as printed ("Prodotto")
    # How the indicator is computed when the name embeds it ("N. di accessi … / N. di …")
    formula: str = ""
    measurements: list[MeasurementRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes that apply to the row


class Status(StrEnum):
    IN_PROGRESS = "in_corso"
    STARTED = "avviato"
    CONCLUDED = "concluso"


class Impact(StrEnum):
    ECONOMIC = "economico"
    SOCIAL = "sociale"
    ENVIRONMENTAL = "ambientale"
    INTERNAL = "interno"


@dataclass
class LogEntryRecord:
    line: int
    year_from: int | None  # None: the entry carries no year
    year_to: int | None  # same as year_from for a single year
    text: str  # clean text, no HTML


@dataclass
class ResponsibilityRecord:
    line: int
    department: str  # as printed, whitespace normalised
    status: Status | None  # None: no status printed, or not recognised (see diagnostics)
    status_as_printed: str
    log: list[LogEntryRecord] = field(default_factory=list)


@dataclass
class ActivityRecord:
    line: int  # first line of the activity
    letter: str  # DUP SeO letter, lower case ("a" … "hh"); "" when missing
    key: str  # unique within the programma: the letter, or letter + "#2" for a repeat
    text: str
    mandate_line_refs: list[str] = field(default_factory=list)  # local numbers: ["1", "2"]
    mandate_line_refs_as_printed: str = ""
    impacts: list[Impact] = field(default_factory=list)
    responsibilities: list[ResponsibilityRecord] = field(default_factory=list)
    indicator_codes: list[str] = field(default_factory=list)  # normalised ("a.1")
    indicator_codes_as_printed: list[str] = field(default_factory=list)  # "a.1", "I.1", "g1"
    source_lines: list[int] = field(default_factory=list)  # every line merged into it


@dataclass
class MandateLineRecord:
    line: int
    local_number: str  # "n°" column, local to the programma table
    # The mandate's thematic group the row prints in its first column, by its number in
    # the premessa's list; None when the name matches none of them.
    group_number: int | None
    group_as_printed: str
    text: str
    sdgs: list[int] = field(default_factory=list)  # 1..17
    pnrr_missions: list[int] = field(default_factory=list)  # 1..6


@dataclass
class ProgrammaRecord:
    line: int
    missione_code: int
    missione_title: str
    programma_code: int
    programma_title: str
    org_units: list[str] = field(default_factory=list)
    stakeholders: list[str] = field(default_factory=list)
    mandate_lines: list[MandateLineRecord] = field(default_factory=list)
    activities: list[ActivityRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)


@dataclass
class MandateGroupRecord:
    """One of the thematic groups the mandate lines are gathered in, as the premessa lists them."""

    number: int
    name: str  # in the case the mandate tables write it: "La Città della prossimità"
    description: str  # the words after the dash
    line: int


@dataclass
class RendicontoDocument:
    """A relazione sul controllo strategico (allegato al rendiconto) of a comune."""

    ente: str  # as printed on the cover: "Città di Torino"
    title: str
    reference_year: int | None  # the esercizio reported on (2025)
    mandate_start: int | None
    mandate_end: int | None
    # The mandate's thematic groups: what the mandate tables' first column is headed
    # (e.g. "Le 7 Città"), the premessa's sentence that introduces them, and the list.
    groups_label: str = ""
    groups_intro: str = ""
    groups: list[MandateGroupRecord] = field(default_factory=list)
    programmi: list[ProgrammaRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Cover and premessa as printed, paragraph by paragraph ("ALLEGATO N. 7 …", the
    # legal basis, the reading guide, the mandate's groups, the PNRR legend).
    front_matter: list[str] = field(default_factory=list)
    ente_line: int | None = None  # where the ente is printed; None if it is not
