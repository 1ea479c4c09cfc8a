"""Traceability and coverage on the Città di Torino's report (the session's seed)."""

from __future__ import annotations

import pytest

from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.traceability.services.coverage import (
    indicators_without_last_year_value,
    mandate_lines_without_activity,
)
from cruscotto.traceability.services.trace import describe_trace

pytestmark = pytest.mark.django_db


def test_mandate_lines_with_no_activity_referring_to_them(seeded_db: LoadResult) -> None:
    lines = PlanItem.objects.filter(plan__ente__code="torino", level=PlanItem.Level.LINEA)
    referred = (
        Link.objects.filter(
            kind=Link.Kind.REFERS_TO, to_item__in=lines, from_item__level=PlanItem.Level.ATTIVITA
        )
        .values("to_item")
        .distinct()
        .count()
    )
    uncovered = [
        item for item in mandate_lines_without_activity() if item.plan.ente.code == "torino"
    ]
    # 75 mandate lines in the report; 64 are cited by an activity's "Rif linee"
    assert (lines.count(), referred, len(uncovered)) == (75, 64, 11)
    # a programma that lists a line in its table does not carry it out
    assert all(item.links_in.filter(kind=Link.Kind.LISTS).exists() for item in uncovered)


def test_trace_an_activity_up_to_its_mandate_lines(seeded_db: LoadResult) -> None:
    link = (
        Link.objects.filter(kind=Link.Kind.REFERS_TO, from_item__level=PlanItem.Level.ATTIVITA)
        .select_related("from_item", "to_item")
        .order_by("from_item__position", "to_item__position")
        .first()
    )
    assert link is not None
    chain = describe_trace(link.from_item)
    assert {"relation": "refers_to", "origin": "stated", "id": link.to_item_id}.items() <= next(
        node for node in chain["up"] if node["id"] == link.to_item_id
    ).items()
    down_of_line = describe_trace(link.to_item)["down"]
    assert link.from_item_id in {node["id"] for node in down_of_line}


def test_indicators_with_no_value_for_the_last_year(seeded_db: LoadResult) -> None:
    dup = Plan.objects.get(ente__code="torino", kind=Plan.Kind.DUP)
    missing = {indicator.key: year for indicator, year in indicators_without_last_year_value()}
    # line 323: "h.1 Aggiudicatari utilizzatori pagoPA  -  100%  100%  -": no 2025 value
    assert missing["M01.P04/vp/h.1"] == 2025
    # line 320: "g.3 N° richieste evase 454 344 263 248": 2025 is there
    assert dup.indicators.filter(key="M01.P04/vp/g.3").exists()
    assert "M01.P04/vp/g.3" not in missing
    assert all(year == 2025 for key, year in missing.items() if key.startswith("M"))
    assert len([key for key in missing if dup.indicators.filter(key=key).exists()]) == 175
