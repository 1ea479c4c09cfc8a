"""The chain of an item across plans: what it carries out (up) and what carries it out (down).

Up follows the item's outgoing links (an activity *refers to* a mandate line,
a strategy *serves* a mandate action, *continues* one of the previous edition,
*addresses* a need) from the item and from each item that contains it. Down
follows incoming links and contained items. Both walk the links of every plan
in the database, whatever document they came from.

The walk runs in memory over a `PlanGraph`: every item's parent and level and
every link, read in two queries of bare ids, whatever the length of the chain
(three for one item's trace: the linked plans first).
The items the walk reaches are then read in one more query. A page or a
coverage report therefore costs the same few queries for a chain of one item
or of a hundred.

The chain of one item never leaves the plans its plan is linked to, directly or
through other plans: `PlanGraph.load_around` reads only those, so one item's
trace costs the same whether the database holds three enti or three hundred.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from cruscotto.domain.text import ascii_int
from cruscotto.plans.models import Link, Plan, PlanItem

MAX_DEPTH = 8  # deeper than any chain mandate → PSM → azione → progetto → …
CONTAINS = "contiene"
CONTAINED_IN = "contenuto in"
NOT_CARRYING_OUT = {Link.Kind.LISTS, Link.Kind.POSSIBLE_AXIS}


@dataclass(frozen=True)
class Edge:
    """One step from an item to a neighbour: the neighbour, and how they are related."""

    item_id: int
    relation: str  # a Link kind, or CONTAINS / CONTAINED_IN
    origin: str  # the link's origin (stated, derived, user); "" for containment


@dataclass(frozen=True)
class Step:
    item: PlanItem
    depth: int
    relation: str  # a Link kind, or CONTAINS / CONTAINED_IN
    origin: str  # the link's origin (stated, derived, user); "" for containment


@dataclass
class PlanGraph:
    """The containment tree and the links of every plan, as ids: what a walk needs, no more.

    Neighbours come in a fixed order: up, an item's parent, then its links; down,
    its children by position, then the links that point to it; links in the
    order they were created.
    """

    parent: dict[int, int] = field(default_factory=dict)
    level: dict[int, str] = field(default_factory=dict)
    children: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    links_out: defaultdict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    links_in: defaultdict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, ente_code: str | None = None) -> PlanGraph:
        """Read the graph in two queries: of every plan, or of one ente's plans.

        One ente's graph keeps the links that leave it and the items they reach,
        so a walk never meets an item it has no level for.
        """
        if ente_code is None:
            return cls.read(PlanItem.objects.all(), Link.objects.all())
        plans = Plan.objects.filter(ente__code=ente_code).values("pk")
        # The links from the ente's items and those to them, each through the items' index
        # on their plan: one condition with OR over both ends had PostgreSQL read every
        # ente's links and items (a second at three hundred enti).
        fields = ("pk", "from_item_id", "to_item_id", "kind", "origin")
        link_rows = list(
            Link.objects.filter(from_item__plan_id__in=plans)
            .order_by()  # SQLite refuses an ORDER BY (the models' own) inside a UNION
            .values_list(*fields)
            .union(Link.objects.filter(to_item__plan_id__in=plans).order_by().values_list(*fields))
            .order_by("pk")
        )
        far_ends = {end for row in link_rows for end in row[1:3]}
        # The union of two indexed reads, for the same reason.
        tree_fields = ("plan_id", "position", "pk", "parent_id", "level")
        tree_rows = (
            PlanItem.objects.filter(plan_id__in=plans)
            .order_by()
            .values_list(*tree_fields)
            .union(PlanItem.objects.filter(pk__in=far_ends).order_by().values_list(*tree_fields))
            .order_by("plan_id", "position", "pk")
        )
        graph = cls.read_tree(row[2:] for row in tree_rows)
        graph.add_links(
            (from_id, to_id, kind, origin) for _, from_id, to_id, kind, origin in link_rows
        )
        return graph

    @classmethod
    def load_around(cls, item: PlanItem) -> PlanGraph:
        """Read, in three queries, the graph of the plans linked to `item`'s plan, directly or not.

        A walk from `item` (up or down, through containment or links) only reaches
        items of those plans, so it finds the same chain as over `load()`; every
        other plan, of every other ente, is left unread.
        """
        plans = linked_plans(item.plan_id)
        return cls.read(
            PlanItem.objects.filter(plan_id__in=plans),
            Link.objects.filter(from_item__plan_id__in=plans),
        )

    @classmethod
    def read(cls, items: QuerySet[PlanItem], links: QuerySet[Link]) -> PlanGraph:
        """Read the tree of `items` and the `links`, as ids, in two queries."""
        graph = cls.read_tree(
            items.order_by("plan_id", "position", "pk").values_list("pk", "parent_id", "level")
        )
        graph.add_links(
            links.order_by("pk").values_list("from_item_id", "to_item_id", "kind", "origin")
        )
        return graph

    @classmethod
    def read_tree(cls, rows: Iterable[tuple[int, int | None, str]]) -> PlanGraph:
        """The graph of a tree of items given as (id, parent, level), without links yet."""
        graph = cls()
        for pk, parent_id, level in rows:
            graph.level[pk] = level
            if parent_id is not None:
                graph.parent[pk] = parent_id
                graph.children[parent_id].append(pk)
        return graph

    def add_links(self, link_rows: Iterable[tuple[int, int, str, str]]) -> None:
        """Add links (from, to, kind, origin), in the order given."""
        for from_id, to_id, kind, origin in link_rows:
            self.links_out[from_id].append(Edge(to_id, kind, origin))
            self.links_in[to_id].append(Edge(from_id, kind, origin))

    def up(self, item_id: int) -> list[Edge]:
        found = [Edge(self.parent[item_id], CONTAINED_IN, "")] if item_id in self.parent else []
        return found + self.links_out.get(item_id, [])

    def down(self, item_id: int) -> list[Edge]:
        found = [Edge(child, CONTAINS, "") for child in self.children.get(item_id, [])]
        return found + self.links_in.get(item_id, [])

    def carrying_out(self, item_id: int) -> list[Edge]:
        """Like `down`, without "lists" and "possible_axis" links.

        A programma that lists a mandate line in its table does not carry it out:
        only its activities that refer to the line do. Following "lists" would
        count every activity of the programma for every line it lists. A theme
        that could go under an axis is a suggestion, not something done for it.
        """
        return [edge for edge in self.down(item_id) if edge.relation not in NOT_CARRYING_OUT]

    def walk(self, item_id: int, neighbours: Callable[[int], list[Edge]]) -> list[tuple[Edge, int]]:
        """Return the items reachable from `item_id`, breadth first, each once, with its depth."""
        seen = {item_id}
        reached: list[tuple[Edge, int]] = []
        queue: deque[tuple[int, int]] = deque([(item_id, 0)])
        while queue:
            current, depth = queue.popleft()
            if depth >= MAX_DEPTH:
                continue
            for edge in neighbours(current):
                if edge.item_id in seen:
                    continue
                seen.add(edge.item_id)
                reached.append((edge, depth + 1))
                queue.append((edge.item_id, depth + 1))
        return reached


def linked_plans(plan_id: int) -> list[int]:
    """Return the plans reachable from `plan_id` by links in either direction, in one query.

    A recursive query follows the links, both ways, from the plans reached so far,
    each plan once. Every step goes through an index (the items of a plan, the links
    from or to an item, the plan of the item at the other end, read one row each
    rather than joined with every item): what it reads grows with the linked plans,
    not with the database. The list is returned, not kept as a subquery, so that the
    tree and the links are then read by the plans' index: the planner cannot tell
    how many plans a recursive query yields and would scan every item instead.
    """
    # The start is read from the plans' table, not a bare parameter, so that both terms of
    # the recursion have the plans' id type (PostgreSQL refuses an integer beside a bigint).
    plan_table = Plan._meta.db_table
    item_table = PlanItem._meta.db_table
    link_table = Link._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE reached(plan_id) AS (
                SELECT id FROM {plan_table} WHERE id = %s
                UNION
                SELECT (
                    SELECT other.plan_id FROM {item_table} other
                    WHERE other.id = CASE WHEN link.from_item_id = mine.id
                        THEN link.to_item_id ELSE link.from_item_id END
                )
                FROM reached
                JOIN {item_table} mine ON mine.plan_id = reached.plan_id
                JOIN {link_table} link
                    ON link.from_item_id = mine.id OR link.to_item_id = mine.id
            )
            SELECT plan_id FROM reached
            """,
            [plan_id],
        )
        return [row[0] for row in cursor.fetchall()]


