"""The monitoring of the Piano Strategico Metropolitano, as the Città metropolitana publishes it.

`build_psm_monitoring_report(ente_code, year)` reads the monitoring of `year`
(the year the imported report says it monitors) into plain dataclasses, in a
fixed number of queries, for every format of the document (HTML, PDF, XLSX).
The three observation areas come in the published order: the Ente's projects
per axis, strategy and action with the implementation metrics; the survey of
the territory; the context indicators per strategy. The figures are those of
the monitoring services (`monitoring.services.metrics` and `.report`), the
same the web page shows.

Every monitoring year is kept: the report of a year prints what that year's
document stated (its actions, projects and indicators in its own words, its
values, its survey, its text), whatever was imported after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from cruscotto.core.italian import format_period
from cruscotto.core.models import Ente, SourceDocument, Statement
from cruscotto.core.services.ownership import model_label
from cruscotto.domain import formats, report_kinds
from cruscotto.domain.text import fold_text
from cruscotto.indicators.models import Indicator
from cruscotto.monitoring.models import SurveyQuestion
from cruscotto.monitoring.services.metrics import (
    GREY,
    NOT_ATTRIBUTABLE,
    WITH_PROJECTS,
    ActionMetrics,
    GroupMetrics,
    describe_grey,
)
from cruscotto.monitoring.services.report import (
    AxisSection,
    MonitoringReport,
    StrategySection,
    build_monitoring_report,
)
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.reports.render.psm_monitoraggio_html import render_psm_monitoring_html
from cruscotto.reports.render.psm_monitoraggio_xlsx import render_psm_monitoring_xlsx
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.kinds import Edition, ReportKind, document_formats, of_enti

IMPLEMENTATION_LABELS = {
    WITH_PROJECTS: "con progetti",
    GREY: "in grigio",
    NOT_ATTRIBUTABLE: "non attribuibile",
}
AREA_1_HEADING = "IL GRADO DI ATTUAZIONE DELLE STRATEGIE E DELLE AZIONI DEL PSM DA PARTE DELLA"
YEAR_ORDINALS = {1: "primo", 2: "secondo", 3: "terzo", 4: "quarto", 5: "quinto"}


@dataclass
class ImplementationSummary:
    """The implementation metrics of an axis, a strategy or the whole plan."""

    code: str
    title: str
    actions: int
    with_projects: int
    grey: int
    not_attributable: int
    share_min: Decimal | None  # share of actions with at least one project, lower bound (0-1)
    share_max: Decimal | None  # upper bound: the non-attributable actions counted as served
    projects: int
    open_answer_mentions: int
    context_indicators: int

    @property
    def grey_determinable(self) -> bool:
        """Whether the text tells how many actions are grey (none is non-attributable)."""
        return self.not_attributable == 0

    @property
    def grey_label(self) -> str:
        """ "3" when known; "n.d. (0–110)" (non determinabile) when some actions may be grey."""
        return describe_grey(self.grey, self.not_attributable)


@dataclass
class ActionRow:
    code: str
    text: str
    implementation: str  # con_progetti, in_grigio, non_attribuibile
    projects: int
    open_answer_mentions: int

    @property
    def implementation_label(self) -> str:
        return IMPLEMENTATION_LABELS[self.implementation]


@dataclass
class ProjectEntry:
    """A project as printed beside the actions of one strategy."""

    name: str
    texts: list[str]  # its paragraphs under this strategy, as printed
    action_codes: list[str]  # the actions of this strategy it is known to serve
    funding_programmes: list[str]
    pnrr_measures: list[str]
    urls: list[str]

    @property
    def funding(self) -> str:
        """ "FESR; PNRR M4C1I3.3": the programmes, PNRR named once with its measures."""
        programmes = [
            name for name in self.funding_programmes if not (name == "PNRR" and self.pnrr_measures)
        ]
        if self.pnrr_measures:
            programmes.append("PNRR " + ", ".join(self.pnrr_measures))
        return "; ".join(programmes)


@dataclass
class StrategyPart:
    code: str
    title: str
    description: str
    summary: ImplementationSummary
    actions: list[ActionRow]
    projects: list[ProjectEntry]


@dataclass
class ContextIndicatorRow:
    strategy_code: str
    strategy_title: str
    name: str
    description: str
    source: str  # "" when the report gives none that could be read
    value_as_printed: str  # "" when the report prints no value
    value: Decimal | None
    unit: str
    year: int | None
    territorial_level: str


@dataclass
class AxisPart:
    code: str
    title: str
    summary: ImplementationSummary
    strategies: list[StrategyPart]
    indicators: list[ContextIndicatorRow]


@dataclass
class ChartSeries:
    """The answers of one group of respondents to a closed question."""

    name: str  # "" for a question put to everyone; "Comuni" for a target
    base: int | None  # "Base (casi)"; None when not printed
    values_as_printed: list[str]  # per option: "45%", "-" (nobody)
    percents: list[Decimal | None]


@dataclass
class SurveyChart:
    """A closed question, or the same question per target printed as one figure (zone omogenee)."""

    keys: list[str]  # the questions shown: "d04", "d05"
    title: str
    labels: list[str]  # "" where the report prints no label
    series: list[ChartSeries]
    multiple_answers: bool
    respondents: str  # who was asked, when only some were ("Comuni")
    kind: str = "chart"
    comments: list[str] = field(default_factory=list)  # the report's text printed before it

    @property
    def key(self) -> str:
        return "-".join(self.keys)

    @property
    def respondents_not_in_title(self) -> str:
        """Who was asked, when the title does not already say it (Target “Comuni” does)."""
        return "" if fold_text(self.respondents) in fold_text(self.title) else self.respondents

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """Each option's label with its value per series, as printed."""
        return [
            (label, [series.values_as_printed[index] for series in self.series])
            for index, label in enumerate(self.labels)
        ]


