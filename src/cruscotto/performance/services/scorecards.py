"""Store a year's actual values and compute, store and read back the scores (database side)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from cruscotto.core.models import OrgUnit
from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.domain import formats
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.loaders.common import (
    ImportFailed,
    LoadResult,
    SourceFile,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.performance.models import (
    ActualValue,
    Assignment,
    Score,
    ScoringRule,
    StructureManager,
)
from cruscotto.plans.models import Plan, PlanItem

from .actuals import ActualsFile
from .scoring import (
    Rule,
    StructureScore,
    WeightedPart,
    score_manager,
    score_objective,
    score_structure,
)

ACTUALS_FORMAT = formats.PERFORMANCE_ACTUALS


class ActualsRefused(ImportFailed):
    """A file of actual values with errors, refused whole; `errors` says where."""

    def __init__(self, message: str, errors: list[Diagnostic]):
        super().__init__(message)
        self.errors = errors


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


def store_actuals(
    plan: Plan,
    year: int,
    actuals: ActualsFile,
    source: SourceFile,
    actor: str,
    *,
    refuse_errors: bool = False,
) -> LoadResult:
    """Replace the plan's actual values of `year` the file states with the file's, then
    recompute the scores.

    A value another document states (a campaign's, entered by the structure's referente)
    is kept and the file's is reported, not loaded: one file never rewrites another's.
    One transaction: values, scores, diagnostics and the audit entry together.
    With `refuse_errors`, a file with any error (a value that cannot be stored)
    raises ImportFailed, whose `diagnostics` are the errors, and changes nothing.
    """
    counts = SyncCounts()
    diagnostics = list(actuals.diagnostics)
    with transaction.atomic():
        document = register_document(
            source, f"{plan.ente.code}/{ACTUALS_FORMAT}/{plan.code}/{year}", ACTUALS_FORMAT,
            f"Valori consuntivi {year} – {plan.title}", plan.ente, counts,
        )  # fmt: skip
        theirs: dict[tuple[int, int | None], str] = {
            (objective_id, unit_id): identity
            for objective_id, unit_id, identity in ActualValue.objects.filter(plan=plan, year=year)
            .exclude(source_document=document)
            .exclude(source_document__isnull=True)
            .values_list("objective_id", "org_unit_id", "source_document__identity")
        }
        rows = actual_rows(plan, year, actuals, source.name, diagnostics, theirs)
        for row in rows:
            row["source_document_id"] = document.pk
        errors = sorted(
            (d for d in diagnostics if d.severity == Severity.ERROR), key=lambda d: d.line
        )
        if refuse_errors and errors:
            raise ActualsRefused(
                f"{source.name}: {len(errors)} "
                + ("valore non leggibile" if len(errors) == 1 else "valori non leggibili")
                + ": nessun valore caricato, nessun punteggio ricalcolato",
                errors,
            )
        sync_rows(
            ActualValue.objects.filter(plan=plan, year=year).filter(
                Q(source_document=document) | Q(source_document__isnull=True)
            ),
            ["objective_id", "org_unit_id"],
            rows,
            counts,
        )
        compute_scores(plan, year, counts)
        diagnostics.sort(key=lambda diagnostic: diagnostic.line)
        sync_diagnostics(document, diagnostics, counts)
        write_audit(document, actor, counts)
    totals = {
        "valori": len(rows),
        "punteggi di obiettivo": Score.objects.filter(
            plan=plan, year=year, level=Score.Level.OBJECTIVE
        ).count(),
        "strutture complete": Score.objects.filter(
            plan=plan, year=year, level=Score.Level.STRUCTURE, complete=True
        ).count(),
        "strutture incomplete": Score.objects.filter(
            plan=plan, year=year, level=Score.Level.STRUCTURE, complete=False
        ).count(),
    }
    return LoadResult(document, counts, diagnostics, totals)


def actual_rows(
    plan: Plan,
    year: int,
    actuals: ActualsFile,
    source_name: str,
    diagnostics: list[Diagnostic],
    theirs: dict[tuple[int, int | None], str] | None = None,
) -> list[dict[str, Any]]:
    """The file's values as rows; `theirs` maps the values other documents state to the
    document's identity (those are reported and left out)."""
    theirs = theirs or {}
    objectives = {
        int(code): pk
        for pk, code in PlanItem.objects.filter(
            plan=plan, level=PlanItem.Level.OBIETTIVO
        ).values_list("pk", "code")
    }
    ente_wide = set(
        ScoringRule.objects.filter(objective__plan=plan, ente_wide=True).values_list(
            "objective_id", flat=True
        )
    )
    units = {u.code: u.pk for u in OrgUnit.objects.filter(ente=plan.ente).exclude(code="")}
    rows: dict[tuple[int, int | None], dict[str, Any]] = {}
    for record in actuals.records:
        item = objectives.get(record.objective_id)
        where = f"obiettivo {record.objective_id} {record.structure or 'Ente'}"
        if item is None:
            diagnostics.append(Diagnostic(record.line, Severity.ERROR, "actuals_unknown_objective",
                                          f"{where}: l'obiettivo non è nel piano"))  # fmt: skip
            continue
        if item in ente_wide and record.structure:
            diagnostics.append(Diagnostic(record.line, Severity.WARNING, "actuals_ente_wide_per_structure",
                                          f"{where}: obiettivo di Ente, misurato una volta per tutto l'Ente; valore ignorato"))  # fmt: skip
            continue
        if item not in ente_wide and not record.structure:
            diagnostics.append(Diagnostic(record.line, Severity.ERROR, "actuals_structure_missing",
                                          f"{where}: manca la struttura"))  # fmt: skip
            continue
        unit = units.get(record.structure) if record.structure else None
        if record.structure and unit is None:
            diagnostics.append(Diagnostic(record.line, Severity.ERROR, "actuals_unknown_structure",
                                          f"{where}: struttura sconosciuta"))  # fmt: skip
            continue
        if (item, unit) in theirs:
            diagnostics.append(Diagnostic(record.line, Severity.WARNING, "actuals_stated_elsewhere",
                                          f"{where}: valore già dichiarato da «{theirs[(item, unit)]}»; resta quello"))  # fmt: skip
            continue
        if (item, unit) in rows:
            diagnostics.append(Diagnostic(record.line, Severity.WARNING, "actuals_duplicate",
                                          f"{where}: valore ripetuto; vale il primo"))  # fmt: skip
            continue
        rows[(item, unit)] = {
            "plan_id": plan.pk,
            "objective_id": item,
            "org_unit_id": unit,
            "year": year,
            "value": record.value,
            "as_printed": record.as_printed[:200],
            "source_name": source_name[:300],
            "source_line": record.line,
        }
    return list(rows.values())


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
