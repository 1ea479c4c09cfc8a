"""The campaign board: where each unit stands, and reminders to those that have not answered."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Count, Q

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.access import require_open


@dataclass(frozen=True)
class UnitState:
    code: str
    name: str
    state: str
    to_do: int  # entries not yet entered
    filled: int
    return_comment: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def progress(campaign: Campaign) -> list[UnitState]:
    """Each unit of the campaign, by name: its state and how many of its entries are filled."""
    counts = {
        row["org_unit"]: row
        for row in Entry.objects.filter(campaign=campaign)
        .values("org_unit")
        .annotate(total=Count("pk"), entered=Count("pk", filter=Q(entered_at__isnull=False)))
    }
    units = []
    for row in UnitProgress.objects.filter(campaign=campaign).select_related("org_unit"):
        count = counts.get(row.org_unit_id, {"total": 0, "entered": 0})
        units.append(
            UnitState(
                code=unit_code(row.org_unit),
                name=row.org_unit.name,
                state=row.state,
                to_do=count["total"] - count["entered"],
                filled=count["entered"],
                return_comment=row.return_comment,
            )
        )
    units.sort(key=lambda unit: unit.name)
    return units


@dataclass(frozen=True)
class Reminders:
    sent: list[str]  # the addresses written to
    without_email: list[str]  # referenti who have no address: told to the ufficio


def remind(campaign: Campaign) -> Reminders:
    """E-mail the referenti of every unit that has not submitted its data yet."""
    require_open(campaign)
    waiting = {
        row.org_unit_id: row.org_unit
        for row in UnitProgress.objects.filter(
            campaign=campaign,
            state__in=[
                UnitProgress.State.TODO,
                UnitProgress.State.DRAFT,
                UnitProgress.State.RETURNED,
            ],
        ).select_related("org_unit")
    }
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            cruscotto_roles__kind=Role.Kind.REFERENTE,
            cruscotto_roles__ente=campaign.ente,
            cruscotto_roles__org_units__in=list(waiting),
        )
        .distinct()
        .order_by("username")
    )
    messages, sent, without_email = [], [], []
    for user in users:
        units = sorted(
            unit.name
            for role in user.cruscotto_roles.filter(kind=Role.Kind.REFERENTE, ente=campaign.ente)
            for unit in role.org_units.all()
            if unit.pk in waiting
        )
        if not user.email:
            without_email.append(user.get_username())
            continue
        messages.append(
            (
                f"Cruscotto: campagna {campaign.year}, scadenza {campaign.deadline:%d/%m/%Y}",
                f"Gentile {user.get_username()},\n\nle seguenti unità non hanno ancora inviato "
                f"i dati della campagna di monitoraggio {campaign.year} ({campaign.plan}):\n"
                + "".join(f"- {name}\n" for name in units)
                + f"\nLa scadenza è il {campaign.deadline:%d/%m/%Y}.\n",
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        )
        sent.append(user.email)
    send_mass_mail(messages, fail_silently=False)
    return Reminders(sent, without_email)