@dataclass
class OpenAnswerRow:
    text: str
    strategy_codes: list[str]
    action_codes: list[str]


@dataclass
class OpenQuestion:
    key: str
    title: str
    respondents: str
    answers: list[OpenAnswerRow]
    kind: str = "open"
    comments: list[str] = field(default_factory=list)  # the report's text printed before it


@dataclass
class SurveySection:
    number: int
    title: str
    questions: list[SurveyChart | OpenQuestion]  # in the printed order
    closing: list[str] = field(default_factory=list)  # the report's text after the last one

    @property
    def charts(self) -> list[SurveyChart]:
        return [q for q in self.questions if isinstance(q, SurveyChart)]

    @property
    def open_questions(self) -> list[OpenQuestion]:
        return [q for q in self.questions if isinstance(q, OpenQuestion)]


@dataclass
class SurveyPart:
    title: str
    year: int | None
    platform: str
    invited_mayors: int | None
    sections: list[SurveySection]
    introduction: list[str] = field(default_factory=list)  # as the report prints it

    @property
    def charts(self) -> list[SurveyChart]:
        return [chart for section in self.sections for chart in section.charts]

    @property
    def open_questions(self) -> list[OpenQuestion]:
        return [question for section in self.sections for question in section.open_questions]


@dataclass
class PsmMonitoringReport:
    ente_name: str
    ente_code: str
    title: str  # "Il monitoraggio del Piano Strategico Metropolitano 2024-2026"
    plan_title: str
    period: tuple[int | None, int | None]
    year: int  # the year monitored
    source_file: str
    total: ImplementationSummary
    axes: list[AxisPart]
    survey: SurveyPart | None
    context_indicator_count: int = 0
    # The report's own text, paragraph by paragraph: its introduction, the heading of
    # area 1 and the method that follows it (empty when the import did not keep them).
    introduction: list[str] = field(default_factory=list)
    area_1_method: list[str] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        start, end = self.period
        return format_period(start, end, "-")

    @property
    def strategy_count(self) -> int:
        return sum(len(axis.strategies) for axis in self.axes)

    @property
    def year_ordinal(self) -> str:
        """ "primo" for the first year of the plan's period; "" past the fifth."""
        start = self.period[0]
        return YEAR_ORDINALS.get(self.year - start + 1, "") if start else ""


