"""What each unit must update in a campaign, prefilled with last year's values.

Built once when the campaign opens (`build_entries`): each activity a unit is
responsible for (its status and the year's actions), each indicator of those
activities and of the programmi above them (its value for the year), each objective
of the ente's performance plan of the year assigned to the unit (its actual value).
An indicator is asked of one unit only, so two offices never enter two values for it:
the first responsible unit of its activity, or of its programma's first activity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cruscotto.accounts.services.permissions import (
    Permission,
    has_permission,
    require_permission,
    units_of,
)
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.core.models import OrgUnit
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.performance.models import ActualValue, Assignment, ScoringRule
from cruscotto.plans.models import LogEntry, Plan, PlanItem, Responsibility, StatusReport


@dataclass(frozen=True)
class TodoItem:
    """One line of a unit's to-do list, as forms and spreadsheets show it."""

    key: str
    kind: str
    label: str  # the activity's, indicator's or objective's code and title
    previous: str  # last year's value, to prefill
    text: str  # what was entered ("" while to do)
    filled: bool
    version: int


@dataclass(frozen=True)
class UnitTodo:
    unit_code: str
    unit_name: str
    state: str
    return_comment: str
    items: list[TodoItem]


def build_entries(campaign: Campaign) -> list[Entry]:
    """The campaign's entries (unsaved), in the order of the plan."""
    year = campaign.year
    entries: list[Entry] = []
    responsibilities = list(
        Responsibility.objects.filter(
            item__plan=campaign.plan,
            item__level=PlanItem.Level.ATTIVITA,
            role=Responsibility.Role.RESPONSIBLE,
        )
        .select_related("item", "status")
        .order_by("item__position", "position")
    )
    previous_status = {
        report.responsibility_id: report.status_as_printed
        or (report.status.name if report.status else "")
        for report in StatusReport.objects.as_of(year - 1)
        .filter(responsibility__in=responsibilities)
        .select_related("status")
    }
    previous_log: dict[int, list[str]] = defaultdict(list)
    for entry in (
        LogEntry.objects.as_of(year - 1)
        .filter(responsibility__in=responsibilities)
        .filter(Q(year_from=year - 1) | Q(year_to=year - 1))
        .order_by("position")
    ):
        previous_log[entry.responsibility_id].append(entry.text)
    codes = {unit.pk: unit_code(unit) for unit in OrgUnit.objects.filter(ente=campaign.ente)}
    unit_of_item: dict[int, int] = {}
    for responsibility in responsibilities:
        unit_of_item.setdefault(responsibility.item_id, responsibility.org_unit_id)
        unit_of_item.setdefault(responsibility.item.parent_id or 0, responsibility.org_unit_id)
        where = activity_key(responsibility.item.key, codes[responsibility.org_unit_id])
        common = {
            "campaign": campaign,
            "org_unit_id": responsibility.org_unit_id,
            "responsibility": responsibility,
        }
        entries.append(
            Entry(
                **common,
                key=f"stato:{where}",
                kind=Entry.Kind.STATUS,
                previous_text=previous_status.get(responsibility.pk, ""),
            )
        )
        entries.append(
            Entry(
                **common,
                key=f"azioni:{where}",
                kind=Entry.Kind.ACTIONS,
                previous_text="\n\n".join(previous_log.get(responsibility.pk, [])),
            )
        )
    entries.extend(indicator_entries(campaign, unit_of_item))
    entries.extend(actual_entries(campaign, codes))
    for position, entry in enumerate(entries):
        entry.position = position
    return entries


def indicator_entries(campaign: Campaign, unit_of_item: dict[int, int]) -> list[Entry]:
    indicators = list(
        Indicator.objects.filter(plan=campaign.plan, item_id__in=list(unit_of_item))
        .exclude(kind=Indicator.Kind.CONTEXT)
        .order_by("position")
    )
    latest: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.as_of(campaign.year - 1).filter(
        indicator__in=indicators
    ):
        latest[measurement.indicator_id].append(measurement)
    entries = []
    for indicator in indicators:
        measurements = latest[indicator.pk]
        for series in sorted({m.series for m in measurements}) or [""]:
            last_year = [
                m for m in measurements if m.series == series and m.year == campaign.year - 1
            ]
            entries.append(
                Entry(
                    campaign=campaign,
                    org_unit_id=unit_of_item[indicator.item_id],  # type: ignore[index]
                    key=f"indicatore:{indicator.key}" + (f"|{series}" if series else ""),
                    kind=Entry.Kind.INDICATOR,
                    indicator=indicator,
                    series=series,
                    previous_text=last_year[0].as_printed if last_year else "",
                    expected_type=expected_type(measurements, series),
                )
            )
    return entries


def expected_type(measurements: list[Measurement], series: str) -> str:
    """The type of the indicator's latest numeric or yes/no value: what a new value must be."""
    typed = [
        m
        for m in sorted(measurements, key=lambda m: m.year)
        if m.series == series and m.value_type not in ("missing", "text")
    ]
    return typed[-1].value_type if typed else ""


