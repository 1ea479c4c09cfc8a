"""What changed from one edition of the PSM to the next: each strategy kept, renamed, dropped or new.

The answer is read from the `continues` links (`plans.Link`), whatever their
origin: a strategy of the earlier edition that a strategy of the later one
continues is `kept` or `renamed` (the link's `change`), one that none continues
is `dropped`, and a strategy of the later edition that continues none is `new`.
Dropped and new are the absence of a link, so they are not stored: a link a
user adds in the admin changes the answer at once.

Every edition pair of every ente, in four queries whatever the number of
strategies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.traceability.services.links import (
    change_between,
    edition_pairs,
    known_wordings,
    mandate_wordings,
)

KEPT = Link.Change.KEPT.value
RENAMED = Link.Change.RENAMED.value
DROPPED = "dropped"
NEW = "new"
CHANGES = [KEPT, RENAMED, DROPPED, NEW]
CHANGE_LABELS = {
    KEPT: "invariata",
    RENAMED: "rinominata",
    DROPPED: "non proseguita",
    NEW: "nuova",
}


@dataclass(frozen=True)
class EditionRow:
    change: str  # one of CHANGES
    old: PlanItem | None  # the earlier edition's strategy (None when new)
    new: PlanItem | None  # the later edition's strategy (None when dropped)
    origin: str  # the `continues` link's origin; "" for dropped and new
    old_title: str  # the words the old strategy is compared by; "" when new

    @property
    def axis(self) -> str:
        item = self.old or self.new
        assert item is not None
        parent = item.parent
        return parent.code if parent is not None and parent.level == PlanItem.Level.ASSE else ""


@dataclass(frozen=True)
class EditionComparison:
    previous: Plan
    plan: Plan
    rows: list[EditionRow]

    def counts(self) -> dict[str, int]:
        return {change: sum(row.change == change for row in self.rows) for change in CHANGES}


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def compare_editions() -> list[EditionComparison]:
    """Return the comparison of every PSM edition with the previous one, ordered by ente and period."""
    pairs = edition_pairs()
    if not pairs:
        return []
    plan_ids = {plan.pk for pair in pairs for plan in pair}
    strategies = list(
        PlanItem.objects.filter(plan_id__in=plan_ids, level=PlanItem.Level.STRATEGIA)
        .select_related("parent")
        .order_by("plan_id", "position")
    )
    by_id = {item.pk: item for item in strategies}
    links = [
        link
        for link in Link.objects.filter(
            kind=Link.Kind.CONTINUES, from_item_id__in=by_id, to_item_id__in=by_id
        ).order_by("pk")
    ]
    reprints = mandate_wordings(item.pk for item in strategies)
    comparisons = []
    for previous, plan in pairs:
        old = [item for item in strategies if item.plan_id == previous.pk]
        new = [item for item in strategies if item.plan_id == plan.pk]
        titles = {item.pk: known_wordings(item, reprints.get(item.pk, []))[0] for item in old}
        rows: list[EditionRow] = []
        continued: set[int] = set()
        continuing: set[int] = set()
        for link in links:
            if link.to_item_id not in titles or by_id[link.from_item_id].plan_id != plan.pk:
                continue
            later, earlier = by_id[link.from_item_id], by_id[link.to_item_id]
            change = link.change or change_between(titles[earlier.pk], later)
            rows.append(EditionRow(change, earlier, later, link.origin, titles[earlier.pk]))
            continued.add(earlier.pk)
            continuing.add(later.pk)
        rows += [
            EditionRow(DROPPED, item, None, "", titles[item.pk])
            for item in old
            if item.pk not in continued
        ]
        rows += [EditionRow(NEW, None, item, "", "") for item in new if item.pk not in continuing]
        rows.sort(
            key=lambda row: (
                code_key(row.axis),
                row.old is None,
                code_key(row.old.code if row.old else row.new.code if row.new else ""),
                code_key(row.new.code if row.new else ""),
            )
        )
        comparisons.append(EditionComparison(previous, plan, rows))
    return comparisons


def describe_strategy(item: PlanItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"id": item.pk, "key": item.key, "code": item.code, "title": item.title}


def describe_editions() -> list[dict[str, Any]]:
    """Return the comparisons as plain data (`cruscotto editions --json`)."""
    return [
        {
            "ente": comparison.plan.ente.code,
            "kind": comparison.plan.kind,
            "from": {"plan": comparison.previous.code, "title": comparison.previous.title},
            "to": {"plan": comparison.plan.code, "title": comparison.plan.title},
            "counts": comparison.counts(),
            "rows": [
                {
                    "axis": row.axis,
                    "change": row.change,
                    "origin": row.origin,
                    "old": describe_strategy(row.old),
                    "old_title": row.old_title,
                    "new": describe_strategy(row.new),
                }
                for row in comparison.rows
            ],
        }
        for comparison in compare_editions()
    ]