def find_monitoring_document(ente_code: str, year: int) -> SourceDocument:
    """Return the imported PSM monitoring of `ente_code` that monitors `year`; raises ReportUnavailable."""
    documents = list(
        SourceDocument.objects.filter(
            format=formats.PSM_MONITORING, ente__code=ente_code
        ).select_related("ente")
    )
    if not documents:
        raise ReportUnavailable(f"nessun monitoraggio del PSM importato per l'ente «{ente_code}»")
    for document in documents:
        if document.reference_year == year:
            return document
    years = sorted(d.reference_year for d in documents if d.reference_year is not None)
    if not years:
        raise ReportUnavailable(
            "il monitoraggio del PSM importato non indica l'anno monitorato "
            "(vedi la diagnostica monitoring_year_not_found)"
        )
    raise ReportUnavailable(
        f"nessun monitoraggio del PSM per il {year} (anni monitorati: "
        f"{', '.join(str(y) for y in years)})"
    )


def build_psm_monitoring_report(ente_code: str, year: int) -> PsmMonitoringReport:
    """Return the monitoring of the PSM of `ente_code` for the year `year`; raises ReportUnavailable."""
    document = find_monitoring_document(ente_code, year)
    # The plan the report states: another year's report (or the next edition's
    # preliminary report) may have stated it since.
    stated = Statement.objects.filter(document=document, model=model_label(Plan)).values(
        "object_id"
    )
    plan = (
        Plan.objects.filter(Q(pk__in=stated) | Q(source_document=document), kind=Plan.Kind.PSM)
        .select_related("ente")
        .first()
    )
    if plan is None:
        raise ReportUnavailable(
            f"il piano del monitoraggio «{document.identity}» non è nel database"
        )
    monitoring = build_monitoring_report(plan, document)
    axes = [read_axis(axis, document) for axis in monitoring.axes]
    return PsmMonitoringReport(
        ente_name=plan.ente.name,
        ente_code=plan.ente.code,
        title=document.title,
        plan_title=plan.title,
        period=(plan.period_start, plan.period_end),
        year=year,
        source_file=document.file_name,
        total=summarise(monitoring.metrics.total, "", "Totale"),
        axes=axes,
        survey=read_survey(monitoring),
        context_indicator_count=sum(len(axis.indicators) for axis in axes),
        **split_front_matter(document),
    )


def split_front_matter(document: SourceDocument) -> dict[str, list[str]]:
    """The report's introduction and its method of area 1, cut at the heading of area 1.

    The title that opens the text is the cover's; the heading is the template's, numbered.
    """
    paragraphs = list(document.front_matter)
    if paragraphs and fold_text(document.title).startswith(fold_text(paragraphs[0])):
        paragraphs = paragraphs[1:]
    heading = next(
        (i for i, text in enumerate(paragraphs) if fold_text(text).startswith(AREA_1_HEADING)),
        None,
    )
    if heading is None:
        return {"introduction": paragraphs, "area_1_method": []}
    return {"introduction": paragraphs[:heading], "area_1_method": paragraphs[heading + 1 :]}


def summarise(metrics: GroupMetrics, code: str, title: str) -> ImplementationSummary:
    return ImplementationSummary(
        code=code,
        title=title,
        actions=len(metrics.actions),
        with_projects=metrics.with_projects,
        grey=metrics.grey,
        not_attributable=metrics.not_attributable,
        share_min=metrics.share_with_projects,
        share_max=metrics.share_upper_bound,
        projects=metrics.projects,
        open_answer_mentions=metrics.open_answer_mentions,
        context_indicators=metrics.context_indicators,
    )


