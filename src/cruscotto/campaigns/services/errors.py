"""What the campaign services refuse, with a message in Italian that says why."""

from __future__ import annotations


class CampaignError(ValueError):
    """A campaign action cannot be done as asked (closed campaign, submitted unit, bad value)."""


class StaleEntry(CampaignError):
    """Someone saved the entry after it was read: the save is refused, never applied over it."""
