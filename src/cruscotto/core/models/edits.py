"""What users changed by hand in records a document stated."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class UserEdit(models.Model):
    """One field of one record changed by a user: who, when, before, after.

    Append-only. A field a user changed holds the user's value: an import of the
    document that stated it keeps the user's value and reports the difference.
    """

    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    model = models.CharField(max_length=60)  # "plans.responsibility"
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=80)  # the attname: "status_id", "as_printed"
    before = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    # Why: where the change was made ("amministrazione"), later the campaign it belongs to.
    reason = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "modifica di un utente"
        verbose_name_plural = "modifiche degli utenti"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.model}#{self.object_id}.{self.field}"