def read_axis(axis: AxisSection, document: SourceDocument) -> AxisPart:
    item = axis.metrics.item
    titles = {s.metrics.item.pk: s.metrics.item.title for s in axis.strategies}
    codes = {s.metrics.item.pk: s.metrics.item.code for s in axis.strategies}
    return AxisPart(
        code=item.code,
        title=item.title,
        summary=summarise(axis.metrics, item.code, item.title),
        strategies=[read_strategy(strategy) for strategy in axis.strategies],
        indicators=[
            read_indicator(indicator, codes, titles, document) for indicator in axis.indicators
        ],
    )


def read_strategy(strategy: StrategySection) -> StrategyPart:
    item: PlanItem = strategy.metrics.item
    return StrategyPart(
        code=item.code,
        title=item.title,
        description=item.description,
        summary=summarise(strategy.metrics, item.code, item.title),
        # In the plan's order: the converted text prints some out of place (2.1.3 after 2.1.6).
        actions=[
            read_action(action)
            for action in sorted(strategy.actions, key=lambda a: code_order(a.item.code))
        ],
        projects=[
            ProjectEntry(
                name=row.item.title,
                # A paragraph that is only the project's name (14 on the seed) is its
                # name, printed in the first column: not repeated as its description.
                texts=[
                    text
                    for text in row.mentions or [row.item.description]
                    if fold_text(text) != fold_text(row.item.title)
                ],
                action_codes=row.action_codes,
                funding_programmes=list(row.profile.funding_programmes) if row.profile else [],
                pnrr_measures=list(row.profile.pnrr_measures) if row.profile else [],
                urls=list(row.profile.urls) if row.profile else [],
            )
            for row in strategy.projects
        ],
    )


def code_order(code: str) -> tuple[int, ...]:
    """ "2.1.10" after "2.1.9"; a code that is not all numbers goes last."""
    parts = code.split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else (10**6,)


def read_action(action: ActionMetrics) -> ActionRow:
    return ActionRow(
        code=action.item.code,
        text=action.item.title,
        implementation=action.implementation,
        projects=action.projects,
        open_answer_mentions=action.open_answer_mentions,
    )


def read_indicator(
    indicator: Indicator, codes: dict[int, str], titles: dict[int, str], document: SourceDocument
) -> ContextIndicatorRow:
    # An indicator holds a yearly series; the document prints the value this report read
    # (measurements are prefetched by the service).
    measurements = [m for m in indicator.measurements.all() if m.source_document_id == document.pk]
    measurement = max(measurements, key=lambda m: m.year, default=None)
    return ContextIndicatorRow(
        strategy_code=codes.get(indicator.item_id or 0, ""),
        strategy_title=titles.get(indicator.item_id or 0, ""),
        name=indicator.name,
        description=indicator.notes,
        source=indicator.source,
        value_as_printed=measurement.as_printed if measurement else "",
        value=measurement.value if measurement else None,
        unit=indicator.unit,
        year=measurement.year if measurement else None,
        territorial_level=indicator.territorial_level,
    )


def read_survey(monitoring: MonitoringReport) -> SurveyPart | None:
    survey = monitoring.survey
    if survey is None:
        return None
    # The report's paragraphs by where it prints them: (section, questions printed before).
    prose: dict[tuple[int, int], list[str]] = defaultdict(list)
    for paragraph in survey.prose:
        prose[paragraph["section"], paragraph["after_questions"]].append(paragraph["text"])
    sections = []
    for number, title, questions in monitoring.questions_by_section:
        section = SurveySection(number, title, read_section_questions(questions, prose))
        last = max((q.position for q in questions), default=0)
        section.closing = [
            text for (n, after), texts in sorted(prose.items()) if n == number and after >= last
            for text in texts
        ]  # fmt: skip
        sections.append(section)
    return SurveyPart(
        title=survey.title,
        year=survey.year,
        platform=survey.platform,
        invited_mayors=survey.invited_mayors,
        sections=sections,
        introduction=[text for (n, _), texts in sorted(prose.items()) if n == 0 for text in texts],
    )


