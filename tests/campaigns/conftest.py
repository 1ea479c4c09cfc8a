"""The campaign tests' fixtures: named people and an open campaign (see campaign_people)."""

from campaign_people import campaign, people

__all__ = ["campaign", "people"]
