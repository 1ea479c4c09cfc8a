"""Implementation metrics of a strategic plan (PSM), per action, strategy and axis.

One computation for the monitoring page, the summary and any later report.
Definitions (also in docs/formats.md, "The monitoring of the PSM"):

- **projects** of an action: the distinct projects linked to it
  (`Link` of kind `contributes_to`); of a strategy: the distinct projects linked
  to the strategy or to one of its actions; of an axis: the same over its strategies.
- **implementation** of an action, from the data, never typed in:
  `con_progetti` when a project is linked to it; `in_grigio` (the report's
  grey actions) when the report printed no project beside it; otherwise
  `non_attribuibile`: projects are printed beside its block of actions, and
  the text does not say which of them serve it.
- **share of actions with at least one project**: `with_projects / actions`,
  a lower bound; `share_upper_bound` counts the non-attributable actions as
  served too. The true share lies between the two.
- **open-answer mentions**: the distinct open answers of the territory survey
  that cite the action, or (for a strategy or axis) any item beneath it.
- **context indicators**: the context indicators attached to the strategy.
- **status and score hook**: items of other plans (DUP activities, performance
  objectives) linked to an action (`linked_items`), with the statuses of their
  responsibilities; `score` stays None until scores of linked objectives exist.

Given a monitoring report (`document`), the metrics are that report's: the
actions, projects, links and context indicators it stated, in its wording,
where it printed each action, and its year's survey.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from cruscotto.core.models import SourceDocument
from cruscotto.indicators.models import Indicator
from cruscotto.monitoring.models import ActionPlacement, OpenAnswerLink
from cruscotto.monitoring.services.statements import DocumentStatements
from cruscotto.plans.models import Link, Plan, PlanItem, Responsibility

WITH_PROJECTS = "con_progetti"
GREY = "in_grigio"
NOT_ATTRIBUTABLE = "non_attribuibile"


@dataclass
class ActionMetrics:
    item: PlanItem
    project_ids: set[int] = field(default_factory=set)
    implementation: str = NOT_ATTRIBUTABLE
    open_answer_ids: set[int] = field(default_factory=set)
    linked_items: int = 0  # items of other plans linked to the action (the status hook)
    linked_statuses: Counter[str] = field(default_factory=Counter)
    score: Decimal | None = None  # filled once linked objectives are scored

    @property
    def projects(self) -> int:
        return len(self.project_ids)

    @property
    def open_answer_mentions(self) -> int:
        return len(self.open_answer_ids)


@dataclass
class GroupMetrics:
    """Metrics of a strategy or an axis over its actions."""

    item: PlanItem
    actions: list[ActionMetrics] = field(default_factory=list)
    project_ids: set[int] = field(default_factory=set)
    open_answer_ids: set[int] = field(default_factory=set)
    context_indicators: int = 0

    @property
    def projects(self) -> int:
        return len(self.project_ids)

    @property
    def open_answer_mentions(self) -> int:
        return len(self.open_answer_ids)

    def count(self, implementation: str) -> int:
        return sum(action.implementation == implementation for action in self.actions)

    @property
    def with_projects(self) -> int:
        return self.count(WITH_PROJECTS)

    @property
    def grey(self) -> int:
        return self.count(GREY)

    @property
    def not_attributable(self) -> int:
        return self.count(NOT_ATTRIBUTABLE)

    @property
    def grey_label(self) -> str:
        return describe_grey(self.grey, self.not_attributable)

    @property
    def share_with_projects(self) -> Decimal | None:
        """Lower bound of the share of actions with at least one project (0-1)."""
        return ratio(self.with_projects, len(self.actions))

    @property
    def share_upper_bound(self) -> Decimal | None:
        return ratio(self.with_projects + self.not_attributable, len(self.actions))


@dataclass
class PlanMetrics:
    plan: Plan
    axes: list[GroupMetrics]
    strategies: dict[int, GroupMetrics]  # by strategy item id
    actions: dict[int, ActionMetrics]  # by action item id
    total: GroupMetrics


def describe_grey(grey: int, not_attributable: int) -> str:
    """The number of grey actions as far as the text tells: "3", or "n.d. (0–110)".

    The report prints its grey actions in a colour the converted text lost: an
    action is known to be grey only when no project is printed beside its block,
    and a non-attributable action may be grey or served.
    """
    if not not_attributable:
        return str(grey)
    return f"n.d. ({grey}–{grey + not_attributable})"


def ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def compute_plan_metrics(
    plan: Plan,
    document: SourceDocument | None = None,
    statements: DocumentStatements | None = None,
    context_indicators: list[Indicator] | None = None,
) -> PlanMetrics:
    """Return the metrics of every action, strategy and axis of `plan`, in a fixed number of queries.

    With a monitoring report (`document`), as that report states them (see the module);
    `context_indicators`, when the caller has read them already (as the report states them).
    """
    if statements is None:
        statements = DocumentStatements(document, STATED_MODELS)
    items = sorted(
        statements.keep(PlanItem.objects.filter(plan=plan).order_by("position")),
        key=lambda item: item.position,
    )
    actions = {i.pk: ActionMetrics(i) for i in items if i.level == PlanItem.Level.AZIONE}
    strategies = {i.pk: GroupMetrics(i) for i in items if i.level == PlanItem.Level.STRATEGIA}
    axes = {i.pk: GroupMetrics(i) for i in items if i.level == PlanItem.Level.ASSE}
    read_project_links(plan, actions, strategies, statements.ids(Link))
    read_placements(plan, actions, document)
    read_open_answers(plan, actions, strategies, document)
    read_linked_items(plan, actions)
    if context_indicators is None:
        context_indicators = read_context_indicators(plan, statements)
    for strategy_id, count in Counter(i.item_id for i in context_indicators if i.item_id).items():
        if strategy_id in strategies:
            strategies[strategy_id].context_indicators = count
    total = GroupMetrics(PlanItem(plan=plan, title=plan.title, level=""))
    for action in actions.values():
        strategy = strategies.get(action.item.parent_id or 0)
        if strategy is None:
            continue
        strategy.actions.append(action)
        strategy.project_ids |= action.project_ids
        strategy.open_answer_ids |= action.open_answer_ids
    for strategy in strategies.values():
        axis = axes.get(strategy.item.parent_id or 0)
        for group in [axis, total]:
            if group is None:
                continue
            group.actions.extend(strategy.actions)
            group.project_ids |= strategy.project_ids
            group.open_answer_ids |= strategy.open_answer_ids
            group.context_indicators += strategy.context_indicators
    return PlanMetrics(plan, list(axes.values()), strategies, actions, total)


# The shared records a monitoring report states, read as it stated them.
STATED_MODELS = [PlanItem, Link, Indicator]


def read_project_links(
    plan: Plan,
    actions: dict[int, ActionMetrics],
    strategies: dict[int, GroupMetrics],
    stated_links: set[int] | None,
) -> None:
    links = Link.objects.filter(
        from_item__plan=plan,
        from_item__level=PlanItem.Level.PROGETTO,
        kind=Link.Kind.CONTRIBUTES_TO,
    ).values_list("pk", "from_item_id", "to_item_id")
    for link_id, project_id, target_id in links:
        if stated_links is not None and link_id not in stated_links:
            continue
        if target_id in actions:
            actions[target_id].project_ids.add(project_id)
            actions[target_id].implementation = WITH_PROJECTS
        elif target_id in strategies:
            strategies[target_id].project_ids.add(project_id)


def read_placements(
    plan: Plan, actions: dict[int, ActionMetrics], document: SourceDocument | None
) -> None:
    placements = ActionPlacement.objects.filter(action__plan=plan)
    if document is not None:  # each report printed the action in a block of its own
        placements = placements.filter(source_document=document)
    for action_id, block_projects in placements.values_list("action_id", "block_project_count"):
        action = actions.get(action_id)
        if action is not None and not action.project_ids and block_projects == 0:
            action.implementation = GREY


def read_open_answers(
    plan: Plan,
    actions: dict[int, ActionMetrics],
    strategies: dict[int, GroupMetrics],
    document: SourceDocument | None,
) -> None:
    links = OpenAnswerLink.objects.filter(item__plan=plan)
    if document is not None:  # that year's survey
        links = links.filter(source_document=document)
    for answer_id, item_id in links.values_list("answer_id", "item_id"):
        if item_id in actions:
            actions[item_id].open_answer_ids.add(answer_id)
        elif item_id in strategies:
            strategies[item_id].open_answer_ids.add(answer_id)


def read_linked_items(plan: Plan, actions: dict[int, ActionMetrics]) -> None:
    """The status hook: items of other plans linked to the plan's actions, and their statuses."""
    links = (
        Link.objects.filter(to_item__plan=plan, to_item__level=PlanItem.Level.AZIONE)
        .exclude(from_item__plan=plan)
        .values_list("from_item_id", "to_item_id")
    )
    linked: dict[int, list[int]] = defaultdict(list)
    for source_id, action_id in links:
        actions[action_id].linked_items += 1
        linked[source_id].append(action_id)
    if not linked:
        return
    statuses = Responsibility.objects.filter(
        item_id__in=linked, role=Responsibility.Role.RESPONSIBLE
    ).values_list("item_id", "status__code")
    for item_id, status in statuses:
        for action_id in linked[item_id]:
            actions[action_id].linked_statuses[status or "non_indicato"] += 1


def read_context_indicators(plan: Plan, statements: DocumentStatements) -> list[Indicator]:
    """The plan's context indicators (as the report of `statements` states them)."""
    indicators = Indicator.objects.filter(plan=plan, kind=Indicator.Kind.CONTEXT).only(
        "pk", "item_id"
    )
    return statements.keep(indicators)
