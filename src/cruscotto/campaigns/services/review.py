"""A unit's answer goes to the ufficio di controllo, which accepts it or returns it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from cruscotto.accounts.services.permissions import Permission, actor_name, require_permission
from cruscotto.campaigns.models import Campaign, UnitProgress
from cruscotto.campaigns.services.access import editable_progress, require_open
from cruscotto.campaigns.services.errors import CampaignConflict, CampaignError
from cruscotto.core.models import OrgUnit
from cruscotto.core.services.user_edits import field_values, record_user_edit


def submit_unit(user: Any, campaign: Campaign, unit: OrgUnit) -> UnitProgress:
    """The referente sends the unit's data to the ufficio: no more changes until returned."""
    with transaction.atomic():
        progress = editable_progress(user, campaign, unit)
        before = field_values(progress)
        progress.state = UnitProgress.State.SUBMITTED
        progress.submitted_by = user
        progress.submitted_at = timezone.now()
        progress.save()
        record_user_edit(progress, before, actor_name(user), campaign.edit_reason)
    return progress


def review_unit(
    user: Any, campaign: Campaign, unit: OrgUnit, *, accept: bool, comment: str = ""
) -> UnitProgress:
    """The ufficio accepts the unit's data (locked for the year) or returns it with a comment."""
    require_permission(user, Permission.MANAGE_CAMPAIGNS, campaign.ente)
    require_open(campaign)
    if not accept and not comment.strip():
        raise CampaignError("per restituire un'unità serve un commento che dica cosa correggere")
    with transaction.atomic():
        progress = UnitProgress.objects.select_for_update().get(campaign=campaign, org_unit=unit)
        if progress.state == UnitProgress.State.ACCEPTED:
            raise CampaignConflict(
                f"l'unità {unit.name} è già stata accettata: i suoi dati sono bloccati"
            )
        if progress.state != UnitProgress.State.SUBMITTED:
            raise CampaignConflict(
                f"l'unità {unit.name} non ha inviato i suoi dati (stato: {progress.get_state_display()})"
            )
        before = field_values(progress)
        progress.state = UnitProgress.State.ACCEPTED if accept else UnitProgress.State.RETURNED
        progress.return_comment = "" if accept else comment.strip()
        progress.reviewed_by = user
        progress.reviewed_at = timezone.now()
        progress.save()
        record_user_edit(progress, before, actor_name(user), campaign.edit_reason)
    return progress