def load_items(ids: Iterable[int]) -> dict[int, PlanItem]:
    """Return the items with their plan and ente, by id, in one query."""
    return PlanItem.objects.select_related("plan__ente").in_bulk(set(ids))


def as_steps(reached: list[tuple[Edge, int]], items: dict[int, PlanItem]) -> list[Step]:
    return [Step(items[edge.item_id], depth, edge.relation, edge.origin) for edge, depth in reached]


def trace_item(item: PlanItem, graph: PlanGraph | None = None) -> dict[str, list[Step]]:
    """Return the chain of `item`: {"up": [...], "down": [...]}."""
    graph = graph or PlanGraph.load_around(item)
    up = graph.walk(item.pk, graph.up)
    down = graph.walk(item.pk, graph.down)
    items = load_items(edge.item_id for edge, _ in up + down)
    return {"up": as_steps(up, items), "down": as_steps(down, items)}


def carried_out_by(item: PlanItem, graph: PlanGraph | None = None) -> list[Step]:
    """Return what carries `item` out: the chain down without "lists" links."""
    graph = graph or PlanGraph.load_around(item)
    reached = graph.walk(item.pk, graph.carrying_out)
    return as_steps(reached, load_items(edge.item_id for edge, _ in reached))


def relation_label(relation: str) -> str:
    """Return how the web and the CLI name a relation: the Link kind's label, or containment."""
    return Link.Kind(relation).label if relation in Link.Kind.values else relation


def describe_item(item: PlanItem) -> dict[str, Any]:
    plan = item.plan
    return {
        "id": item.pk,
        "ente": plan.ente.code,
        "plan_kind": plan.kind,
        "plan": plan.code,
        "plan_title": plan.title,
        "level": item.level,
        "level_label": item.get_level_display(),
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
                    "relation_label": relation_label(step.relation),
                    "origin": step.origin,
                    "origin_label": Link.Origin(step.origin).label if step.origin else "",
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
    if (pk := ascii_int(reference)) is not None:
        found = items.filter(pk=pk).first()
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
