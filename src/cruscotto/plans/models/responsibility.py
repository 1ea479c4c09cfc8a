"""Who answers for an item, with a status and a yearly log of their own."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class Responsibility(SourcedModel):
    """Item × org unit: one activity can be Concluso for one department and In corso for another."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsabile", "Responsabile"
        INVOLVED = "coinvolta", "Unità coinvolta"

    item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="responsibilities"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="responsibilities"
    )
    person = models.ForeignKey("core.Person", on_delete=models.SET_NULL, null=True, blank=True)
    # The unit as this row prints it ("Ambiente, Grandi Opere, Infrastrutture e Mobilità"):
    # a unit keeps the first of its spellings, the published tables use several.
    org_unit_as_printed = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RESPONSIBLE)
    # Null when the document prints no status, or one we could not recognise:
    # `status_as_printed` keeps the words, and a diagnostic says why.
    status = models.ForeignKey(
        "plans.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_as_printed = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "responsabilità"
        verbose_name_plural = "responsabilità"
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "org_unit", "role"], name="unique_responsibility"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} – {self.item}"


class LogEntry(SourcedModel):
    """One paragraph of the yearly action log ("Azioni e attività effettuate")."""

    responsibility = models.ForeignKey(Responsibility, on_delete=models.CASCADE, related_name="log")
    position = models.PositiveIntegerField()
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField()

    class Meta:
        verbose_name = "azione effettuata"
        verbose_name_plural = "azioni effettuate"
        ordering = ["responsibility", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility", "position"], name="unique_log_position"
            )
        ]

    def __str__(self) -> str:
        if self.year_from is None:
            return self.text[:80]
        years = (
            str(self.year_from)
            if self.year_to in (None, self.year_from)
            else f"{self.year_from}-{self.year_to}"
        )
        return f"{years}: {self.text[:80]}"
