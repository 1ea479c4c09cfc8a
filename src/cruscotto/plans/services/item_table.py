"""A filtered list of a plan's items as a table: the rows of the page's CSV and XLSX download.

The rows are those the plan page finds with the same filters (facets.py), every one of
them, not just the page shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from cruscotto.plans.models import ItemTag, Plan, PlanItem, Responsibility

HEADER = [
    "Livello",
    "Codice",
    "Voce",
    "Appartiene a",
    "Strutture responsabili e stato",
    "Strutture coinvolte",
    "Impatto",
    "Id",
]
UNKNOWN_STATUS = "stato non indicato"


def item_table(plan: Plan, item_ids: Sequence[int]) -> list[list[str]]:
    """The header and one row per item of `item_ids` (in that order): level, code, text,
    the chain of items it belongs to, its departments with their status, its impacts."""
    outline = {
        pk: (level, code, title)
        for pk, level, code, title in PlanItem.objects.filter(plan=plan).values_list(
            "pk", "level", "code", "title"
        )
    }
    parents = dict(PlanItem.objects.filter(plan=plan).values_list("pk", "parent_id"))
    levels = dict(PlanItem.Level.choices)
    wanted = set(item_ids)
    responsible: dict[int, list[str]] = {}
    involved: dict[int, list[str]] = {}
    for item_id, role, unit, status, as_printed in (
        Responsibility.objects.filter(item__plan=plan)
        .order_by("item_id", "position")
        .values_list("item_id", "role", "org_unit__name", "status__name", "status_as_printed")
    ):
        if item_id not in wanted:
            continue
        if role == Responsibility.Role.RESPONSIBLE:
            responsible.setdefault(item_id, []).append(
                f"{unit}: {status or as_printed or UNKNOWN_STATUS}"
            )
        else:
            involved.setdefault(item_id, []).append(unit)
    impacts: dict[int, list[str]] = {}
    for item_id, name in (
        ItemTag.objects.filter(item__plan=plan, term__taxonomy__code="impatto")
        .order_by("item_id", "position", "term__position")
        .values_list("item_id", "term__name")
    ):
        impacts.setdefault(item_id, []).append(name)
    rows = [list(HEADER)]
    for pk in item_ids:
        if pk not in outline:
            continue
        level, code, title = outline[pk]
        chain: list[str] = []
        parent_id, depth = parents.get(pk), 0
        while parent_id is not None and depth < 20:
            parent_level, parent_code, parent_title = outline[parent_id]
            chain.insert(0, f"{levels.get(parent_level, parent_level)} {parent_code}".strip())
            parent_id, depth = parents.get(parent_id), depth + 1
        rows.append(
            [
                levels.get(level, level),
                code,
                title,
                " › ".join(chain),
                "; ".join(responsible.get(pk, [])),
                "; ".join(involved.get(pk, [])),
                ", ".join(impacts.get(pk, [])),
                str(pk),
            ]
        )
    return rows


def table_as_csv(rows: list[list[str]]) -> str:
    """The rows as CSV, with a byte-order mark so that a spreadsheet reads the accents."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
