"""Implementation metrics of the PSM against counts made by hand on the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cruscotto.loaders.common import LoadResult
from cruscotto.monitoring.models import ActionPlacement
from cruscotto.monitoring.services.metrics import (
    GREY,
    NOT_ATTRIBUTABLE,
    WITH_PROJECTS,
    PlanMetrics,
    compute_plan_metrics,
)
from cruscotto.plans.models import Link, Plan, PlanItem, Responsibility, Term

pytestmark = pytest.mark.django_db


def plan_metrics() -> PlanMetrics:
    return compute_plan_metrics(Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM))


def by_code(metrics: PlanMetrics) -> dict[str, object]:
    return {
        **{m.item.code: m for m in metrics.actions.values()},
        **{m.item.code: m for m in metrics.strategies.values()},
    }


def test_actions_with_a_project_are_the_three_the_text_names(psm_db: LoadResult) -> None:
    metrics = plan_metrics()
    with_projects = sorted(
        m.item.code for m in metrics.actions.values() if m.implementation == WITH_PROJECTS
    )
    # 2.1.3: printed alone beside Progetto ASFO; 1.2.1: "(cfr. azione 1.2.1)";
    # 2.1.5: names the PNRR measure M2C4I3.1 of the forestation project.
    assert with_projects == ["1.2.1", "2.1.3", "2.1.5"]
    # Every block of actions has projects beside it: no action is known to be grey.
    assert [m for m in metrics.actions.values() if m.implementation == GREY] == []
    total = metrics.total
    assert (len(total.actions), total.with_projects, total.grey, total.not_attributable) == (
        113, 3, 0, 110,
    )  # fmt: skip
    assert total.share_with_projects == Decimal("0.0265")  # 3 / 113
    assert total.share_upper_bound == Decimal("1.0000")
    assert total.projects == 121
    assert total.context_indicators == 85


def test_strategy_and_axis_metrics(psm_db: LoadResult) -> None:
    metrics = plan_metrics()
    strategies = {m.item.code: m for m in metrics.strategies.values()}
    # 1.1: six project paragraphs, six projects; 1.2: eight paragraphs, InnoSocialMetro twice.
    assert (strategies["1.1"].projects, strategies["1.2"].projects) == (6, 7)
    # 2.1: 22 paragraphs, the PTGM twice (protected areas, CIRCA catalogue).
    assert strategies["2.1"].projects == 21
    assert strategies["2.1"].with_projects == 2  # 2.1.3 and 2.1.5
    assert strategies["2.1"].share_with_projects == Decimal("0.3333")  # 2 of 6 actions
    assert strategies["4.1"].context_indicators == 5
    # One open answer cites Strategia 4.1 and its actions 4.1.1-4.1.4, and Strategia 4.2.
    assert (strategies["4.1"].open_answer_mentions, strategies["4.2"].open_answer_mentions) == (
        1,
        1,
    )
    assert (
        metrics.actions[
            next(pk for pk, m in metrics.actions.items() if m.item.code == "4.1.2")
        ].open_answer_mentions
        == 1
    )
    axes = {m.item.code: m for m in metrics.axes}
    assert [len(axes[str(n)].actions) for n in range(1, 7)] == [24, 22, 19, 15, 20, 13]
    assert axes["4"].open_answer_mentions == 1  # one answer, cited under two strategies
    assert metrics.total.open_answer_mentions == 3  # answers citing 4.1/4.2, 1.5, 2.1


def test_an_action_printed_without_projects_is_grey(psm_db: LoadResult) -> None:
    """The rule on a block with nothing beside it (the seed has none: see the fixture tests)."""
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM)
    ActionPlacement.objects.filter(action__key__in=["azione-1.1.1", "azione-2.1.5"]).update(
        block_project_count=0
    )
    metrics = {m.item.code: m for m in compute_plan_metrics(plan).actions.values()}
    assert metrics["1.1.1"].implementation == GREY
    # A linked project wins over the layout.
    assert metrics["2.1.5"].implementation == WITH_PROJECTS
    strategy = {m.item.code: m for m in compute_plan_metrics(plan).strategies.values()}["1.1"]
    assert (strategy.grey, strategy.with_projects, strategy.not_attributable) == (1, 0, 2)
    assert strategy.share_with_projects == Decimal("0.0000")
    assert strategy.share_upper_bound == Decimal("0.6667")


def test_the_status_hook_counts_linked_items_of_other_plans(psm_db: LoadResult) -> None:
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM)
    other = Plan.objects.create(
        ente=plan.ente, kind=Plan.Kind.PERFORMANCE, code="2024", title="PdP 2024"
    )
    objective = PlanItem.objects.create(plan=other, level="obiettivo", key="o1", title="Obiettivo")
    action = PlanItem.objects.get(plan=plan, key="azione-3.2.1")
    Link.objects.create(from_item=objective, to_item=action, kind=Link.Kind.SERVES)
    status = Term.objects.get(taxonomy__code="stato", code="in_corso")
    unit = plan.ente.org_units.create(name="Direzione", normalized_name="DIREZIONE")
    Responsibility.objects.create(item=objective, org_unit=unit, status=status)
    metrics = compute_plan_metrics(plan)
    hooked = metrics.actions[action.pk]
    assert (hooked.linked_items, dict(hooked.linked_statuses), hooked.score) == (
        1, {"in_corso": 1}, None,
    )  # fmt: skip
    # A link from another plan does not make the action one "with projects".
    assert hooked.implementation == NOT_ATTRIBUTABLE
