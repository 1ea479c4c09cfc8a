"""Typed records read from the report of the preliminary phase of a PSM."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic


class EvidenceLevel(StrEnum):
    MOST_IMPLEMENTED = "most_implemented"  # "maggiormente implementata", "più progettualità"
    IMPLEMENTED = "implemented"
    PARTIAL = "partial"  # "implementata parzialmente"
    NONE_REPORTED = "none_reported"  # "non è stata riportata alcuna azione"


@dataclass
class AxisRecord:
    line: int
    number: int
    title: str  # as printed, upper case: "TORINO METROPOLI PIÙ SANA"


@dataclass
class StrategyEvidenceRecord:
    """What the territory reported for one strategy of the previous edition."""

    line: int  # the first sentence that cites the strategy
    code: str  # "1.3", as cited
    axis: int
    title: (
        str  # the words that gloss the code where printed ("integrare l'infrastruttura …"), else ""
    )
    level: EvidenceLevel
    projects: list[str] = field(default_factory=list)  # names printed in italics or quotes
    zones: list[int] = field(default_factory=list)  # zone omogenee cited, ascending
    sentences: list[str] = field(default_factory=list)


@dataclass
class SubNeedRecord:
    line: int
    letter: str  # "a"
    text: str
    details: list[str] = field(default_factory=list)  # dash items under it


@dataclass
class NeedRecord:
    line: int
    axis: int
    number: int
    text: str
    sub_needs: list[SubNeedRecord] = field(default_factory=list)


@dataclass
class ThemeRecord:
    line: int
    number: int
    title: str
    note: str  # words printed after the bold title: "(nei processi di Public Procurement)"
    indications: list[str]
    axes_as_printed: str  # "ASSE 5 / ASSE 6", "Trasversale"
    axes: list[int]
    cross_cutting: bool


@dataclass
class RecommendationRecord:
    line: int
    group: str
    number: int
    need: str
    indications: list[str] = field(default_factory=list)


@dataclass
class MethodRecord:
    line: int
    method: str  # "conflict assessment"
    interviews: int | None
    interview_format: str  # "semi-strutturate e online"
    zones_consulted: int | None
    questionnaire_period: str  # "fine 2022"
    questionnaire_contributions: int | None
    stakeholder_categories: list[str]
    annexes_listed: list[str]
    annexes_missing: list[str]


@dataclass
class PreliminaryDocument:
    ente: str
    title: str
    plan_start: int | None  # the plan being prepared: 2024
    plan_end: int | None
    previous_start: int | None  # the edition whose implementation is reviewed: 2021
    previous_end: int | None
    previous_axes: list[AxisRecord]
    evidence: list[StrategyEvidenceRecord]
    axes: list[AxisRecord]  # the axes the needs are grouped by
    needs: list[NeedRecord]
    themes: list[ThemeRecord]
    recommendations: list[RecommendationRecord]
    method: MethodRecord | None
    diagnostics: list[Diagnostic]
    ente_line: int | None = None  # where the ente is printed; None if it is not
