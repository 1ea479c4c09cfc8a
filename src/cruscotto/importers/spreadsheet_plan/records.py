"""Typed records of a plan read from a spreadsheet (see `template.py` for the columns)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.records import CellValue


@dataclass(frozen=True)
class PlanRecord:
    line: int
    ente: str  # as written: a code or a name
    kind: str  # a Plan.Kind value
    code: str
    title: str
    period_start: int | None
    period_end: int | None
    edition: str = ""


@dataclass(frozen=True)
class PerUnit:
    """A value given for one structure, or for all of the item's (`unit` empty)."""

    unit: str
    text: str


@dataclass(frozen=True)
class WeightRecord:
    unit: str  # empty: each responsible structure of the item
    weight: int | None  # None: the cell gives none that can be read
    as_printed: str


@dataclass(frozen=True)
class StatusRecord:
    year: int
    unit: str  # empty: each responsible structure of the item
    status: str  # a code of the `stato` taxonomy, "" when not recognised
    as_printed: str


@dataclass
class ItemRecord:
    line: int
    row: int
    code: str
    printed_code: str
    level: str  # a PlanItem.Level value
    level_label: str  # the level as written, where the levels' own name does not say it
    parent: str  # the parent's code, "" at the top
    title: str
    description: str = ""
    units: list[str] = field(default_factory=list)
    involved_units: list[str] = field(default_factory=list)
    people: list[PerUnit] = field(default_factory=list)
    weights: list[WeightRecord] = field(default_factory=list)
    slot: str = "direzione"  # an Assignment.SlotKind value, for the weights
    statuses: list[StatusRecord] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (taxonomy code, term code)


@dataclass
class IndicatorRecord:
    line: int
    row: int
    code: str
    printed_code: str
    item: str  # the item's code, "" for the plan's own
    name: str
    kind: str  # an Indicator.Kind value
    unit: str = ""
    polarity: str = ""  # an Indicator.Polarity value
    baseline: str = ""
    target: str = ""
    targets: dict[int, str] = field(default_factory=dict)  # year → target as written
    formula: str = ""
    source: str = ""
    territorial_level: str = ""
    table_title: str = ""
    group_path: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class ValueRecord:
    line: int
    row: int
    indicator: str  # the indicator's code
    year: int
    cell: CellValue  # the value as written, and as read
    series: str = ""
    reported_year: int | None = None
    number: Decimal | None = None  # the number the sheet states beside the written value


@dataclass
class SpreadsheetPlan:
    plan: PlanRecord | None
    items: list[ItemRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    values: list[ValueRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(str(diagnostic.severity) == "error" for diagnostic in self.diagnostics)
