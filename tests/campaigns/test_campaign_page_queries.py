"""The board and a unit's page cost the same number of queries whatever the campaign's size:
measured on two made-up enti (another ente than the seed's, of two sizes)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import Plan, PlanItem, Responsibility, StatusReport

YEAR = 2031
# The board takes 7 and the unit page 10 in bench/campaign.py (50 units, 500 activities)
# with the session's; neither grows with the campaign.
MAX_QUERIES = 15


def build_campaign(code: str, units: int, activities: int) -> tuple[Campaign, Any, OrgUnit]:
    ente = Ente.objects.create(code=code, name=f"Comune di {code.title()}", kind="comune")
    org_units = OrgUnit.objects.bulk_create(
        OrgUnit(ente=ente, name=f"Settore {n}", normalized_name=f"SETTORE {n}", code=f"S{n:02}")
        for n in range(units)
    )
    plan = Plan.objects.create(
        ente=ente, kind="dup", code="2030-2032", title="DUP", period_start=2030, period_end=2032
    )
    root = PlanItem.objects.create(plan=plan, level="programma", key="P1", title="Programma")
    items = PlanItem.objects.bulk_create(
        PlanItem(plan=plan, parent=root, level="attivita", key=f"P1.{n}", code=str(n),
                 title=f"Attività {n}", position=n)
        for n in range(activities)
    )  # fmt: skip
    responsibilities = Responsibility.objects.bulk_create(
        Responsibility(item=item, org_unit=org_units[n % units], position=0)
        for n, item in enumerate(items)
    )
    StatusReport.objects.bulk_create(
        StatusReport(responsibility=r, year=YEAR - 1, status_as_printed="In corso")
        for r in responsibilities
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(plan=plan, item=item, key=f"I{n}", kind="risultato", code=f"r.{n}",
                  name=f"Pratiche {n}", position=n)
        for n, item in enumerate(items)
    )  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(indicator=i, year=YEAR - 1, reported_year=YEAR - 1, as_printed="7",
                    value=7, value_type="count")
        for i in indicators
    )  # fmt: skip
    ufficio = User.objects.create_user(f"ufficio.{code}", password="x")
    Role.objects.create(user=ufficio, ente=ente, kind=Role.Kind.UFFICIO)
    campaign = open_campaign(ufficio, ente, plan, YEAR, datetime.date(YEAR + 1, 3, 31))
    return campaign, ufficio, org_units[0]


def page_queries(client: Client, user: Any, url: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_board_and_unit_page_queries_do_not_grow(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    counts = []
    for code, units, activities in (("piccolo", 3, 12), ("grande", 12, 96)):
        campaign, ufficio, unit = build_campaign(code, units, activities)
        board = f"/riservata/campagne/{campaign.pk}/"
        page = f"/riservata/campagne/{campaign.pk}/unita/{unit_code(unit)}/"
        counts.append((page_queries(client, ufficio, board), page_queries(client, ufficio, page)))
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(board)
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(page)
    small, large = counts
    assert small == large, counts
