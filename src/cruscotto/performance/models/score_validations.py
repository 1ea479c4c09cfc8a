"""The valutatore's (OIV / Nucleo di valutazione) validation of a plan's scores for a year."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScoreValidation(models.Model):
    """One validation of the scores of `plan` for `year`: who, when, which scores (their digest).

    Append-only: a new validation is a new row, the latest one counts. The digest is of
    the scores as they were validated; when new actuals change the scores, the current
    digest differs and the validation is stale (services.score_validation).
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    # Kept after the account is removed: the name says who validated.
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    validator_name = models.CharField(max_length=150)
    validated_at = models.DateTimeField()
    digest = models.CharField(max_length=64)  # sha256 of the scores validated
    scores = models.PositiveIntegerField()  # how many scores the digest covers
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "validazione dei punteggi"
        verbose_name_plural = "validazioni dei punteggi"
        ordering = ["plan", "year", "-validated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}: {self.validator_name} {self.validated_at:%d/%m/%Y}"
