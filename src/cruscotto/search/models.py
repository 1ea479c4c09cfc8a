"""The search index: one row per searchable record, with its Italian word stems."""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """A searchable record. Stems are stored space-delimited, so that a stem matches
    with a plain LIKE on SQLite and PostgreSQL alike (" scuol ")."""

    class Kind(models.TextChoices):
        ITEM = "item", "Voce di piano"
        INDICATOR = "indicator", "Indicatore"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    title = models.TextField()
    label = models.CharField(max_length=120)  # "Attività a · Missione 1, Programma 2"
    # The text beyond the title (description, the yearly actions, the indicator's table),
    # from which a result's snippet is cut.
    body = models.TextField(blank=True, default="")
    title_stems = models.TextField()
    stems = models.TextField()
    # The years the record speaks of, space-delimited like the stems (" 2023 2024 "): its
    # actions' years and statuses' esercizi, its indicator values' years; else its plan's period.
    years = models.TextField(blank=True, default="")
    # The current statuses of an item's responsible units, as `stato` term codes (" in_corso ").
    statuses = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]

    def __str__(self) -> str:
        return self.title[:80]
