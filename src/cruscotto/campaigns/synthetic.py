"""A made-up ente's campaign of a chosen size, built through the models and opened by the
same service as a real one: what the benchmark measures and the query-count test pins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from cruscotto.accounts.models import Role
from cruscotto.campaigns.models import Campaign
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import Plan, PlanItem, Responsibility, StatusReport


@dataclass(frozen=True)
class SyntheticCampaign:
    campaign: Campaign
    ufficio: Any  # the ufficio di controllo of the ente, who opened it
    units: list[OrgUnit]


def build_synthetic_campaign(
    code: str, units: int, activities: int, year: int
) -> SyntheticCampaign:
    """An ente `code` of `units` units and a DUP of `activities` activities, spread over the
    units, each with last year's status and a result indicator counted last year; its
    campaign for `year`, opened by its ufficio."""
    ente = Ente.objects.create(code=code, name=f"Comune di {code.title()}", kind="comune")
    org_units = OrgUnit.objects.bulk_create(
        OrgUnit(ente=ente, name=f"Settore {n}", normalized_name=f"SETTORE {n}", code=f"S{n:02}")
        for n in range(units)
    )
    plan = Plan.objects.create(
        ente=ente, kind="dup", code=f"{year - 1}-{year + 1}", title="DUP",
        period_start=year - 1, period_end=year + 1,
    )  # fmt: skip
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
        StatusReport(responsibility=r, year=year - 1, status_as_printed="In corso")
        for r in responsibilities
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(plan=plan, item=item, key=f"I{n}", kind="risultato", code=f"r.{n}",
                  name=f"Pratiche {n}", position=n)
        for n, item in enumerate(items)
    )  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(indicator=i, year=year - 1, reported_year=year - 1, as_printed="100",
                    value=100, value_type="count")
        for i in indicators
    )  # fmt: skip
    ufficio = get_user_model().objects.create_user(f"ufficio.{code}", password="x")
    Role.objects.create(user=ufficio, ente=ente, kind=Role.Kind.UFFICIO)
    campaign = open_campaign(ufficio, ente, plan, year, datetime.date(year + 1, 3, 31))
    return SyntheticCampaign(campaign, ufficio, org_units)
