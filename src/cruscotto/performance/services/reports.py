"""What the pages, the JSON commands and the XLSX export show: one computation, several views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from cruscotto.core.models import Person
from cruscotto.performance.models import ActualValue, Assignment, Score, StructureManager
from cruscotto.plans.models import Plan

from .scorecards import AssignmentView, list_assignments
from .validation import AssignmentRow, StructureReport, build_report


def validation_report(plan: Plan) -> list[StructureReport]:
    """The validation report of a loaded plan, structure by structure (three queries)."""
    rows = [
        AssignmentRow(
            a.org_unit.code,
            int(a.objective.code),
            a.slot,
            a.weight,
            a.weight_source,
            tuple(a.candidates),
            tuple(a.not_a_weight),
        )
        for a in Assignment.objects.filter(plan=plan)
        .select_related("org_unit", "objective")
        .order_by("org_unit__code", "position")
    ]
    totals = {
        m.org_unit.code: m.declared_total
        for m in StructureManager.objects.filter(plan=plan).select_related("org_unit")
    }
    common = sorted(
        int(code)
        for code in plan.items.filter(
            level="obiettivo", scoring_rule__common_to_all=True
        ).values_list("code", flat=True)
    )
    return build_report(rows, dict(sorted(totals.items())), common)


def scores_summary(plan: Plan, year: int) -> dict[str, Any]:
    """Structures' and managers' scores of a year, with completeness, for JSON and pages."""
    managers = {
        m.org_unit_id: m
        for m in StructureManager.objects.filter(plan=plan).select_related("person")
    }
    scores = Score.objects.filter(plan=plan, year=year).select_related("org_unit", "person")
    structures = [
        {
            "structure": s.org_unit.code if s.org_unit else "",
            "manager": manager_name(managers.get(s.org_unit_id or 0)),
            "score": None if s.score is None else str(s.score),
            "complete": s.complete,
        }
        for s in scores.filter(level=Score.Level.STRUCTURE).order_by("org_unit__code")
    ]
    people = [
        {
            "manager": s.person.name if s.person else "",
            "score": None if s.score is None else str(s.score),
            "complete": s.complete,
            "structures": [x["structure"] for x in s.explanation.get("structures", [])],
        }
        for s in scores.filter(level=Score.Level.MANAGER).order_by("person__name")
    ]
    return {"plan": plan.title, "year": year, "structures": structures, "managers": people}


def manager_name(manager: StructureManager | None) -> str:
    if manager is None or manager.person is None:
        return ""
    return manager.person.name + (" (*)" if manager.interim else "")


SLOTS = [
    "ente_1", "ente_2", "ente_3", "direzione_1", "direzione_2",
    "individuale_1", "individuale_2", "individuale_3", "individuale_4", "individuale_5",
]  # fmt: skip


@dataclass
class MatrixRow:
    structure: str
    structure_name: str
    manager: str
    manager_id: int | None
    cells: list[AssignmentView | None]  # one per slot of SLOTS

    @property
    def structure_label(self) -> str:
        """ "A02 – Affari istituzionali": the code once, though the name often prints it too."""
        if not self.structure_name or self.structure_name.startswith(self.structure):
            return self.structure_name or self.structure
        return f"{self.structure} – {self.structure_name}"


def assignment_matrix(plan: Plan) -> list[MatrixRow]:
    """The assignment matrix as printed in the plan: a row per structure, a cell per slot."""
    rows: dict[str, MatrixRow] = {}
    for view in list_assignments(plan):
        row = rows.get(view.structure)
        if row is None:
            manager = view.manager + (" (*)" if view.interim else "")
            row = rows[view.structure] = MatrixRow(
                view.structure, view.structure_name, manager, view.manager_id, [None] * len(SLOTS)
            )
        row.cells[SLOTS.index(view.slot)] = view
    return list(rows.values())


@dataclass
class Scorecard:
    person: Person
    year: int
    structures: list[tuple[Score, list[Score]]]  # structure score, its objectives' scores
    result: Score | None


def scorecard(plan: Plan, year: int, person: Person) -> Scorecard:
    """A manager's scorecard: the result, each structure held, each objective's score and why."""
    return scorecards(plan, year, [person])[0]


def scorecards(plan: Plan, year: int, people: list[Person] | None = None) -> list[Scorecard]:
    """The scorecards of `people` (default: every manager of the plan, by name), in four
    queries however many managers the plan has."""
    if people is None:
        people = managers_of(plan)
    units_of: dict[int, list[int]] = defaultdict(list)
    held = StructureManager.objects.filter(plan=plan, person__in=people).order_by("pk")
    for person_id, unit_id in held.values_list("person_id", "org_unit_id"):
        units_of[person_id].append(unit_id)
    scores = Score.objects.filter(plan=plan, year=year).select_related("org_unit", "objective")
    objectives: dict[int, list[Score]] = defaultdict(list)
    results: dict[int, Score] = {}
    for score in scores.exclude(level=Score.Level.STRUCTURE).order_by("pk"):
        if score.level == Score.Level.OBJECTIVE:
            objectives[score.org_unit_id or 0].append(score)
        elif score.level == Score.Level.MANAGER and score.person_id is not None:
            results.setdefault(score.person_id, score)
    structure_scores = list(
        scores.filter(level=Score.Level.STRUCTURE, org_unit__isnull=False).order_by(
            "org_unit__code"
        )
    )
    cards = []
    for person in people:
        units = set(units_of[person.pk])
        structures = [
            (score, objectives[score.org_unit_id or 0])
            for score in structure_scores
            if score.org_unit_id in units
        ]
        cards.append(Scorecard(person, year, structures, results.get(person.pk)))
    return cards


def managers_of(plan: Plan) -> list[Person]:
    """The people who hold a structure of the plan, by name."""
    return list(
        Person.objects.filter(
            pk__in=StructureManager.objects.filter(plan=plan).values("person_id")
        ).order_by("name")
    )


@dataclass
class YearScores:
    """Every score and actual value of a plan's year, keyed as the matrix shows them."""

    objectives: dict[tuple[str, int], Score]  # (structure code, objective Id) → score
    structures: dict[str, Score]  # structure code → score
    managers: dict[int, Score]  # person id → result
    actual_values: dict[tuple[int, str], ActualValue]  # (objective Id, structure code or "")


def year_scores(plan: Plan, year: int) -> YearScores:
    """What `scorecard` shows one manager at a time, for every manager at once (two queries)."""
    scores = YearScores({}, {}, {}, {})
    for score in Score.objects.filter(plan=plan, year=year).select_related("org_unit", "objective"):
        code = score.org_unit.code if score.org_unit else ""
        if score.level == Score.Level.OBJECTIVE and score.objective is not None:
            scores.objectives[(code, int(score.objective.code))] = score
        elif score.level == Score.Level.STRUCTURE:
            scores.structures[code] = score
        elif score.person_id is not None:
            scores.managers[score.person_id] = score
    for value in ActualValue.objects.filter(plan=plan, year=year).select_related(
        "org_unit", "objective"
    ):
        code = value.org_unit.code if value.org_unit else ""
        scores.actual_values[(int(value.objective.code), code)] = value
    return scores
