"""Entering a unit's data: validated by type, versioned, recorded in the history."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from cruscotto.accounts.services.permissions import actor_name
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.access import editable_progress
from cruscotto.campaigns.services.errors import CampaignError, StaleEntry
from cruscotto.campaigns.services.values import ReadValue, read_number, read_status
from cruscotto.core.services.user_edits import field_values, record_user_edit
from cruscotto.plans.models import Term

STATUS_TAXONOMY = "stato"


def status_vocabulary() -> list[Term]:
    return list(Term.objects.filter(taxonomy__code=STATUS_TAXONOMY).order_by("position"))


def read_entry_text(entry: Entry, text: str, vocabulary: list[Term] | None = None) -> ReadValue:
    """What `text` means for `entry`; raises CampaignError when it is not of the entry's type."""
    if entry.kind == Entry.Kind.STATUS:
        return read_status(text, vocabulary if vocabulary is not None else status_vocabulary())
    if entry.kind == Entry.Kind.ACTIONS:
        return ReadValue(value_type="text")
    read = read_number(text, entry.expected_type)
    if entry.kind == Entry.Kind.ACTUAL and read.value is None and read.value_type != "missing":
        raise CampaignError(f"valore «{text}» non valido: serve un numero, una percentuale o sì/no")
    return read


def find_entry(campaign: Campaign, entry_key: str) -> Entry:
    entry = (
        Entry.objects.filter(campaign=campaign, key=entry_key).select_related("org_unit").first()
    )
    if entry is None:
        raise CampaignError(f"nessun dato «{entry_key}» nella campagna {campaign.year}")
    return entry


def save_entry(
    user: Any,
    campaign: Campaign,
    entry_key: str,
    text: str,
    expected_version: int,
    vocabulary: list[Term] | None = None,
    via: str = "",
) -> Entry:
    """Store what the referente entered for `entry_key`; return the entry at its new version.

    Refused (CampaignError) when the campaign is closed, the unit submitted or accepted,
    the user no referente of the unit, the text not of the entry's type, or the entry
    saved by someone else since it was read (`expected_version` is the version read).
    `via` says how it came, after the campaign, in the history's reason ("foglio …").
    """
    reason = f"{campaign.edit_reason}, {via}" if via else campaign.edit_reason
    text = text.strip()
    with transaction.atomic():
        entry = find_entry(campaign, entry_key)
        progress = editable_progress(user, campaign, entry.org_unit)
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.version != expected_version:
            raise StaleEntry(
                f"«{entry_key}» è stato modificato da "
                f"{entry.entered_by.get_username() if entry.entered_by else 'altri'} dopo che lo "
                f"avete letto (versione {expected_version}, ora {entry.version}): ricaricare e "
                "ripetere la modifica"
            )
        if not text:
            raise CampaignError(f"«{entry_key}»: valore vuoto")
        read = read_entry_text(entry, text, vocabulary)
        before = field_values(entry)
        entry.text = text
        entry.value = read.value
        entry.value_type = read.value_type
        entry.qualifiers = read.qualifiers
        entry.status = read.status
        entry.entered_by = user
        entry.entered_at = timezone.now()
        entry.version += 1
        entry.save()
        record_user_edit(entry, before, actor_name(user), reason)
        if progress.state in (UnitProgress.State.TODO, UnitProgress.State.RETURNED):
            progress_before = field_values(progress)
            progress.state = UnitProgress.State.DRAFT
            progress.save(update_fields=["state"])
            record_user_edit(progress, progress_before, actor_name(user), reason)
    return entry
