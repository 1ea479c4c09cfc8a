"""Named people of a campaign on the Turin seed, so that permission tests read like sentences.

- `ufficio`: the ufficio di controllo of Torino, who opens, reviews and closes;
- `referente`: the referente of the department with most activities (`unit`);
- `other_referente`: the referente of the next department (`other_unit`);
- `dirigente`, `valutatore`: of Torino, who read but do not enter data;
- `ufficio_cmto`: the ufficio di controllo of another ente.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count

from cruscotto.accounts.models import Role
from cruscotto.campaigns.models import Campaign
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem, Responsibility
from imported_once import imported_once

YEAR = 2026  # the esercizio after the seed's (Rendiconto 2025)


def make_user(username: str, kind: str, ente: Ente | None, units: list[OrgUnit] = ()) -> User:  # type: ignore[assignment]
    user = User.objects.create_user(username, email=f"{username}@example.org", password="x")
    role = Role.objects.create(user=user, ente=ente, kind=kind)
    role.org_units.add(*units)
    return user


@dataclass
class People:
    torino: Ente
    dup: Plan
    unit: OrgUnit
    other_unit: OrgUnit
    ufficio: Any
    referente: Any
    other_referente: Any
    dirigente: Any
    valutatore: Any
    ufficio_cmto: Any
    anonymous: Any


@imported_once
def people(seeded_db: LoadResult) -> People:
    torino = Ente.objects.get(code="torino")
    dup = Plan.objects.get(ente=torino, kind=Plan.Kind.DUP)
    busiest = list(
        Responsibility.objects.filter(
            item__plan=dup,
            item__level=PlanItem.Level.ATTIVITA,
            role=Responsibility.Role.RESPONSIBLE,
        )
        .values("org_unit")
        .annotate(activities=Count("pk"))
        .order_by("-activities", "org_unit")[:2]
    )
    unit, other_unit = (OrgUnit.objects.get(pk=row["org_unit"]) for row in busiest)
    return People(
        torino=torino,
        dup=dup,
        unit=unit,
        other_unit=other_unit,
        ufficio=make_user("ufficio.torino", Role.Kind.UFFICIO, torino),
        referente=make_user("referente.uno", Role.Kind.REFERENTE, torino, [unit]),
        other_referente=make_user("referente.due", Role.Kind.REFERENTE, torino, [other_unit]),
        dirigente=make_user("dirigente.uno", Role.Kind.DIRIGENTE, torino, [unit]),
        valutatore=make_user("valutatore.torino", Role.Kind.VALUTATORE, torino),
        ufficio_cmto=make_user("ufficio.cmto", Role.Kind.UFFICIO, Ente.objects.get(code="cmto")),
        anonymous=AnonymousUser(),
    )


@imported_once
def campaign(people: People) -> Campaign:
    return open_campaign(
        people.ufficio, people.torino, people.dup, YEAR, datetime.date(YEAR + 1, 3, 31)
    )
