"""An import leaves PostgreSQL's planner with statistics that know its rows (planner_statistics).

Without them a new plan's id lies beyond the statistics of `plans_planitem`, the planner
expects one item where there are hundreds, and pages of the new plan choose nested loops
that scan a table per row (measured 0.7-0.9 s a query). SQLite keeps no statistics of this
kind: these tests run in the PostgreSQL run of bin/test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction

from cruscotto.core.services.planner_statistics import analyze_changed_tables
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Plan, PlanItem

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"),
]

PSM_MONITORING = Path(__file__).resolve().parent.parent / "samples" / "001_c8fc3c27ab7903b2.txt"


def import_psm_monitoring() -> LoadResult:
    source = SourceFile.read(PSM_MONITORING)
    fmt = FORMATS["psm-monitoraggio"]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


def estimated_rows(plan: Plan) -> float:
    """How many items of `plan` the planner expects, as EXPLAIN says."""
    sql, params = PlanItem.objects.filter(plan=plan).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (explained,) = cursor.fetchone()  # psycopg reads EXPLAIN's JSON into lists and dicts
    return float(explained[0]["Plan"]["Plan Rows"])


def plan_id_statistics() -> tuple[str | None, str | None]:
    """What the statistics of plans_planitem.plan_id say: its common values, its histogram."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats"
            " WHERE tablename = 'plans_planitem' AND attname = 'plan_id'"
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (None, None)


def test_the_planner_expects_the_new_plans_items_after_its_import(seeded_db: LoadResult) -> None:
    plans_before = list(Plan.objects.values_list("pk", flat=True))
    import_psm_monitoring()
    plan = Plan.objects.exclude(pk__in=plans_before).get()
    items = PlanItem.objects.filter(plan=plan).count()
    assert items > 50
    assert estimated_rows(plan) >= items / 2
    # Nothing changed since: nothing to analyse again.
    assert analyze_changed_tables() == []


def test_statistics_of_a_rolled_back_import_roll_back_with_it(seeded_db: LoadResult) -> None:
    before = plan_id_statistics()
    with pytest.raises(RuntimeError), transaction.atomic():
        import_psm_monitoring()
        assert plan_id_statistics() != before  # analysed inside the import: the new plan's id
        raise RuntimeError("the import is rolled back")
    assert plan_id_statistics() == before
