"""Compute, store and read back the scores of a performance plan (database side).

The actual values they score are stored by loaders/performance_actuals.py (a file) or by
a campaign (values a referente enters).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.performance.models import (
    ActualValue,
    Assignment,
    Score,
    ScoringRule,
    StructureManager,
)
from cruscotto.plans.models import Plan

from .scoring import (
    Rule,
    StructureScore,
    WeightedPart,
    score_manager,
    score_objective,
    score_structure,
)


def find_plan(year: int | None = None) -> Plan:
    """Return the performance plan of `year`, or the latest one."""
    plans = Plan.objects.filter(kind=Plan.Kind.PERFORMANCE).order_by("-period_start")
    if year is not None:
        plans = plans.filter(period_start=year)
    plan = plans.first()
    if plan is None:
        raise LookupError(
            "nessun piano della performance importato" + (f" per il {year}" if year else "")
        )
    return plan


def compute_scores(plan: Plan, year: int, counts: SyncCounts) -> None:
    """Score every assignment of the plan for `year`, then each structure and each manager."""
    rules = {
        row["objective_id"]: Rule.from_row(int(row["objective__code"]), row)
        for row in ScoringRule.objects.filter(objective__plan=plan).values(
            "objective_id", "objective__code", "kind", "polarity", "target", "bands",
            "formula", "problems", "ente_wide",
        )
    }  # fmt: skip
    values: dict[tuple[int, int | None], Decimal | None] = {
        (v.objective_id, v.org_unit_id): v.value
        for v in ActualValue.objects.filter(plan=plan, year=year)
    }
    by_structure: dict[int, list[WeightedPart]] = defaultdict(list)
    codes: dict[int, str] = {}
    score_rows: list[dict[str, Any]] = []
    for assignment in (
        Assignment.objects.filter(plan=plan)
        .select_related("org_unit")
        .order_by("org_unit__code", "position")
    ):
        rule = rules.get(assignment.objective_id)
        explanation: dict[str, Any]
        # Ente-wide objectives are measured once and count for every structure.
        key = (assignment.objective_id, None if rule and rule.ente_wide else assignment.org_unit_id)
        value = values.get(key)
        if rule is None:
            result_score, explanation = None, {"reason": "nessuna regola di calcolo"}
        else:
            result = score_objective(rule, value)
            result_score, explanation = result.score, result.explanation
        explanation = {**explanation, "weight": assignment.weight, "weight_source": assignment.weight_source,
                       "ente_wide": bool(rule and rule.ente_wide)}  # fmt: skip
        codes[assignment.org_unit_id] = assignment.org_unit.code
        by_structure[assignment.org_unit_id].append(
            WeightedPart(int(rule.objective_id) if rule else 0, assignment.slot, assignment.weight,
                         assignment.weight_source, result_score, explanation)
        )  # fmt: skip
        score_rows.append(
            {"plan_id": plan.pk, "year": year, "level": Score.Level.OBJECTIVE,
             "objective_id": assignment.objective_id, "org_unit_id": assignment.org_unit_id,
             "person_id": None, "score": result_score, "complete": result_score is not None,
             "explanation": explanation}
        )  # fmt: skip
    structure_scores: dict[int, StructureScore] = {}
    for unit_id, parts in by_structure.items():
        structure_scores[unit_id] = summed = score_structure(codes[unit_id], parts)
        score_rows.append(
            {"plan_id": plan.pk, "year": year, "level": Score.Level.STRUCTURE, "objective_id": None,
             "org_unit_id": unit_id, "person_id": None, "score": summed.score,
             "complete": summed.complete, "explanation": summed.explanation()}
        )  # fmt: skip
    held: dict[int, list[StructureScore]] = defaultdict(list)
    for manager in StructureManager.objects.filter(plan=plan, person__isnull=False):
        if manager.org_unit_id in structure_scores:
            held[manager.person_id or 0].append(structure_scores[manager.org_unit_id])
    for person_id, scores in held.items():
        mean, complete, explanation = score_manager(scores)
        score_rows.append(
            {"plan_id": plan.pk, "year": year, "level": Score.Level.MANAGER, "objective_id": None,
             "org_unit_id": None, "person_id": person_id, "score": mean, "complete": complete,
             "explanation": explanation}
        )  # fmt: skip
    sync_rows(
        Score.objects.filter(plan=plan, year=year),
        ["level", "objective_id", "org_unit_id", "person_id"],
        score_rows,
        counts,
    )


@dataclass(frozen=True)
class AssignmentView:
    structure: str
    structure_name: str
    manager: str
    interim: bool
    objective_id: int
    objective: str
    slot: str
    weight: int | None
    weight_source: str
    candidates: list[int]
    printed_id: str
    item_id: int = 0  # the objective's PlanItem, for a link to its page
    manager_id: int | None = None  # the Person, for a link to the scorecard

    def as_json(self) -> dict[str, Any]:
        return {
            "structure": self.structure,
            "objective_id": self.objective_id,
            "slot": self.slot,
            "weight": self.weight,
            "weight_source": self.weight_source,
            "candidates": self.candidates,
        }


def list_assignments(plan: Plan) -> list[AssignmentView]:
    """Every assignment of the plan, by structure code and slot order, in two queries."""
    managers = {
        m.org_unit_id: m
        for m in StructureManager.objects.filter(plan=plan).select_related("person")
    }
    views = []
    for a in (
        Assignment.objects.filter(plan=plan)
        .select_related("org_unit", "objective")
        .order_by("org_unit__code", "position")
    ):
        manager = managers.get(a.org_unit_id)
        views.append(
            AssignmentView(
                structure=a.org_unit.code,
                structure_name=a.org_unit.name,
                manager=manager.person.name if manager and manager.person else "",
                interim=bool(manager and manager.interim),
                objective_id=int(a.objective.code),
                objective=a.objective.title,
                slot=a.slot,
                weight=a.weight,
                weight_source=a.weight_source,
                candidates=list(a.candidates),
                printed_id=a.printed_id,
                item_id=a.objective_id,
                manager_id=manager.person_id if manager else None,
            )  # fmt: skip
        )
    return views
