"""Any plan in the spreadsheet template (domain/spreadsheet_template.py).

`plan_workbook(plan)` gives the rows of each sheet, so that importing them back into
an empty database gives the same items, tree, tags, responsibilities with their
statuses per year, indicators with their targets, and values with their years.
`template_workbook()` gives the empty template with its `istruzioni`.
"""

from __future__ import annotations

from collections import defaultdict

from cruscotto.domain.spreadsheet_template import (
    INDICATORS,
    INSTRUCTIONS_SHEET,
    ITEMS,
    LEVEL_NAMES,
    PLAN,
    SHEETS,
    VALUES,
    instructions_rows,
)
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.performance.models import Assignment
from cruscotto.plans.models import ItemTag, Plan, PlanItem, Responsibility, StatusReport

Rows = list[list[str]]
# The tags with a column of their own; every other taxonomy goes to «etichette».
TAG_COLUMNS = {"bilancio_118": "bilancio", "sdg": "sdg", "pnrr_missioni": "pnrr"}
POLARITY_WORDS = {"higher": "crescente", "lower": "decrescente"}


def template_workbook() -> dict[str, Rows]:
    """The empty template: each sheet's header (the plan's fields), and the instructions."""
    sheets: dict[str, Rows] = {
        PLAN.name: [["campo", "valore"], *([column.name, ""] for column in PLAN.columns)]
    }
    for sheet in SHEETS[1:]:
        sheets[sheet.name] = [[column.name for column in sheet.columns]]
    sheets[INSTRUCTIONS_SHEET] = instructions_rows()
    return sheets


def text(value: object) -> str:
    return "" if value is None else str(value)


