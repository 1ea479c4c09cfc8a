"""Year-end closing: what the units entered becomes the esercizio's records.

The campaign's document (format "campagna", reference year the campaign's) states
them: each department's status of the year (`StatusReport`), the year's actions
(`LogEntry`, reported_year), indicator values (`Measurement`, reported_year), and
the performance actuals, scored by the scoring engine. The document also restates
the plan's structure as the previous rendiconto stated it (its items, departments,
links, tags and indicators, each in that edition's wording), so the year's relazione
is printed from it (`reports.services.controllo_strategico`).

Every applied record is recorded as the closing user's change (`record_user_edit`):
a later import of the same year's rendiconto keeps the offices' values and reports
the difference (`keep_user_values`, `DocumentLoader.sync_own`), never silently
rewrites them. Only accepted units are applied; the others are reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cruscotto.accounts.services.permissions import Permission, actor_name, require_permission
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.access import require_open
from cruscotto.core.models import AuditEntry, SourceDocument, Statement
from cruscotto.core.services.sync import SyncCounts
from cruscotto.core.services.user_edits import field_values, record_user_edit
from cruscotto.domain import formats
from cruscotto.indicators.models import Measurement
from cruscotto.performance.models import ActualValue
from cruscotto.performance.services.scorecards import compute_scores
from cruscotto.plans.models import LogEntry, Plan, Responsibility, StatusReport
from cruscotto.plans.services.statuses import refresh_current_statuses

PREVIOUS_EDITION_FORMAT = formats.RENDICONTO
# The plan's structure the year's relazione prints, restated from the previous edition.
RESTATED_MODELS = (
    "plans.planitem",
    "plans.responsibility",
    "plans.itemtag",
    "plans.link",
    "plans.linktag",
    "indicators.indicator",
)


@dataclass
class ClosingResult:
    applied: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    units_not_accepted: list[str] = field(default_factory=list)  # their data is not applied
    not_applied: list[str] = field(default_factory=list)  # entries another document states
    concluded_activities: int = 0  # concluded by every department: the relazione's column


def previous_edition(campaign: Campaign) -> SourceDocument | None:
    """The latest rendiconto of the ente before the campaign's year: the structure restated."""
    return (
        SourceDocument.objects.filter(
            ente=campaign.ente,
            format=PREVIOUS_EDITION_FORMAT,
            reference_year__lt=campaign.year,
        )
        .order_by("-reference_year")
        .first()
    )


def close_campaign(user: Any, campaign: Campaign) -> ClosingResult:
    """Apply the accepted units' data as the year's records and close the campaign."""
    require_permission(user, Permission.MANAGE_CAMPAIGNS, campaign.ente)
    require_open(campaign)
    actor = actor_name(user)
    result = ClosingResult()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        require_open(campaign)
        accepted = set()
        for progress in UnitProgress.objects.filter(campaign=campaign).select_related("org_unit"):
            if progress.state == UnitProgress.State.ACCEPTED:
                accepted.add(progress.org_unit_id)
            else:
                result.units_not_accepted.append(unit_code(progress.org_unit))
        entries = list(
            Entry.objects.filter(
                campaign=campaign, org_unit_id__in=accepted, entered_at__isnull=False
            ).select_related("responsibility__item", "indicator", "objective", "status")
        )
        restate_structure(campaign)
        for entry in entries:
            apply_entry(campaign, entry, actor, result)
        refresh_statuses(campaign)
        counts = SyncCounts()
        for plan in {entry.performance_plan for entry in entries if entry.performance_plan}:
            compute_scores(plan, campaign.year, counts)
        result.concluded_activities = count_concluded(campaign.plan, campaign.year)
        before = field_values(campaign)
        campaign.state = Campaign.State.CLOSED
        campaign.closed_by = user
        campaign.closed_at = timezone.now()
        campaign.save()
        record_user_edit(campaign, before, actor, campaign.edit_reason)
        AuditEntry.objects.create(
            at=campaign.closed_at,
            actor=actor,
            action=AuditEntry.Action.CAMPAIGN,
            document=campaign.document,
            summary=f"Chiusa la campagna {campaign.year} di «{campaign.plan}»: "
            + ", ".join(f"{n} {kind}" for kind, n in sorted(result.applied.items())),
            details={
                "campaign": campaign.pk,
                "applied": dict(result.applied),
                "units_not_accepted": result.units_not_accepted,
                "not_applied": result.not_applied,
            },
        )
    return result


def restate_structure(campaign: Campaign) -> None:
    """The campaign's document states what the previous edition stated of the plan, in its
    wording: the year's relazione prints the same activities, lines and indicators."""
    previous = previous_edition(campaign)
    if previous is None:
        return
    Statement.objects.bulk_create(
        Statement(
            document=campaign.document,
            model=statement.model,
            object_id=statement.object_id,
            line=None,  # the campaign has no text to point into
            stated=statement.stated,
        )
        for statement in Statement.objects.filter(document=previous, model__in=RESTATED_MODELS)
    )


