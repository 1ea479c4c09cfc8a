"""The machine-readable summary of what the database holds (`cruscotto summary --json`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from cruscotto.core.models import Ente, ImportDiagnostic, SourceDocument
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.monitoring.models import Survey, SurveyQuestion
from cruscotto.performance.models import Assignment
from cruscotto.plans.models import ItemTag, Link, Plan, PlanItem, Responsibility

UNKNOWN_STATUS = "non_indicato"


def _counts_by_plan(rows: Any, plan_field: str, key_field: str) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        key = row[key_field]
        result[row[plan_field]][UNKNOWN_STATUS if key is None else str(key)] = row["n"]
    return result


def _of_ente(rows: QuerySet[Any], ente_code: str | None, path: str) -> QuerySet[Any]:
    """The rows of one ente when a code is given, else every row."""
    return rows if ente_code is None else rows.filter(**{path: ente_code})


def build_summary(ente_code: str | None = None) -> dict[str, Any]:
    """Return the summary; its keys are documented in docs/import.md and scripts rely on them.

    A fixed number of aggregate queries, whatever the amount of data; given an
    ente, each of them reads only that ente's rows.
    """
    plans = list(
        _of_ente(Plan.objects.all(), ente_code, "ente__code")
        .select_related("ente")
        .order_by("ente__code", "kind", "code")
    )
    items_by_level = _counts_by_plan(
        _of_ente(PlanItem.objects.all(), ente_code, "plan__ente__code")
        .values("plan_id", "level")
        .annotate(n=Count("id")),
        "plan_id",
        "level",
    )
    statuses = _counts_by_plan(
        _of_ente(Responsibility.objects.all(), ente_code, "item__plan__ente__code")
        .filter(role=Responsibility.Role.RESPONSIBLE)
        .values("item__plan_id", "status__code")
        .annotate(n=Count("id")),
        "item__plan_id",
        "status__code",
    )
    impacts = _counts_by_plan(
        _of_ente(ItemTag.objects.all(), ente_code, "item__plan__ente__code")
        .filter(term__taxonomy__code="impatto")
        .values("item__plan_id", "term__code")
        .annotate(n=Count("id")),
        "item__plan_id",
        "term__code",
    )
    indicators = _counts_by_plan(
        _of_ente(Indicator.objects.all(), ente_code, "plan__ente__code")
        .values("plan_id", "kind")
        .annotate(n=Count("id")),
        "plan_id",
        "kind",
    )
    measurements = _counts_by_plan(
        _of_ente(Measurement.objects.as_of(), ente_code, "indicator__plan__ente__code")
        .values("indicator__plan_id", "year")
        .annotate(n=Count("id")),
        "indicator__plan_id",
        "year",
    )
    weight_sources = _counts_by_plan(
        _of_ente(Assignment.objects.all(), ente_code, "plan__ente__code")
        .values("plan_id", "weight_source")
        .annotate(n=Count("id")),
        "plan_id",
        "weight_source",
    )
    # Only plans with a survey (the PSM monitoring) get the key: other plans' keys stay as they are.
    # Each monitoring year keeps its own survey: the latest year's is counted.
    later_survey = Survey.objects.filter(
        plan=OuterRef("survey__plan"), monitoring_year__gt=OuterRef("survey__monitoring_year")
    )
    survey_questions: dict[int, int] = dict(
        _of_ente(SurveyQuestion.objects.all(), ente_code, "survey__plan__ente__code")
        .filter(~Exists(later_survey))
        .values_list("survey__plan_id")
        .annotate(n=Count("id"))
    )
    links: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, origin, n in (
        _of_ente(Link.objects.all(), ente_code, "from_item__plan__ente__code")
        .values_list("kind", "origin")
        .annotate(n=Count("id"))
        .order_by()
    ):
        links[kind][origin] = n
    diagnostics = {severity: 0 for severity in ImportDiagnostic.Severity.values}
    for row in (
        _of_ente(ImportDiagnostic.objects.all(), ente_code, "document__ente__code")
        .values("severity")
        .annotate(n=Count("id"))
    ):
        diagnostics[row["severity"]] = row["n"]
    return {
        "plans": [
            {
                "ente": plan.ente.name,
                "ente_code": plan.ente.code,
                "kind": plan.kind,
                "code": plan.code,
                "title": plan.title,
                "period": [plan.period_start, plan.period_end],
                "items_by_level": dict(sorted(items_by_level[plan.pk].items())),
                "statuses": dict(sorted(statuses[plan.pk].items())),
                "impacts": dict(sorted(impacts[plan.pk].items())),
                "indicators_by_kind": dict(sorted(indicators[plan.pk].items())),
                "measurements_by_year": dict(sorted(measurements[plan.pk].items())),
                **(
                    {"survey_questions": survey_questions[plan.pk]}
                    if plan.pk in survey_questions
                    else {}
                ),
                # Only performance plans get the key, as only they have assignments.
                **(
                    {"assignments_by_weight_source": dict(sorted(weight_sources[plan.pk].items()))}
                    if plan.kind == Plan.Kind.PERFORMANCE
                    else {}
                ),
            }
            for plan in plans
        ],
        "documents": [
            {
                "identity": d.identity,
                "format": d.format,
                "file_name": d.file_name,
                "sha256": d.sha256,
            }
            for d in _of_ente(SourceDocument.objects.all(), ente_code, "ente__code").order_by(
                "identity"
            )
        ],
        "links": {kind: dict(sorted(links[kind].items())) for kind in sorted(links)},
        "diagnostics": diagnostics,
    }


def summary_counts_by_ente(enti: list[Ente]) -> list[dict[str, Any]]:
    """Each ente given (a page of them) with how many plans, items, indicators and imported
    documents it has: three aggregate queries over those enti only, however many enti the
    database holds. The whole summary of one ente is `build_summary(code)`."""
    ids = [ente.pk for ente in enti]
    plans_and_items = {
        ente_id: (plans, items)
        for ente_id, plans, items in Plan.objects.filter(ente_id__in=ids)
        .values_list("ente_id")
        .annotate(plan_count=Count("pk", distinct=True), item_count=Count("items"))
        .values_list("ente_id", "plan_count", "item_count")
        .order_by()
    }
    indicators = dict(
        Indicator.objects.filter(plan__ente_id__in=ids)
        .values_list("plan__ente_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    documents = dict(
        SourceDocument.objects.filter(ente_id__in=ids)
        .values_list("ente_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "ente": ente,
            "plans": plans_and_items.get(ente.pk, (0, 0))[0],
            "items": plans_and_items.get(ente.pk, (0, 0))[1],
            "indicators": indicators.get(ente.pk, 0),
            "documents": documents.get(ente.pk, 0),
        }
        for ente in enti
    ]