def ordered_items(plan: Plan) -> list[PlanItem]:
    """The plan's items, each after its parent, siblings in the plan's order."""
    items = list(PlanItem.objects.filter(plan=plan).order_by("position", "pk"))
    children: dict[int | None, list[PlanItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    ordered: list[PlanItem] = []
    stack = list(reversed(children[None]))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(children[item.pk]))
    return ordered


def per_unit(values: list[tuple[str, str]], units: int) -> str:
    """The value alone for the one structure of an item that has one (of `units`), else
    each structure's: "A: In corso; B: Concluso"."""
    if len(values) == 1 and units == 1 and values[0][1]:  # "A: " says a status not printed
        return values[0][1]
    return "; ".join(f"{unit}: {value}" for unit, value in values)


def plan_workbook(plan: Plan) -> dict[str, Rows]:
    """The plan's sheets, rows of text, header first."""
    items = ordered_items(plan)
    keys = {item.pk: item.key for item in items}
    responsibilities: dict[int, list[Responsibility]] = defaultdict(list)
    for responsibility in (
        Responsibility.objects.filter(item__plan=plan)
        .select_related("org_unit", "person")
        .order_by("item", "role", "position", "pk")
    ):
        responsibilities[responsibility.item_id].append(responsibility)
    statuses: dict[int, dict[int, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for report in (
        StatusReport.objects.filter(responsibility__item__plan=plan)
        .select_related("responsibility__org_unit")
        .order_by("responsibility__position", "responsibility__pk", "year")
    ):
        statuses[report.responsibility.item_id][report.year].append(
            (report.responsibility.org_unit.name, report.status_as_printed)
        )
    years = sorted({year for by_year in statuses.values() for year in by_year})
    tags: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for tag in (
        ItemTag.objects.filter(item__plan=plan)
        .select_related("term__taxonomy")
        .order_by("item", "position", "term__position", "term__code")
    ):
        taxonomy = tag.term.taxonomy.code
        column = TAG_COLUMNS.get(taxonomy, "tags")
        tags[tag.item_id][column].append(
            tag.term.code if column != "tags" else f"{taxonomy}: {tag.term.code}"
        )
    weights = item_weights(plan, responsibilities)
    item_header = [column.name for column in ITEMS.columns] + [f"stato {year}" for year in years]
    item_rows: Rows = [item_header]
    for item in items:
        held = responsibilities[item.pk]
        responsible = [r for r in held if r.role == Responsibility.Role.RESPONSIBLE]
        involved = [r for r in held if r.role == Responsibility.Role.INVOLVED]
        people = [(r.org_unit.name, r.person.name) for r in responsible if r.person]
        weight, slot = weights.get(item.pk, ("", ""))
        cells = {
            "code": item.key,
            "printed_code": item.code,
            "level": item.level_label or LEVEL_NAMES.get(item.level, item.level),
            "parent": keys.get(item.parent_id, "") if item.parent_id else "",
            "title": item.title,
            "description": item.description,
            "units": "; ".join(r.org_unit.name for r in responsible),
            "involved_units": "; ".join(r.org_unit.name for r in involved),
            "people": per_unit(people, len(responsible)) if people else "",
            "weight": weight,
            "slot": slot,
            "bilancio": "; ".join(tags[item.pk]["bilancio"]),
            "sdg": "; ".join(tags[item.pk]["sdg"]),
            "pnrr": "; ".join(tags[item.pk]["pnrr"]),
            "tags": "; ".join(tags[item.pk]["tags"]),
        }
        item_rows.append(
            [cells[column.key] for column in ITEMS.columns]
            + [
                per_unit(statuses[item.pk][year], len(responsible))
                if statuses[item.pk][year]
                else ""
                for year in years
            ]
        )
    return {
        PLAN.name: [
            ["campo", "valore"],
            ["ente", plan.ente.code],
            ["tipo", plan.kind],
            ["codice", plan.code],
            ["titolo", plan.title],
            ["anno di inizio", text(plan.period_start)],
            ["anno di fine", text(plan.period_end)],
            ["edizione", plan.edition],
        ],
        ITEMS.name: item_rows,
        INDICATORS.name: indicator_rows(plan, keys),
        VALUES.name: value_rows(plan),
    }


def item_weights(
    plan: Plan, responsibilities: dict[int, list[Responsibility]]
) -> dict[int, tuple[str, str]]:
    """Each item's weights ("A: 20; B: 10") and slot, where the template can say them: every
    weight is known, given to one of its responsible structures, in one slot."""
    by_item: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(plan=plan).select_related("org_unit"):
        by_item[assignment.objective_id].append(assignment)
    weights = {}
    for item_id, assignments in by_item.items():
        units = {
            r.org_unit_id
            for r in responsibilities[item_id]
            if r.role == Responsibility.Role.RESPONSIBLE
        }
        slots = {a.slot_kind for a in assignments}
        if len(slots) == 1 and all(
            a.weight is not None and a.org_unit_id in units for a in assignments
        ):
            weights[item_id] = (
                per_unit([(a.org_unit.name, str(a.weight)) for a in assignments], len(units)),
                slots.pop(),
            )
    return weights


def indicator_rows(plan: Plan, item_keys: dict[int, str]) -> Rows:
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position", "pk"))
    years = sorted({int(year) for i in indicators for year in i.targets_by_year})
    rows: Rows = [[column.name for column in INDICATORS.columns] + [f"target {y}" for y in years]]
    for indicator in indicators:
        cells = {
            "code": indicator.key,
            "printed_code": indicator.code,
            "item": item_keys.get(indicator.item_id, "") if indicator.item_id else "",
            "name": indicator.name,
            "kind": indicator.kind.replace("_", " "),
            "unit": indicator.unit,
            "polarity": POLARITY_WORDS.get(indicator.polarity, ""),
            "baseline": indicator.baseline,
            "target": indicator.target,
            "formula": indicator.formula,
            "source": indicator.source,
            "territorial_level": indicator.territorial_level,
            "table_title": indicator.table_title,
            "group_path": " / ".join(indicator.group_path),
            "notes": indicator.notes,
        }
        rows.append(
            [cells[column.key] for column in INDICATORS.columns]
            + [indicator.targets_by_year.get(str(year), "") for year in years]
        )
    return rows


def value_rows(plan: Plan) -> Rows:
    rows: Rows = [[column.name for column in VALUES.columns]]
    for measurement in (
        Measurement.objects.filter(indicator__plan=plan)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__pk", "series", "year", "reported_year")
    ):
        cells = {
            "indicator": measurement.indicator.key,
            "year": str(measurement.year),
            "value": measurement.as_printed,
            "series": measurement.series,
            "reported_year": text(measurement.reported_year),
            # What was read beside what was written, so the import reads it alike.
            "number": ""
            if measurement.value is None
            else format(measurement.value.normalize(), "f"),
            "value_type": measurement.value_type,
        }
        rows.append([cells[column.key] for column in VALUES.columns])
    return rows
