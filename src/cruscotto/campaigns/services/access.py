"""The campaign's own rules on top of the roles: open, the unit still editable."""

from __future__ import annotations

from typing import Any

from cruscotto.accounts.services.permissions import Permission, require_permission
from cruscotto.campaigns.models import Campaign, UnitProgress
from cruscotto.campaigns.services.errors import CampaignConflict
from cruscotto.core.models import OrgUnit

LOCKED_STATES = {
    UnitProgress.State.SUBMITTED: "è stata inviata all'ufficio di controllo",
    UnitProgress.State.ACCEPTED: "è stata accettata: i suoi dati sono bloccati",
}


def require_open(campaign: Campaign) -> None:
    if campaign.state != Campaign.State.OPEN:
        raise CampaignConflict(f"la campagna {campaign.year} di «{campaign.plan}» è chiusa")


def editable_progress(user: Any, campaign: Campaign, unit: OrgUnit) -> UnitProgress:
    """The unit's progress, locked for update, if the user may change the unit's data now."""
    require_permission(user, Permission.EDIT_UNIT_DATA, campaign.ente, unit)
    require_open(campaign)
    progress = UnitProgress.objects.select_for_update().get(campaign=campaign, org_unit=unit)
    if progress.state in LOCKED_STATES:
        raise CampaignConflict(f"l'unità {unit.name} {LOCKED_STATES[progress.state]}")  # type: ignore[index]
    return progress