def apply_entry(campaign: Campaign, entry: Entry, actor: str, result: ClosingResult) -> None:
    document = campaign.document
    year = campaign.year
    if entry.kind == Entry.Kind.STATUS and entry.responsibility is not None:
        status_as_printed = entry.status.name if entry.status else entry.text
        write_record(
            StatusReport.objects.filter(responsibility=entry.responsibility, year=year),
            {"status": entry.status, "status_as_printed": status_as_printed},
            {"responsibility": entry.responsibility, "year": year, "source_document": document},
            actor,
            campaign.edit_reason,
        )
        result.applied["stati"] += 1
    elif entry.kind == Entry.Kind.ACTIONS and entry.responsibility is not None:
        existing = LogEntry.objects.filter(responsibility=entry.responsibility, reported_year=year)
        if existing.exclude(source_document=document).exists():
            result.not_applied.append(f"{entry.key}: le azioni {year} sono già di un documento")
            return
        existing.delete()
        paragraphs = [p.strip() for p in entry.text.split("\n\n") if p.strip()]
        for position, paragraph in enumerate(paragraphs):
            log = LogEntry.objects.create(
                responsibility=entry.responsibility,
                reported_year=year,
                position=position,
                year_from=year,
                year_to=year,
                text=paragraph,
                source_document=document,
            )
            record_user_edit(log, {}, actor, campaign.edit_reason)
        result.applied["azioni"] += 1
    elif entry.kind == Entry.Kind.INDICATOR and entry.indicator is not None:
        write_record(
            Measurement.objects.filter(
                indicator=entry.indicator, year=year, series=entry.series, reported_year=year
            ),
            {
                "as_printed": entry.text,
                "value": entry.value,
                "value_type": entry.value_type,
                "qualifiers": entry.qualifiers,
                "components": [],
            },
            {
                "indicator": entry.indicator,
                "year": year,
                "series": entry.series,
                "reported_year": year,
                "source_document": document,
            },
            actor,
            campaign.edit_reason,
        )
        result.applied["valori di indicatori"] += 1
    elif entry.kind == Entry.Kind.ACTUAL and entry.objective is not None:
        write_record(
            ActualValue.objects.filter(
                plan=entry.performance_plan,
                objective=entry.objective,
                org_unit_id=entry.org_unit_id,
                year=year,
            ),
            # The campaign's document states the value from now on: a later actuals file
            # reports it and keeps it (scorecards.store_actuals).
            {
                "value": entry.value,
                "as_printed": entry.text,
                "source_name": document.identity,
                "source_document": document,
                "source_line": None,
            },
            {
                "plan": entry.performance_plan,
                "objective": entry.objective,
                "org_unit_id": entry.org_unit_id,
                "year": year,
            },
            actor,
            campaign.edit_reason,
        )
        result.applied["valori consuntivi"] += 1


def write_record(
    existing: models.QuerySet[Any],
    values: dict[str, Any],
    identity: dict[str, Any],
    actor: str,
    reason: str = "",
) -> models.Model:
    """Update the record `existing` selects with `values`, or create it; record the change as
    the user's (so no import undoes it)."""
    record = existing.first()
    if record is None:
        record = existing.model(**identity, **values)
        before: dict[str, Any] = {}
    else:
        before = field_values(record)
        for name, value in values.items():
            setattr(record, name, value)
    record.save()
    record_user_edit(record, before, actor, reason)
    return record


def refresh_statuses(campaign: Campaign) -> None:
    refresh_current_statuses(Responsibility.objects.filter(item__plan=campaign.plan))


def count_concluded(plan: Plan, year: int) -> int:
    """How many activities every responsible department reports concluded in `year`: the
    relazione's rule for its concluded column (see controllo_strategico._activity)."""
    reports = StatusReport.objects.filter(
        responsibility__item__plan=plan,
        responsibility__role=Responsibility.Role.RESPONSIBLE,
        year=year,
    ).values_list("responsibility__item_id", "status__code")
    by_item: dict[int, list[str | None]] = defaultdict(list)
    for item_id, code in reports:
        by_item[item_id].append(code)
    responsible: dict[int, int] = defaultdict(int)
    for item_id in Responsibility.objects.filter(
        item__plan=plan, role=Responsibility.Role.RESPONSIBLE, item_id__in=list(by_item)
    ).values_list("item_id", flat=True):
        responsible[item_id] += 1
    return sum(
        1
        for item_id, codes in by_item.items()
        if len(codes) == responsible[item_id] and all(code == "concluso" for code in codes)
    )
