"""What a report raises when the database cannot produce it."""

from __future__ import annotations


class ReportUnavailable(Exception):
    """The database does not hold what the report needs (no such plan, a year out of range)."""
