"""Rows each year's report states anew: the latest report's, as of a year."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Exists, OuterRef


class ReportedQuerySet(models.QuerySet[Any]):
    """Rows that each year's report states again for the same thing (a department's log,
    an indicator's values): `as_of` keeps, for each thing, the rows of its latest report."""

    group_field: str  # what the rows are about: "indicator", "responsibility"
    year_field: str  # the year of the report stating them

    def as_of(self, year: int | None = None) -> Self:
        """The rows of each thing's latest report up to the year `year` (any year when None)."""
        later = self.model._default_manager.filter(
            **{
                self.group_field: OuterRef(self.group_field),
                f"{self.year_field}__gt": OuterRef(self.year_field),
            }
        )
        rows = self
        if year is not None:
            rows = rows.filter(**{f"{self.year_field}__lte": year})
            later = later.filter(**{f"{self.year_field}__lte": year})
        return rows.filter(~Exists(later))
