"""Store a year's actual values from a file (database side of importers/performance_actuals.py).

The values replace the ones the same file stated before; the scores are recomputed in
the same transaction (performance.services.scorecards.compute_scores).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from cruscotto.core.models import OrgUnit
from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.domain import formats
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.importers.performance_actuals import ActualsFile
from cruscotto.loaders.common import (
    ImportFailed,
    LoadResult,
    SourceFile,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.performance.models import ActualValue, Score, ScoringRule
from cruscotto.performance.services.scorecards import compute_scores
from cruscotto.plans.models import Plan, PlanItem

ACTUALS_FORMAT = formats.PERFORMANCE_ACTUALS


class ActualsRefused(ImportFailed):
    """A file of actual values with errors, refused whole; `errors` says where."""

    def __init__(self, message: str, errors: list[Diagnostic]):
        super().__init__(message)
        self.errors = errors


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
