"""The validation report of a plan's weights, structure by structure.

Works on plain rows (one per assignment) so that it serves both the parser's
records (before loading) and the database (after): the same checks, one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cruscotto.importers.performance_plan.records import PerformancePlanDocument

from .weights import resolve_weights


@dataclass(frozen=True)
class AssignmentRow:
    structure: str
    objective_id: int | None
    slot: str
    weight: int | None
    weight_source: str
    candidates: tuple[int, ...] = ()
    printed_not_a_weight: tuple[int, ...] = ()  # "51" beside objective 23 of A02


@dataclass
class StructureReport:
    structure: str
    declared_total: int | None
    known_sum: int  # read + completed + inferred
    assignments: int
    unknown: list[dict[str, object]] = field(default_factory=list)  # slot, objective, candidates
    not_multiple_of_5: list[dict[str, object]] = field(default_factory=list)
    missing_common_objectives: list[int] = field(default_factory=list)
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool | None:
        """True when every weight is known and they reach the declared total; None if undecidable."""
        if self.unknown or self.declared_total is None:
            return None
        return self.known_sum == self.declared_total

    def as_dict(self) -> dict[str, object]:
        return {
            "structure": self.structure,
            "declared_total": self.declared_total,
            "known_sum": self.known_sum,
            "assignments": self.assignments,
            "by_source": self.by_source,
            "unknown": self.unknown,
            "not_multiple_of_5": self.not_multiple_of_5,
            "missing_common_objectives": self.missing_common_objectives,
            "balanced": self.balanced,
        }


def build_report(
    rows: Iterable[AssignmentRow],
    declared_totals: dict[str, int | None],
    common_objectives: list[int],
) -> list[StructureReport]:
    """Return one report per structure, in the order of `declared_totals`."""
    by_structure: dict[str, list[AssignmentRow]] = {code: [] for code in declared_totals}
    for row in rows:
        by_structure.setdefault(row.structure, []).append(row)
    reports = []
    for code, assignments in by_structure.items():
        report = StructureReport(
            structure=code,
            declared_total=declared_totals.get(code),
            known_sum=sum(a.weight for a in assignments if a.weight is not None),
            assignments=len(assignments),
        )
        for assignment in assignments:
            report.by_source[assignment.weight_source] = (
                report.by_source.get(assignment.weight_source, 0) + 1
            )
            if assignment.weight is None:
                report.unknown.append(
                    {"slot": assignment.slot, "objective_id": assignment.objective_id,
                     "candidates": list(assignment.candidates)}
                )  # fmt: skip
            if assignment.weight is not None and assignment.weight % 5:
                report.not_multiple_of_5.append(
                    {"slot": assignment.slot, "objective_id": assignment.objective_id,
                     "printed": assignment.weight}
                )  # fmt: skip
            for number in assignment.printed_not_a_weight:
                report.not_multiple_of_5.append(
                    {"slot": assignment.slot, "objective_id": assignment.objective_id,
                     "printed": number}
                )  # fmt: skip
        present = {a.objective_id for a in assignments}
        report.missing_common_objectives = [i for i in common_objectives if i not in present]
        report.by_source = dict(sorted(report.by_source.items()))
        reports.append(report)
    return reports


def report_for_document(parsed: PerformancePlanDocument) -> list[StructureReport]:
    """The validation report of a parsed plan, before anything is loaded."""
    rows = []
    for structure in parsed.structures:
        for slot, resolved in zip(structure.slots, resolve_weights(structure), strict=True):
            rows.append(
                AssignmentRow(
                    structure.code,
                    slot.objective_id,
                    slot.slot,
                    resolved.weight,
                    str(resolved.source),
                    resolved.candidates,
                    slot.weight.not_a_weight,
                )  # fmt: skip
            )
    common = [i for i, entry in parsed.catalogue.items() if entry.for_all_structures]
    return build_report(rows, {s.code: s.declared_total for s in parsed.structures}, common)
