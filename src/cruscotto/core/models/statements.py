"""Which documents state a record: what makes a document own what it says."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Statement(models.Model):
    """A document states a record shared across documents (an item, an indicator, a link …).

    The same activity is printed by the rendiconto of 2025 and by that of 2026; both
    state it, and the record is kept while any document states it or a user's data
    hangs on it. An import synchronises only its own statements: it never removes
    what another document states. Where the record now reads as another document
    says (a later edition reworded it), `stated` keeps this document's own values of
    the fields that differ, so what each document stated can be printed again.
    """

    document = models.ForeignKey(
        "core.SourceDocument", on_delete=models.CASCADE, related_name="statements"
    )
    model = models.CharField(max_length=60)  # the record's model label: "plans.planitem"
    object_id = models.PositiveBigIntegerField()
    line = models.PositiveIntegerField(null=True, blank=True)
    stated = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "dichiarazione di un documento"
        verbose_name_plural = "dichiarazioni dei documenti"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "model", "object_id"], name="unique_statement"
            )
        ]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.document} → {self.model}#{self.object_id}"
