"""Typed records of the monitoring report of a piano strategico metropolitano (PSM).

The parser produces these plain dataclasses and `Diagnostic`s; the loader turns
them into plan items, links, indicators and survey rows. Every record keeps the
1-based line of the text it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic

from ..records import CellValue


@dataclass
class AxisRecord:
    line: int
    number: int  # 1..6
    title: str  # "Torino Metropoli più produttiva e innovativa"


@dataclass
class StrategyRecord:
    line: int  # where the code was first read (indicator table or heading)
    code: str  # "1.1"
    title_upper: str = ""  # as printed in the plan pages: "GARANTIRE UNA DIFFUSA …"
    title: str = ""  # sentence case, from the indicator tables: "Garantire una diffusa …"
    description: str = ""  # the one-line description under the upper-case title

    @property
    def axis_number(self) -> int:
        return int(self.code.split(".")[0])


@dataclass
class ActionRecord:
    line: int
    code: str  # "2.1.3": the reliable key of the plan pages
    text: str
    # Which block of the plan pages (actions on the left, projects on the right)
    # printed the action; blocks are numbered from 1 in reading order.
    block: int = 0

    @property
    def strategy_code(self) -> str:
        return self.code.rsplit(".", 1)[0]


class ActionLinkOrigin(StrEnum):
    # The block printed this one action only: its projects serve it.
    ONLY_ACTION_OF_BLOCK = "unica_azione_del_blocco"
    # The project's text names the action ("cfr. azione 1.2.1").
    CITED = "citata"
    # The project and the action name the same PNRR measure (M2C4I3.1).
    SAME_PNRR_MEASURE = "stessa_misura_pnrr"


@dataclass
class ProjectMentionRecord:
    """One paragraph of the plan pages that describes a project under a strategy."""

    line: int
    strategy_code: str
    block: int
    text: str
    action_codes: dict[str, ActionLinkOrigin] = field(default_factory=dict)


@dataclass
class ProjectRecord:
    key: str  # natural key: the folded name, e.g. "progetto-amici"
    name: str  # "Progetto AMICI"
    description: str  # the text of the first mention
    line: int  # first mention
    urls: list[str] = field(default_factory=list)
    funding_programmes: list[str] = field(default_factory=list)  # "Interreg Alcotra", "LIFE"
    pnrr_measures: list[str] = field(default_factory=list)  # "M4C1I3.3"
    mentions: list[ProjectMentionRecord] = field(default_factory=list)

    @property
    def strategy_codes(self) -> list[str]:
        return list(dict.fromkeys(mention.strategy_code for mention in self.mentions))

    @property
    def action_links(self) -> dict[str, ActionLinkOrigin]:
        links: dict[str, ActionLinkOrigin] = {}
        for mention in self.mentions:
            for code, origin in mention.action_codes.items():
                links.setdefault(code, origin)
        return links


@dataclass
class PlanBlockRecord:
    """A block of the plan pages: some actions and the projects printed beside them."""

    number: int
    line: int
    action_codes: list[str] = field(default_factory=list)
    project_count: int = 0  # project paragraphs printed in the block


@dataclass
class ContextValueRecord:
    line: int
    year: int
    cell: CellValue


@dataclass
class ContextIndicatorRecord:
    line: int
    strategy_code: str
    name: str
    description: str
    source: str  # "" when the document does not give one that could be read
    unit: str  # read from the description ("%", "numero" …); "" when it does not say
    territorial_level: str  # "metropolitano", "capoluogo", "regionale"
    value: ContextValueRecord | None


class SurveyDimension(StrEnum):
    """What a closed question breaks respondents down by, when it is a profile question."""

    NONE = ""
    TARGET = "target"
    ROLE = "ruolo"
    ORGANISATION_TYPE = "tipo_organizzazione"
    ZONA_OMOGENEA = "zona_omogenea"
    AGE = "eta"
    GENDER = "genere"
    EDUCATION = "titolo_di_studio"


@dataclass
class SurveyOptionRecord:
    line: int
    label: str
    percent_as_printed: str  # "45%", "-" (nobody), "" when the document prints no value
    percent: CellValue | None


@dataclass
class OpenAnswerRecord:
    line: int
    text: str
    strategy_codes: list[str] = field(default_factory=list)
    action_codes: list[str] = field(default_factory=list)


@dataclass
class SurveyQuestionRecord:
    line: int
    section: int
    text: str
    base: int | None  # "Base (casi): N"; None when not printed
    multiple_answers: bool = False
    dimension: SurveyDimension = SurveyDimension.NONE
    # The respondents the question was put to, when it is a subset ("Comuni").
    respondents: str = ""
    options: list[SurveyOptionRecord] = field(default_factory=list)
    open_answers: list[OpenAnswerRecord] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return not self.options


@dataclass
class SurveySectionRecord:
    line: int
    number: int
    title: str


@dataclass
class ProseRecord:
    """A paragraph of the report's own text (its method, its comments on the results)."""

    line: int
    text: str
    # In the survey: how many questions the report printed before it (0: before the
    # first; the paragraph is printed before question number `after_questions` + 1),
    # and the section it is printed in (0: the introduction, before the first section).
    after_questions: int = 0
    section: int = 0


@dataclass
class SurveyRecord:
    line: int
    title: str
    year: int | None
    platform: str
    invited_mayors: int | None
    sections: list[SurveySectionRecord] = field(default_factory=list)
    questions: list[SurveyQuestionRecord] = field(default_factory=list)
    # The introduction and the comments on the results, in reading order.
    prose: list[ProseRecord] = field(default_factory=list)


@dataclass
class PsmMonitoringDocument:
    ente: str  # "Città metropolitana di Torino"
    title: str
    plan_start: int | None  # 2024
    plan_end: int | None  # 2026
    # The year monitored: "primo anno di operatività del … 2024-2026" is 2024; None when not stated.
    monitoring_year: int | None = None
    # The report's text before its plan pages, paragraph by paragraph: the monitoring
    # system, the three areas, the heading and method of area 1 (001:1-62).
    front_matter: list[str] = field(default_factory=list)
    axes: list[AxisRecord] = field(default_factory=list)
    strategies: list[StrategyRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    blocks: list[PlanBlockRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    survey: SurveyRecord | None = None
    context_indicators: list[ContextIndicatorRecord] = field(default_factory=list)
    stated_indicator_count: int | None = None  # "85 indicatori in totale"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ente_line: int | None = None  # where the ente is printed; None if it is not