def activity_key(item_key: str, unit: str) -> str:
    """What names a department's activity in entry keys and the sheet's `chiave` column."""
    return f"{item_key}|{unit}"


def actual_entries(campaign: Campaign, codes: dict[int, str]) -> list[Entry]:
    """The actual value of each objective of the ente's performance plan of the year, asked
    of each unit it is assigned to.

    An Ente-wide objective is measured once for the whole ente (the scoring engine reads
    one value without a structure): it is no structure's to enter, and asking every
    structure would collect values the scores never use. The ufficio loads it with the
    year's actuals file (`cruscotto performance actuals`).
    """
    plans = Plan.objects.filter(
        ente=campaign.ente, kind=Plan.Kind.PERFORMANCE, period_start__lte=campaign.year
    ).filter(
        Q(period_end__gte=campaign.year) | Q(period_end__isnull=True, period_start=campaign.year)
    )
    entries = []
    for plan in plans:
        previous = {
            (actual.objective_id, actual.org_unit_id): actual.as_printed
            for actual in ActualValue.objects.filter(plan=plan, year=campaign.year - 1)
        }
        rules = {
            rule.objective_id: rule for rule in ScoringRule.objects.filter(objective__plan=plan)
        }
        seen: set[tuple[int, int]] = set()
        for assignment in (
            Assignment.objects.filter(plan=plan, objective__isnull=False)
            .select_related("objective")
            .order_by("org_unit_id", "position")
        ):
            pair = (assignment.objective_id, assignment.org_unit_id)
            rule = rules.get(assignment.objective_id)
            if pair in seen or (rule is not None and rule.ente_wide):
                continue
            seen.add(pair)
            entries.append(
                Entry(
                    campaign=campaign,
                    org_unit_id=assignment.org_unit_id,
                    key=f"consuntivo:{plan.code}/{assignment.objective.code}|{codes[assignment.org_unit_id]}",
                    kind=Entry.Kind.ACTUAL,
                    objective=assignment.objective,
                    performance_plan=plan,
                    previous_text=previous.get(pair, ""),  # type: ignore[arg-type]
                    expected_type=actual_type(rule),
                )
            )
    return entries


def actual_type(rule: ScoringRule | None) -> str:
    """What an actual must be for its scoring rule to read it: yes or no for a yes/no
    objective, a percentage for one measured in percent, a number for counts and days.
    "" (any number, a percentage or yes/no) where the rule does not say, or for euros,
    which people type with or without the € sign."""
    if rule is None:
        return ""
    if rule.kind == ScoringRule.Kind.YES_NO:
        return "yes_no"
    return ACTUAL_TYPES.get(rule.unit, "")


ACTUAL_TYPES = {"percent": "percent", "count": "count", "days": "count"}


def entry_label(entry: Entry) -> str:
    if entry.responsibility is not None:
        item = entry.responsibility.item
        return f"{item.key} {item.title}"
    if entry.indicator is not None:
        series = f" ({entry.series})" if entry.series else ""
        return f"{entry.indicator.code} {entry.indicator.name}{series}".strip()
    if entry.objective is not None:
        return f"{entry.objective.code} {entry.objective.title}"
    return entry.key


def todo_for(user: Any, campaign: Campaign, unit: OrgUnit | None = None) -> list[UnitTodo]:
    """Per unit the user may update (a referente's own; every unit for the ufficio, which
    reads them), what to update with last year's value and what was entered.

    Refuses (PermissionRefused) a user who may do neither on the campaign's ente.
    """
    if has_permission(user, Permission.READ_RESERVED, campaign.ente):
        units = OrgUnit.objects.filter(ente=campaign.ente)
    else:
        require_permission(user, Permission.EDIT_UNIT_DATA, campaign.ente, unit)
        units = units_of(user, campaign.ente, Permission.EDIT_UNIT_DATA)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    return unit_todos(campaign, units)


def unit_todos(campaign: Campaign, units: QuerySet[OrgUnit]) -> list[UnitTodo]:
    """The to-do lists of `units` in the campaign, by unit name (no permission asked: the
    callers' business)."""
    progress = {
        row.org_unit_id: row
        for row in UnitProgress.objects.filter(
            campaign=campaign, org_unit__in=units
        ).select_related("org_unit")
    }
    by_unit: dict[int, list[TodoItem]] = defaultdict(list)
    for entry in (
        Entry.objects.filter(campaign=campaign, org_unit_id__in=list(progress))
        .select_related("responsibility__item", "indicator", "objective")
        .order_by("position")
    ):
        by_unit[entry.org_unit_id].append(
            TodoItem(
                key=entry.key,
                kind=entry.kind,
                label=entry_label(entry),
                previous=entry.previous_text,
                text=entry.text,
                filled=entry.filled,
                version=entry.version,
            )
        )
    todos = [
        UnitTodo(
            unit_code=unit_code(row.org_unit),
            unit_name=row.org_unit.name,
            state=row.state,
            return_comment=row.return_comment,
            items=by_unit[unit_id],
        )
        for unit_id, row in progress.items()
    ]
    todos.sort(key=lambda todo: todo.unit_name)
    return todos
