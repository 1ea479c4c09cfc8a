"""What the campaign services refuse, with a message in Italian that says why."""

from __future__ import annotations


class CampaignError(ValueError):
    """A campaign action cannot be done as asked (closed campaign, submitted unit, bad value)."""


class CampaignConflict(CampaignError):
    """The action is refused by the state the campaign or the unit is in now (closed, already
    open, submitted, accepted), not by what was asked: the API answers it 409."""


class StaleEntry(CampaignConflict):
    """Someone saved the entry after it was read: the save is refused, never applied over it."""
