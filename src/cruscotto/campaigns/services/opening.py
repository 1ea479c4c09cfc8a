"""Opening a campaign and finding the one a command or page means."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cruscotto.accounts.services.permissions import Permission, actor_name, require_permission
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.errors import CampaignConflict, CampaignError
from cruscotto.campaigns.services.todo import build_entries
from cruscotto.core.models import AuditEntry, Ente, SourceDocument
from cruscotto.plans.models import Plan

CAMPAIGN_FORMAT = "campagna"


def campaign_identity(plan: Plan, year: int) -> str:
    """The campaign's document identity: "torino/campagna/dup-2021-2026/2026"."""
    return f"{plan.ente.code}/{CAMPAIGN_FORMAT}/{plan.kind}-{plan.code}/{year}"


def find_plan(ente: Ente, text: str) -> Plan:
    """The plan of `ente` that "dup/2021-2026" (kind/code) names."""
    kind, _, code = text.partition("/")
    plan = Plan.objects.filter(ente=ente, kind=kind, code=code).first()
    if plan is None:
        known = ", ".join(f"{p.kind}/{p.code}" for p in Plan.objects.filter(ente=ente))
        raise CampaignError(
            f"piano «{text}» non trovato per {ente.name} (piani: {known or 'nessuno'})"
        )
    return plan


def open_campaign(
    user: Any, ente: Ente, plan: Plan, year: int, deadline: datetime.date
) -> Campaign:
    """Open the campaign of `plan` for the esercizio `year`, with each unit's to-do list."""
    require_permission(user, Permission.MANAGE_CAMPAIGNS, ente)
    if plan.ente_id != ente.pk:
        raise CampaignError(f"il piano «{plan}» non è di {ente.name}")
    if plan.period_start and plan.period_end and not plan.period_start <= year <= plan.period_end:
        raise CampaignError(
            f"l'anno {year} è fuori dal periodo del piano {plan.period_start}-{plan.period_end}"
        )
    if Campaign.objects.filter(plan=plan, year=year).exists():
        raise CampaignConflict(f"esiste già la campagna {year} per «{plan}»")
    now = timezone.now()
    with transaction.atomic():
        document = SourceDocument.objects.create(
            identity=campaign_identity(plan, year),
            format=CAMPAIGN_FORMAT,
            title=f"Campagna di monitoraggio {year} – {plan.title}",
            ente=ente,
            file_name="",
            sha256="",
            line_count=0,
            imported_at=now,
            reference_year=year,
        )
        campaign = Campaign.objects.create(
            ente=ente,
            plan=plan,
            year=year,
            deadline=deadline,
            document=document,
            opened_by=user,
            opened_at=now,
        )
        entries = Entry.objects.bulk_create(build_entries(campaign))
        UnitProgress.objects.bulk_create(
            UnitProgress(campaign=campaign, org_unit_id=unit_id)
            for unit_id in sorted({entry.org_unit_id for entry in entries})
        )
        AuditEntry.objects.create(
            at=now,
            actor=actor_name(user),
            action=AuditEntry.Action.CAMPAIGN,
            document=document,
            summary=f"Aperta la campagna {year} di «{plan}» (scadenza {deadline:%d/%m/%Y})",
            details={"campaign": campaign.pk, "entries": len(entries)},
        )
    return campaign


def find_campaign(
    ente_code: str | None = None,
    plan_text: str | None = None,
    year: int | None = None,
    state: str | None = Campaign.State.OPEN,
) -> Campaign:
    """The one campaign the options select (by default among the open ones)."""
    campaigns = Campaign.objects.select_related("ente", "plan", "document")
    if state:
        campaigns = campaigns.filter(state=state)
    if ente_code:
        campaigns = campaigns.filter(ente__code=ente_code)
    if plan_text:
        kind, _, code = plan_text.partition("/")
        campaigns = campaigns.filter(plan__kind=kind, plan__code=code)
    if year:
        campaigns = campaigns.filter(year=year)
    found = list(campaigns[:2])
    if not found:
        raise CampaignError(
            "nessuna campagna " + ("aperta " if state == "open" else "") + "corrisponde"
        )
    if len(found) > 1:
        raise CampaignError("più campagne corrispondono: indicare --ente, --plan e --year")
    return found[0]