def read_section_questions(
    questions: list[SurveyQuestion], prose: dict[tuple[int, int], list[str]]
) -> list[SurveyChart | OpenQuestion]:
    """The section's questions in order; one question put to each target in turn is one figure.

    Each carries the report's paragraphs printed before it (`prose` by section and
    number of questions printed before; positions count from 1).
    """
    shown: list[SurveyChart | OpenQuestion] = []
    for question in questions:
        comments = prose.get((question.section, question.position - 1), [])
        if question.is_open:
            shown.append(read_open_question(question))
            shown[-1].comments = list(comments)
            continue
        chart = read_chart(question)
        previous = shown[-1] if shown else None
        if isinstance(previous, SurveyChart) and same_question_other_target(
            previous, chart, question
        ):
            previous.keys.append(question.key)
            previous.series.extend(chart.series)
            previous.respondents = ""
            previous.comments.extend(comments)
        else:
            chart.comments = list(comments)
            shown.append(chart)
    return shown


def read_chart(question: SurveyQuestion) -> SurveyChart:
    options = list(question.options.all())
    # A question put to one target only ("Zona omogenea di riferimento — Comuni"): the
    # figure is titled by the question and the series named by the target.
    title = question.text.removesuffix(f" — {question.respondents}")
    return SurveyChart(
        keys=[question.key],
        title=title,
        labels=[option.label for option in options],
        series=[
            ChartSeries(
                name=question.respondents if title != question.text else "",
                base=question.base,
                values_as_printed=[option.as_printed for option in options],
                percents=[option.percent for option in options],
            )
        ],
        multiple_answers=question.multiple_answers,
        respondents=question.respondents,
    )


def same_question_other_target(
    previous: SurveyChart, chart: SurveyChart, question: SurveyQuestion
) -> bool:
    """Whether `chart` is `previous`'s question put to another target, with the same options."""
    return (
        bool(question.dimension)
        and chart.title == previous.title
        and chart.labels == previous.labels
        and all(series.name for series in previous.series + chart.series)
        and chart.series[0].name not in {series.name for series in previous.series}
    )


def read_open_question(question: SurveyQuestion) -> OpenQuestion:
    answers = []
    for answer in question.open_answers.all():
        cited = [link.item for link in answer.links.all()]
        answers.append(
            OpenAnswerRow(
                text=answer.text,
                strategy_codes=[i.code for i in cited if i.level == PlanItem.Level.STRATEGIA],
                action_codes=[i.code for i in cited if i.level == PlanItem.Level.AZIONE],
            )
        )
    return OpenQuestion(question.key, question.text, question.respondents, answers)


def psm_monitoring_editions(enti: QuerySet[Ente] | None = None) -> list[Edition]:
    """One edition per imported monitoring that states the year it monitors (of the enti given)."""
    documents = (
        of_enti(SourceDocument.objects.all(), enti)
        .filter(format=formats.PSM_MONITORING, reference_year__isnull=False, ente__isnull=False)
        .select_related("ente")
        .order_by("ente__name", "-reference_year")
    )
    return [
        Edition(document.ente.code, document.ente.name, document.reference_year)
        for document in documents
        if document.ente is not None and document.reference_year is not None
    ]


PSM_MONITORING = ReportKind(
    name=report_kinds.PSM_MONITORING,
    title="Monitoraggio del Piano Strategico Metropolitano",
    build=build_psm_monitoring_report,
    formats=document_formats(render_psm_monitoring_html, render_psm_monitoring_xlsx),
    editions=psm_monitoring_editions,
)
