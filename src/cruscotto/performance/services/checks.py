"""Parse a piano della performance and add what the weights and the structures' sums tell.

Pure: text in, records and diagnostics out, as the parser; kept apart from it
because weight inference and the validation report are domain logic.
"""

from __future__ import annotations

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.weights import WeightSource
from cruscotto.importers.performance_plan import parse_performance_plan
from cruscotto.importers.performance_plan.records import PerformancePlanDocument

from .labels import slot_label
from .validation import report_for_document
from .weights import resolve_weights


def parse_and_check(text: str) -> PerformancePlanDocument:
    """Parse the plan and add what the weights and the structures' sums tell.

    The diagnostics then list every unknown weight with its candidates, the
    inferred ones, and the structures whose weights cannot or do not reach the
    declared total, before anything is loaded.
    """
    parsed = parse_performance_plan(text)
    parsed.diagnostics.extend(weight_diagnostics(parsed))
    parsed.diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return parsed


def weight_diagnostics(parsed: PerformancePlanDocument) -> list[Diagnostic]:
    found = []
    for structure in parsed.structures:
        for slot, resolved in zip(structure.slots, resolve_weights(structure), strict=True):
            where = f"{structure.code}, {slot_label(slot.slot)} (obiettivo {slot.objective_id})"
            if resolved.source == WeightSource.UNKNOWN:
                found.append(
                    Diagnostic(slot.line, Severity.WARNING, "weight_unknown",
                               f"{where}: peso non noto; valori possibili {list(resolved.candidates)}")
                )  # fmt: skip
            elif resolved.source == WeightSource.INFERRED:
                found.append(
                    Diagnostic(slot.line, Severity.INFO, "weight_inferred",
                               f"{where}: peso {resolved.weight} dedotto dal totale {structure.declared_total}")
                )  # fmt: skip
    lines = {structure.code: structure.line for structure in parsed.structures}
    for report in report_for_document(parsed):
        line = lines[report.structure]
        if report.missing_common_objectives:
            found.append(
                Diagnostic(line, Severity.WARNING, "common_objective_missing",
                           f"{report.structure}: mancano gli obiettivi comuni {report.missing_common_objectives}")
            )  # fmt: skip
        if report.balanced is False:
            found.append(
                Diagnostic(line, Severity.WARNING, "weights_do_not_sum",
                           f"{report.structure}: i pesi sommano a {report.known_sum}, il totale dichiarato è {report.declared_total}")
            )  # fmt: skip
        elif report.declared_total is not None and report.known_sum > report.declared_total:
            found.append(
                Diagnostic(line, Severity.WARNING, "weights_exceed_total",
                           f"{report.structure}: i pesi noti sommano già a {report.known_sum}")
            )  # fmt: skip
    return found
