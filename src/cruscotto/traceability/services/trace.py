"""The chain of an item across plans: what it carries out (up) and what carries it out (down).

Up follows the item's outgoing links (an activity *refers to* a mandate line,
a strategy *serves* a mandate action) from the item and from each item that
contains it. Down follows incoming links and contained items. Both walk the
links of every plan in the database, whatever document they came from.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from cruscotto.plans.models import Link, PlanItem

MAX_DEPTH = 8  # deeper than any chain mandate → PSM → azione → progetto → …
CONTAINS = "contiene"
CONTAINED_IN = "contenuto in"


@dataclass(frozen=True)
class Step:
    item: PlanItem
    depth: int
    relation: str  # a Link kind, or CONTAINS / CONTAINED_IN
    origin: str  # the link's origin (stated, derived, user); "" for containment


def neighbours_up(item: PlanItem) -> list[tuple[PlanItem, str, str]]:
    found: list[tuple[PlanItem, str, str]] = []
    if item.parent_id:
        found.append((item.parent, CONTAINED_IN, ""))  # type: ignore[arg-type]
    for link in Link.objects.filter(from_item=item).select_related("to_item__plan"):
        found.append((link.to_item, link.kind, link.origin))
    return found


def neighbours_down(item: PlanItem) -> list[tuple[PlanItem, str, str]]:
    found: list[tuple[PlanItem, str, str]] = [
        (child, CONTAINS, "") for child in item.children.select_related("plan")
    ]
    for link in Link.objects.filter(to_item=item).select_related("from_item__plan"):
        found.append((link.from_item, link.kind, link.origin))
    return found


def neighbours_carrying_out(item: PlanItem) -> list[tuple[PlanItem, str, str]]:
    """Like `neighbours_down`, without "lists" links.

    A programma that lists a mandate line in its table does not carry it out:
    only its activities that refer to the line do. Following "lists" would
    count every activity of the programma for every line it lists.
    """
    return [step for step in neighbours_down(item) if step[1] != Link.Kind.LISTS]


def walk(item: PlanItem, neighbours: Any) -> list[Step]:
    """Return the items reachable from `item`, breadth first, each once, with its depth."""
    seen = {item.pk}
    steps: list[Step] = []
    queue: deque[tuple[PlanItem, int]] = deque([(item, 0)])
    while queue:
        current, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for neighbour, relation, origin in neighbours(current):
            if neighbour.pk in seen:
                continue
            seen.add(neighbour.pk)
            steps.append(Step(neighbour, depth + 1, relation, origin))
            queue.append((neighbour, depth + 1))
    return steps


def trace_item(item: PlanItem) -> dict[str, list[Step]]:
    """Return the chain of `item`: {"up": [...], "down": [...]}."""
    return {"up": walk(item, neighbours_up), "down": walk(item, neighbours_down)}


def carried_out_by(item: PlanItem) -> list[Step]:
    """Return what carries `item` out: the chain down without "lists" links."""
    return walk(item, neighbours_carrying_out)


def describe_item(item: PlanItem) -> dict[str, Any]:
    plan = item.plan
    return {
        "id": item.pk,
        "ente": plan.ente.code,
        "plan_kind": plan.kind,
        "plan": plan.code,
        "level": item.level,
        "key": item.key,
        "code": item.code,
        "title": item.title,
    }


def describe_trace(item: PlanItem) -> dict[str, Any]:
    chain = trace_item(item)
    return {
        "item": describe_item(item),
        **{
            direction: [
                {
                    "depth": step.depth,
                    "relation": step.relation,
                    "origin": step.origin,
                    **describe_item(step.item),
                }
                for step in steps
            ]
            for direction, steps in chain.items()
        },
    }


def find_item(reference: str) -> PlanItem:
    """Return the item named by its id ("123") or by "ente/kind/plan/key" ("cmto/mandato/2021-2026/azione-1.8")."""
    items = PlanItem.objects.select_related("plan__ente")
    if reference.isdigit():
        found = items.filter(pk=int(reference)).first()
    else:
        parts = reference.split("/")
        if len(parts) != 4:
            raise LookupError(f"voce non valida: {reference!r} (usare ID o ente/tipo/piano/chiave)")
        ente, kind, plan, key = parts
        found = items.filter(
            plan__ente__code=ente, plan__kind=kind, plan__code=plan, key=key
        ).first()
    if found is None:
        raise LookupError(f"voce non trovata: {reference!r}")
    return found
