"""The traceability pages cost the same few queries whatever the length of the chain.

Measured on the seeds before the walk ran over a graph read once: a Turin
activity took 14 queries, its missione (97 items down) 295, the coverage page
1236; each query count below is the same for a chain of one item or of a hundred.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cruscotto.core.models import Ente
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Link, PlanItem
from cruscotto.traceability.services.coverage import coverage_report
from cruscotto.traceability.services.trace import describe_trace, find_item
from imported_once import imported_once

from .conftest import SEEDS, import_file

pytestmark = pytest.mark.django_db

# The item with its plan and ente (1), the plans linked to its plan (2), their
# containment tree (3) and links (4) read as ids, the items the walk reached (5).
# Reading the linked plans first keeps the page's time flat with the number of enti.
TRACE_PAGE_QUERIES = 5
# One ente's page: the ente (1), its mandate lines (2), its tree and links (3, 4),
# PSM actions (5), objectives (6), the last year of each of its plans (7), the
# indicators with no value that year (8).
COVERAGE_PAGE_QUERIES = 8
# The page of enti: the count of enti (1), the page of them (2), their PSM actions
# (3) and objectives (4) counted by the database.
COVERAGE_ENTI_PAGE_QUERIES = 4


@imported_once
def every_plan(seeded_db: LoadResult) -> None:
    """Turin's report (the session's seed) and the Città metropolitana's three documents."""
    for format_name in ["consiglio", "psm-preliminare", "psm-monitoraggio"]:
        import_file(SEEDS[format_name], format_name)


def turin_mandate_line() -> PlanItem:
    """A Turin mandate line an activity refers to."""
    link = (
        Link.objects.filter(
            kind=Link.Kind.REFERS_TO,
            from_item__level=PlanItem.Level.ATTIVITA,
            to_item__plan__ente__code="torino",
        )
        .select_related("to_item")
        .order_by("to_item__position")
        .first()
    )
    assert link is not None
    return link.to_item


@pytest.mark.parametrize(
    ("reference", "chain_length"),
    [
        ("torino/dup/2021-2026/M01.P02.a", 3),  # a DUP activity: its line, programma, missione
        ("torino/dup/2021-2026/M01", 97),  # a missione: its programmi and activities
        ("turin-mandate-line", 58),  # the programmi listing it, their activities
        ("cmto/psm/2021-2023/strategia-3.3", 12),  # a PSM strategy: action, axis, 2024-26, …
        ("cmto/mandato/2021-2026/azione-3.3", 11),  # a CMTO mandate action down to projects
    ],
)
def test_the_trace_page_costs_the_same_queries_for_any_chain(
    every_plan: None,
    client: Client,
    django_assert_num_queries: Any,
    reference: str,
    chain_length: int,
) -> None:
    item = turin_mandate_line() if reference == "turin-mandate-line" else find_item(reference)
    chain = describe_trace(item)
    assert len(chain["up"]) + len(chain["down"]) == chain_length
    with django_assert_num_queries(TRACE_PAGE_QUERIES):
        response = client.get(f"/tracciabilita/voci/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for node in chain["up"] + chain["down"]:
        assert f'href="/tracciabilita/voci/{node["id"]}/"' in html


def test_the_coverage_page_costs_the_same_queries_for_every_plan(
    every_plan: None, client: Client, django_assert_num_queries: Any
) -> None:
    # The page is scoped by ente: each ente's page shows what the whole report
    # lists for that ente, and the pages together show the whole report.
    report = coverage_report()
    # Turin's 11 lines that only a programma lists and the Città metropolitana's 9
    # (its own 6 actions and the 3 that reprint a PSM 2021-23 strategy 2024-26 dropped)
    assert len(report["mandate_lines_without_activity"]) == 11 + 9
    codes = list(Ente.objects.filter(plans__isnull=False).distinct().values_list("code", flat=True))
    assert len(codes) == 2
    with django_assert_num_queries(COVERAGE_ENTI_PAGE_QUERIES):
        enti_page = client.get("/tracciabilita/copertura/")
    assert enti_page.status_code == 200
    for code in codes:
        assert f'href="?ente={code}"' in enti_page.content.decode()
    counted = {
        row["ente"].code: (
            row["psm_actions_without_project_or_objective"],
            row["objectives_without_indicator"],
        )
        for row in enti_page.context["rows"]
    }
    assert counted == {
        code: tuple(
            len([row for row in report[key] if row["ente"] == code])
            for key in ["psm_actions_without_project_or_objective", "objectives_without_indicator"]
        )
        for code in codes
    }
    lines_shown = 0
    for code in codes:
        of_ente = coverage_report(code)
        for key, rows in report.items():
            assert of_ente[key] == [row for row in rows if row["ente"] == code], (code, key)
        with django_assert_num_queries(COVERAGE_PAGE_QUERIES):
            response = client.get(f"/tracciabilita/copertura/?ente={code}")
        assert response.status_code == 200
        lines = len(of_ente["mandate_lines_without_activity"])
        assert f"Linee di mandato senza attività: {lines}" in response.content.decode()
        lines_shown += lines
    assert lines_shown == 11 + 9
