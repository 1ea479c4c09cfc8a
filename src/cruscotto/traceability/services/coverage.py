"""Coverage reports: what in the plans nobody carries out, measures or reports on.

- mandate lines (level "linea", or the actions of a mandate) whose chain down
  reaches no activity, project or objective (a programma listing a line in its
  table does not carry it out: only the activities that refer to it do);
- PSM actions with no project or objective linked to them or contained in them;
- objectives with no indicator;
- indicators with no value for the last year their plan reports.

Each works on whatever plans are loaded, and says which plans it looked at.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from cruscotto.core.models import Ente
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.plans.services import browse
from cruscotto.traceability.services.trace import PlanGraph, describe_item

CARRIERS = {PlanItem.Level.ATTIVITA, PlanItem.Level.PROGETTO, PlanItem.Level.OBIETTIVO}
# What each list answers, as the user reads it: the keys of `coverage_report`
# stay English for scripts, the CLI and the web page print these.
COVERAGE_TITLES = {
    "mandate_lines_without_activity": "Linee di mandato senza attività",
    "psm_actions_without_project_or_objective": "Azioni del PSM senza progetti né obiettivi",
    "objectives_without_indicator": "Obiettivi senza indicatori",
    "indicators_without_last_year_value": "Indicatori senza valore nell'ultimo anno",
}


def _of_ente(items: QuerySet[Any], ente_code: str | None, path: str = "plan__ente__code") -> Any:
    """The rows of one ente when a code is given, else every row."""
    return items if ente_code is None else items.filter(**{path: ente_code})


def mandate_lines_without_activity(ente_code: str | None = None) -> list[PlanItem]:
    """Mandate lines whose chain down reaches no activity, project or objective.

    Every line's chain is walked over one graph held in memory: three queries in all.
    Given an ente, only its lines and its part of the graph are read.
    """
    lines = _of_ente(
        PlanItem.objects.filter(
            Q(level=PlanItem.Level.LINEA) | Q(level=PlanItem.Level.AZIONE),
            plan__kind=Plan.Kind.MANDATO,
        ).select_related("plan__ente"),
        ente_code,
    )
    graph = PlanGraph.load(ente_code)
    return [
        line
        for line in lines
        if not any(
            graph.level[edge.item_id] in CARRIERS
            for edge, _ in graph.walk(line.pk, graph.carrying_out)
        )
    ]


def psm_actions_without_project_or_objective(ente_code: str | None = None) -> list[PlanItem]:
    return list(_of_ente(psm_actions_without_carrier(), ente_code).select_related("plan__ente"))


def psm_actions_without_carrier() -> QuerySet[PlanItem]:
    # Two EXISTS on each action rather than one NOT IN over every carried item: the
    # subquery of NOT IN was computed over every ente's items before any filter applied.
    carriers = [PlanItem.Level.PROGETTO, PlanItem.Level.OBIETTIVO]
    linked_carrier = Link.objects.filter(to_item=OuterRef("pk"), from_item__level__in=carriers)
    child_carrier = PlanItem.objects.filter(parent=OuterRef("pk"), level__in=carriers)
    return PlanItem.objects.filter(plan__kind=Plan.Kind.PSM, level=PlanItem.Level.AZIONE).exclude(
        Exists(linked_carrier) | Exists(child_carrier)
    )


def objectives_without_indicator(ente_code: str | None = None) -> list[PlanItem]:
    return list(_of_ente(objectives_without_indicators(), ente_code).select_related("plan__ente"))


def objectives_without_indicators() -> QuerySet[PlanItem]:
    # Exists rather than a join: one row per objective, no DISTINCT over the whole table.
    return PlanItem.objects.filter(level=PlanItem.Level.OBIETTIVO).exclude(
        Exists(Indicator.objects.filter(item=OuterRef("pk")))
    )


def indicators_without_last_year_value(
    ente_code: str | None = None,
) -> list[tuple[Indicator, int]]:
    """Indicators with no readable value for the last year any indicator of their plan reports.

    Two queries, however many plans report values.
    """
    last_years = dict(
        _of_ente(Measurement.objects.all(), ente_code, "indicator__plan__ente__code")
        .values_list("indicator__plan")
        .annotate(last=Max("year"))
        .values_list("indicator__plan", "last")
    )
    if not last_years:
        return []
    in_last_year = Q()
    for plan_id, year in last_years.items():
        in_last_year |= Q(indicator__plan_id=plan_id, year=year)
    covered = (
        Measurement.objects.filter(in_last_year)
        .exclude(value_type=Measurement.ValueType.MISSING)
        .values("indicator_id")
    )
    # The covered ones are left out by the database: only the indicators listed are built.
    uncovered = (
        Indicator.objects.filter(plan_id__in=last_years)
        .exclude(pk__in=covered)
        .select_related("plan__ente")
        .only("pk", "key", "name", "plan__kind", "plan__code", "plan__ente__code")
    )
    by_plan: dict[int, list[Indicator]] = {plan_id: [] for plan_id in last_years}
    for indicator in uncovered:
        by_plan[indicator.plan_id].append(indicator)
    return [
        (indicator, year) for plan_id, year in last_years.items() for indicator in by_plan[plan_id]
    ]


def enti_with_plans() -> QuerySet[Ente]:
    """The enti that have a plan, by code: the coverage's and the API's pages of enti."""
    return browse.enti_with_plans().order_by("code")


def coverage_counts_by_ente(enti: list[Ente]) -> list[dict[str, Any]]:
    """Each ente given, and how many PSM actions and objectives of its plans nobody carries out or measures.

    Two aggregate queries over the enti given (a page of them), however many
    enti the database holds: the lists that need a walk of the graph or the last
    year of each plan are read on each ente's own page.
    """
    codes = [ente.code for ente in enti]
    psm_actions = dict(
        psm_actions_without_carrier()
        .filter(plan__ente__code__in=codes)
        .values_list("plan__ente__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    objectives = dict(
        objectives_without_indicators()
        .filter(plan__ente__code__in=codes)
        .values_list("plan__ente__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "ente": ente,
            "psm_actions_without_project_or_objective": psm_actions.get(ente.code, 0),
            "objectives_without_indicator": objectives.get(ente.code, 0),
        }
        for ente in enti
    ]


def coverage_report(ente_code: str | None = None) -> dict[str, Any]:
    """Return the four coverage lists as plain data, of every ente or of one."""
    indicators = indicators_without_last_year_value(ente_code)
    return {
        "mandate_lines_without_activity": [
            describe_item(i) for i in mandate_lines_without_activity(ente_code)
        ],
        "psm_actions_without_project_or_objective": [
            describe_item(i) for i in psm_actions_without_project_or_objective(ente_code)
        ],
        "objectives_without_indicator": [
            describe_item(i) for i in objectives_without_indicator(ente_code)
        ],
        "indicators_without_last_year_value": [
            {
                "id": indicator.pk,
                "ente": indicator.plan.ente.code,
                "plan_kind": indicator.plan.kind,
                "plan": indicator.plan.code,
                "key": indicator.key,
                "name": indicator.name,
                "last_year": year,
            }
            for indicator, year in indicators
        ],
    }
