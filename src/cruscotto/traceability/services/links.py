"""Links between plans derived by rules, refreshed after every import that can change them.

Each rule reads the items of the plans in the database and states which links
it derives; `refresh_derived_links` makes the derived links of each rule equal
to that list (natural-key sync), so it can run after any import, in any order,
and a second run changes nothing. Stated links (printed in a document) and
links a user entered are never touched.

Rules (all `origin = derived`):

- `mandate_to_previous_psm`: a strategy of the PSM in force when the mandate
  began *serves* the mandate action of the same axis whose words it shares
  most (the mandate says its axes follow that PSM one to one);
- `psm_editions`: a strategy of a PSM edition *continues* the strategy of the
  previous edition, same axis, whose words it shares most (codes are
  renumbered between editions: 2021-23's 1.3 is 2024-26's 1.2);
- `needs_to_strategies`: a strategy of a PSM edition *serves* the need of the
  same edition's preliminary phase, same axis, whose words it shares most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.search.services import stem_text

# A pair is linked when at least this many stems are shared and they make at
# least this share of the shorter text: low enough for "Promuovere la sharing
# economy come fattore di sviluppo locale" ~ "promuovere la sharing economy come
# fattore di sviluppo locale", high enough that two texts sharing only
# "metropoli" and "territorio" stay apart.
MIN_SHARED_STEMS = 2
MIN_SHARE = 0.34


@dataclass(frozen=True)
class Candidate:
    item_id: int
    axis: str  # the axis number the item sits under
    stems: frozenset[str]


def axis_of(item: PlanItem, by_id: dict[int, PlanItem]) -> str:
    """Return the code of the axis an item sits under (its own code if it is an axis)."""
    current: PlanItem | None = item
    while current is not None and current.level != PlanItem.Level.ASSE:
        current = by_id.get(current.parent_id) if current.parent_id else None
    return current.code if current is not None else ""


def candidates(
    items: Iterable[PlanItem], by_id: dict[int, PlanItem], text_of: Any
) -> list[Candidate]:
    return [
        Candidate(item.pk, axis_of(item, by_id), frozenset(stem_text(text_of(item))))
        for item in items
    ]


def best_matches(sources: list[Candidate], targets: list[Candidate]) -> list[tuple[int, int]]:
    """Return (source id, target id) for each source's best target of the same axis, if close enough.

    A tie between two targets links neither: a rule must not pick by chance.
    """
    pairs = []
    for source in sources:
        scored = []
        for target in targets:
            if target.axis != source.axis or not source.stems or not target.stems:
                continue
            shared = len(source.stems & target.stems)
            share = shared / min(len(source.stems), len(target.stems))
            if shared >= MIN_SHARED_STEMS and share >= MIN_SHARE:
                scored.append((share, shared, target.item_id))
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][:2] != scored[1][:2]):
            pairs.append((source.item_id, scored[0][2]))
    return pairs


def items_of(plans: QuerySet[Plan]) -> dict[int, PlanItem]:
    return {item.pk: item for item in PlanItem.objects.filter(plan__in=plans)}


def strategy_text(item: PlanItem) -> str:
    """The words of a strategy: its title, or, when only its code was printed, what was said of it."""
    if item.title and not item.title.startswith("Strategia "):
        return item.title
    return item.description.split(". ")[0]


def action_text(item: PlanItem) -> str:
    return f"{item.title} {item.description}"


def plans_with(level: str) -> QuerySet[Plan]:
    return Plan.objects.filter(items__level=level).distinct()


def mandate_to_previous_psm() -> list[dict[str, Any]]:
    links = []
    for mandate in plans_with(PlanItem.Level.AZIONE).filter(kind=Plan.Kind.MANDATO):
        if mandate.period_start is None:
            continue
        in_force = plans_with(PlanItem.Level.STRATEGIA).filter(
            kind=Plan.Kind.PSM,
            ente_id=mandate.ente_id,
            period_start__lte=mandate.period_start,
            period_end__gte=mandate.period_start,
        )
        by_id = items_of(Plan.objects.filter(Q(pk=mandate.pk) | Q(pk__in=in_force)))
        strategies = [i for i in by_id.values() if i.level == PlanItem.Level.STRATEGIA]
        actions = [
            i
            for i in by_id.values()
            if i.plan_id == mandate.pk and i.level == PlanItem.Level.AZIONE
        ]
        pairs = best_matches(
            candidates(strategies, by_id, strategy_text), candidates(actions, by_id, action_text)
        )
        links += [link_row(source, target, Link.Kind.SERVES) for source, target in pairs]
    return links


def psm_editions() -> list[dict[str, Any]]:
    links = []
    editions = list(plans_with(PlanItem.Level.STRATEGIA).filter(kind=Plan.Kind.PSM))
    for plan in editions:
        earlier = [
            other
            for other in editions
            if other.ente_id == plan.ente_id
            and other.period_end is not None
            and plan.period_start is not None
            and other.period_end < plan.period_start
        ]
        if not earlier:
            continue
        previous = max(earlier, key=lambda other: other.period_end or 0)
        by_id = items_of(Plan.objects.filter(pk__in=[plan.pk, previous.pk]))
        new = [
            i
            for i in by_id.values()
            if i.plan_id == plan.pk and i.level == PlanItem.Level.STRATEGIA
        ]
        old = [
            i
            for i in by_id.values()
            if i.plan_id == previous.pk and i.level == PlanItem.Level.STRATEGIA
        ]
        pairs = best_matches(
            candidates(new, by_id, strategy_text), candidates(old, by_id, strategy_text)
        )
        links += [link_row(source, target, Link.Kind.CONTINUES) for source, target in pairs]
    return links


def needs_to_strategies() -> list[dict[str, Any]]:
    links = []
    phases = plans_with(PlanItem.Level.BISOGNO).filter(kind=Plan.Kind.PSM)
    for phase in phases:
        editions = (
            plans_with(PlanItem.Level.STRATEGIA)
            .filter(kind=Plan.Kind.PSM, ente_id=phase.ente_id, edition=phase.edition)
            .exclude(pk=phase.pk)
        )
        by_id = items_of(Plan.objects.filter(Q(pk=phase.pk) | Q(pk__in=editions)))
        needs = [
            i
            for i in by_id.values()
            if i.plan_id == phase.pk
            and i.level == PlanItem.Level.BISOGNO
            and i.parent_id is not None
            and by_id[i.parent_id].level == PlanItem.Level.ASSE
        ]
        strategies = [i for i in by_id.values() if i.level == PlanItem.Level.STRATEGIA]
        pairs = best_matches(
            candidates(strategies, by_id, strategy_text),
            candidates(needs, by_id, lambda i: i.title),
        )
        links += [link_row(source, target, Link.Kind.SERVES) for source, target in pairs]
    return links


def link_row(from_id: int, to_id: int, kind: str) -> dict[str, Any]:
    return {
        "from_item_id": from_id,
        "to_item_id": to_id,
        "kind": kind,
        "origin": Link.Origin.DERIVED,
        "local_code": "",
        "source_document_id": None,
        "source_line": None,
    }


# Each rule with the links it owns: only those are replaced when it runs.
RULES = [
    (
        mandate_to_previous_psm,
        Q(
            kind=Link.Kind.SERVES,
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__plan__kind=Plan.Kind.MANDATO,
        ),
    ),
    (
        psm_editions,
        Q(
            kind=Link.Kind.CONTINUES,
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__level=PlanItem.Level.STRATEGIA,
        ),
    ),
    (
        needs_to_strategies,
        Q(
            kind=Link.Kind.SERVES,
            from_item__level=PlanItem.Level.STRATEGIA,
            to_item__level=PlanItem.Level.BISOGNO,
        ),
    ),
]


def refresh_derived_links(counts: SyncCounts) -> None:
    """Make the derived links of every rule match what the rule derives from the data now."""
    for rule, owned in RULES:
        rows = rule()
        unique = {(row["from_item_id"], row["to_item_id"], row["kind"]): row for row in rows}
        sync_rows(
            Link.objects.filter(owned, origin=Link.Origin.DERIVED),
            ["from_item_id", "to_item_id", "kind"],
            list(unique.values()),
            counts,
        )
