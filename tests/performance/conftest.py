"""The performance tests' fixtures: the cmto people and campaign (see cmto_people)."""

from cmto_people import cmto, cmto_campaign

__all__ = ["cmto", "cmto_campaign"]
