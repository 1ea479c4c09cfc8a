"""The monitoring report of a PSM: the three observation areas, ready for a template.

Each year's monitoring is read as its report stated it (`statements`): the
actions, projects and context indicators it printed, in its words, its values,
its survey. The web page shows the latest year and any earlier one on request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from cruscotto.core.charts import ChartKind, ChartSpec, Dataset
from cruscotto.core.models import SourceDocument
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.monitoring.models import (
    OpenAnswerLink,
    ProjectMention,
    ProjectProfile,
    Survey,
    SurveyQuestion,
)
from cruscotto.monitoring.services.metrics import (
    STATED_MODELS,
    ActionMetrics,
    GroupMetrics,
    PlanMetrics,
    compute_plan_metrics,
)
from cruscotto.monitoring.services.statements import DocumentStatements, monitoring_documents
from cruscotto.plans.models import Link, Plan, PlanItem


@dataclass
class ProjectRow:
    item: PlanItem
    profile: ProjectProfile | None
    action_codes: list[str]
    # The paragraphs that present the project under this strategy, in reading order
    # (the same project reads differently per strategy, and twice under some).
    mentions: list[str] = field(default_factory=list)


@dataclass
class StrategySection:
    metrics: GroupMetrics
    projects: list[ProjectRow]
    actions: list[ActionMetrics]

    @property
    def grey_actions(self) -> list[ActionMetrics]:
        return [a for a in self.actions if a.implementation == "in_grigio"]


@dataclass
class AxisSection:
    metrics: GroupMetrics
    strategies: list[StrategySection] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class MonitoringReport:
    plan: Plan
    metrics: PlanMetrics
    axes: list[AxisSection]
    survey: Survey | None
    questions_by_section: list[tuple[int, str, list[SurveyQuestion]]]
    document: SourceDocument | None = None  # the year's report; None: the plan as it reads now
    # Every monitoring report of the plan, by year (latest last), for the year selector.
    documents: list[SourceDocument] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.document.reference_year if self.document else None


UNPRINTED_LABEL = "(etichetta non stampata)"


def survey_question_chart(question: SurveyQuestion) -> ChartSpec:
    """The answers of a closed question as horizontal bars, one per option, in percent
    (an answer printed "-", nobody or unknown, has no bar rather than a guessed zero)."""
    options = list(question.options.all())
    return ChartSpec(
        kind=ChartKind.BAR,
        title=question.text,
        labels=[option.label or UNPRINTED_LABEL for option in options],
        datasets=[Dataset("Risposte", [option.percent for option in options])],
        unit="%",
        horizontal=True,
        scale_max=Decimal(100),
        label_heading="Risposta",
        value_heading="Risposte",
    )


def find_psm_plans() -> list[Plan]:
    return list(Plan.objects.filter(kind=Plan.Kind.PSM).select_related("ente").order_by("-code"))


class MonitoringYearNotFound(Exception):
    """No monitoring report of the plan monitors the year asked for."""


def choose_monitoring_document(
    documents: list[SourceDocument], year: int | None
) -> SourceDocument | None:
    """The report of `year` among a plan's monitoring reports, the latest when `year` is None.

    None when the plan has no monitoring report; raises MonitoringYearNotFound when
    none monitors `year`.
    """
    if year is None:
        return documents[-1] if documents else None
    for document in documents:
        if document.reference_year == year:
            return document
    raise MonitoringYearNotFound(year)


def build_monitoring_report(
    plan: Plan,
    document: SourceDocument | None = None,
    documents: list[SourceDocument] | None = None,
) -> MonitoringReport:
    """Return everything the report of `document` (a monitoring report of `plan`) shows,
    read with a fixed number of queries; without a document, the plan as it reads now."""
    statements = DocumentStatements(document, [*STATED_MODELS, ProjectProfile])
    measurements = Measurement.objects.all()
    if document is not None:  # the values the report gave, reported in its year
        measurements = Measurement.objects.as_of(document.reference_year).filter(
            source_document=document
        )
    indicators = sorted(
        statements.keep(
            Indicator.objects.filter(plan=plan, kind=Indicator.Kind.CONTEXT)
            .select_related("item")
            .prefetch_related(Prefetch("measurements", queryset=measurements))
            .order_by("position")
        ),
        key=lambda indicator: indicator.position,
    )
    metrics = compute_plan_metrics(plan, document, statements, indicators)
    codes = {pk: strategy.item.code for pk, strategy in metrics.strategies.items()}
    projects_by_strategy = read_projects_by_strategy(plan, codes, statements)
    indicators_by_strategy: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicators_by_strategy[indicator.item_id or 0].append(indicator)
    axes = []
    for axis in metrics.axes:
        section = AxisSection(axis)
        for strategy in metrics.strategies.values():
            if strategy.item.parent_id != axis.item.pk:
                continue
            section.strategies.append(
                StrategySection(
                    strategy, projects_by_strategy.get(strategy.item.pk, []), strategy.actions
                )
            )
            section.indicators.extend(indicators_by_strategy.get(strategy.item.pk, []))
        axes.append(section)
    surveys = Survey.objects.filter(plan=plan)
    if document is not None:  # the year's own survey
        surveys = surveys.filter(source_document=document)
    survey = surveys.order_by("-monitoring_year").first()
    return MonitoringReport(
        plan,
        metrics,
        axes,
        survey,
        read_questions(survey),
        document,
        documents if documents is not None else [],
    )


def build_monitoring_report_of_year(plan: Plan, year: int | None = None) -> MonitoringReport:
    """The report of the monitoring of `year` (the latest when None) of `plan`;
    raises MonitoringYearNotFound when no imported report monitors `year`."""
    documents = monitoring_documents(plan)
    return build_monitoring_report(plan, choose_monitoring_document(documents, year), documents)


def read_projects_by_strategy(
    plan: Plan, codes: dict[int, str], statements: DocumentStatements
) -> dict[int, list[ProjectRow]]:
    """Return, per strategy item id, its projects with the codes of the actions they serve.

    Projects come in the order the report prints them under the strategy (their
    first mention there); each row carries its mentions' texts. Only what the
    report of `statements` stated, in its words.
    """
    projects = {
        item.pk: item
        for item in statements.keep(
            PlanItem.objects.filter(plan=plan, level=PlanItem.Level.PROGETTO)
            .select_related("project_profile")
            .order_by("position")
        )
    }
    profiles = {
        profile.item_id: profile
        for profile in statements.keep(
            project.project_profile
            for project in projects.values()
            if getattr(project, "project_profile", None) is not None
        )
    }
    stated_links = statements.ids(Link)
    strategies: dict[int, list[int]] = defaultdict(list)
    actions: dict[int, list[str]] = defaultdict(list)
    for link_id, project_id, target_id, level, code in Link.objects.filter(
        from_item__plan=plan, from_item__level=PlanItem.Level.PROGETTO
    ).values_list("pk", "from_item_id", "to_item_id", "to_item__level", "to_item__code"):
        if stated_links is not None and link_id not in stated_links:
            continue
        if level == PlanItem.Level.STRATEGIA:
            strategies[target_id].append(project_id)
        else:
            actions[project_id].append(code)
    mentions: dict[tuple[int, int], list[str]] = defaultdict(list)
    first_mention: dict[tuple[int, int], int] = {}
    stated_mentions = ProjectMention.objects.filter(project__plan=plan)
    if statements.document is not None:  # the report's own paragraphs
        stated_mentions = stated_mentions.filter(source_document=statements.document)
    for project_id, strategy_id, position, text in stated_mentions.order_by("position").values_list(
        "project_id", "strategy_id", "position", "text"
    ):
        mentions[(strategy_id, project_id)].append(text)
        first_mention.setdefault((strategy_id, project_id), position)

    def printed_order(strategy_id: int, project_id: int) -> tuple[int, int]:
        project = projects[project_id]
        return (first_mention.get((strategy_id, project_id), project.position), project.position)

    return {
        strategy_id: [
            ProjectRow(
                projects[project_id],
                profiles.get(project_id),
                sorted(c for c in actions[project_id] if c.startswith(codes[strategy_id] + ".")),
                mentions[(strategy_id, project_id)],
            )
            for project_id in sorted(ids, key=lambda pk: printed_order(strategy_id, pk))
            if project_id in projects
        ]
        for strategy_id, ids in strategies.items()
        if strategy_id in codes
    }


def read_questions(survey: Survey | None) -> list[tuple[int, str, list[SurveyQuestion]]]:
    if survey is None:
        return []
    sections: dict[int, tuple[str, list[SurveyQuestion]]] = {}
    questions = survey.questions.prefetch_related(
        "options",
        "open_answers",
        # The strategies and actions each open answer cites.
        Prefetch(
            "open_answers__links",
            queryset=OpenAnswerLink.objects.select_related("item").order_by("item__position"),
        ),
    ).order_by("position")
    for question in questions:
        sections.setdefault(question.section, (question.section_title, []))[1].append(question)
    return [(number, title, questions) for number, (title, questions) in sorted(sections.items())]
