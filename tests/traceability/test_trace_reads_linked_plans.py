"""One item's trace reads the plans linked to its plan, not every plan of every ente.

Over every plan the trace page read the whole database's tree and links, so its time
grew with the number of enti (74 ms at 3, 1.9 s at 129 on PostgreSQL, docs/scale.md).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from cruscotto.plans.models import Link, PlanItem
from cruscotto.traceability.services.trace import PlanGraph, find_item, trace_item

from .test_query_counts import every_plan  # noqa: F401 (an imported-once fixture)

pytestmark = pytest.mark.django_db

REFERENCES = [
    "torino/dup/2021-2026/M01.P02.a",
    "torino/dup/2021-2026/M01",
    "cmto/psm/2021-2023/strategia-3.3",
    "cmto/mandato/2021-2026/azione-3.3",
]


def plans_linked_to(plan_id: int) -> set[int]:
    """The plans reachable from `plan_id` by links either way, walked here over every link."""
    neighbours: defaultdict[int, set[int]] = defaultdict(set)
    for from_plan, to_plan in Link.objects.values_list("from_item__plan_id", "to_item__plan_id"):
        neighbours[from_plan].add(to_plan)
        neighbours[to_plan].add(from_plan)
    reached, frontier = {plan_id}, [plan_id]
    while frontier:
        current = frontier.pop()
        for other in neighbours[current] - reached:
            reached.add(other)
            frontier.append(other)
    return reached


@pytest.mark.parametrize("reference", REFERENCES)
def test_the_graph_of_a_trace_holds_only_the_linked_plans(
    every_plan: None,  # noqa: F811
    reference: str,
) -> None:
    item = find_item(reference)
    linked = plans_linked_to(item.plan_id)
    graph = PlanGraph.load_around(item)

    assert set(graph.level) == set(
        PlanItem.objects.filter(plan_id__in=linked).values_list("pk", flat=True)
    )
    assert len(linked) < PlanItem.objects.values("plan_id").distinct().count()
    assert set(graph.links_out) == set(
        Link.objects.filter(from_item__plan_id__in=linked).values_list("from_item_id", flat=True)
    )


@pytest.mark.parametrize("reference", REFERENCES)
def test_the_trace_over_the_linked_plans_is_the_trace_over_every_plan(
    every_plan: None,  # noqa: F811
    reference: str,
) -> None:
    item = find_item(reference)
    around = trace_item(item)
    everywhere = trace_item(item, PlanGraph.load())

    assert around["up"] + around["down"]
    for direction in ["up", "down"]:
        assert [
            (step.item.pk, step.depth, step.relation, step.origin) for step in around[direction]
        ] == [
            (step.item.pk, step.depth, step.relation, step.origin) for step in everywhere[direction]
        ]
