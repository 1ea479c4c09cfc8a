"""The monitoring report of a PSM: the three observation areas, ready for a template."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cruscotto.indicators.models import Indicator
from cruscotto.monitoring.models import (
    OpenAnswerLink,
    ProjectMention,
    ProjectProfile,
    Survey,
    SurveyQuestion,
)
from cruscotto.monitoring.services.metrics import (
    ActionMetrics,
    GroupMetrics,
    PlanMetrics,
    compute_plan_metrics,
)
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


def find_psm_plans() -> list[Plan]:
    return list(Plan.objects.filter(kind=Plan.Kind.PSM).select_related("ente").order_by("-code"))


def build_monitoring_report(plan: Plan) -> MonitoringReport:
    """Return everything the report shows, read with a fixed number of queries."""
    metrics = compute_plan_metrics(plan)
    codes = {pk: strategy.item.code for pk, strategy in metrics.strategies.items()}
    projects_by_strategy = read_projects_by_strategy(plan, codes)
    indicators_by_strategy: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in (
        Indicator.objects.filter(plan=plan, kind=Indicator.Kind.CONTEXT)
        .select_related("item")
        .prefetch_related("measurements")
        .order_by("position")
    ):
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
    survey = Survey.objects.filter(plan=plan).first()
    return MonitoringReport(plan, metrics, axes, survey, read_questions(survey))


def read_projects_by_strategy(plan: Plan, codes: dict[int, str]) -> dict[int, list[ProjectRow]]:
    """Return, per strategy item id, its projects with the codes of the actions they serve.

    Projects come in the order the report prints them under the strategy (their
    first mention there); each row carries its mentions' texts.
    """
    projects = {
        item.pk: item
        for item in PlanItem.objects.filter(plan=plan, level=PlanItem.Level.PROGETTO)
        .select_related("project_profile")
        .order_by("position")
    }
    strategies: dict[int, list[int]] = defaultdict(list)
    actions: dict[int, list[str]] = defaultdict(list)
    for project_id, target_id, level, code in Link.objects.filter(
        from_item__plan=plan, from_item__level=PlanItem.Level.PROGETTO
    ).values_list("from_item_id", "to_item_id", "to_item__level", "to_item__code"):
        if level == PlanItem.Level.STRATEGIA:
            strategies[target_id].append(project_id)
        else:
            actions[project_id].append(code)
    mentions: dict[tuple[int, int], list[str]] = defaultdict(list)
    first_mention: dict[tuple[int, int], int] = {}
    for project_id, strategy_id, position, text in (
        ProjectMention.objects.filter(project__plan=plan)
        .order_by("position")
        .values_list("project_id", "strategy_id", "position", "text")
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
                getattr(projects[project_id], "project_profile", None),
                sorted(c for c in actions[project_id] if c.startswith(codes[strategy_id] + ".")),
                mentions[(strategy_id, project_id)],
            )
            for project_id in sorted(ids, key=lambda pk: printed_order(strategy_id, pk))
        ]
        for strategy_id, ids in strategies.items()
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
