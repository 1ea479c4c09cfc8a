"""The participatory path of the PSM: method, evidence per strategy, themes, recommendations."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel

# A PSM edition's preliminary phase is a plan of its own: code "<period>-fase-preliminare".
PRELIMINARY_PLAN_SUFFIX = "fase-preliminare"


class StrategyEvidence(SourcedModel):
    """How the territory reported implementing one strategy of a previous PSM edition."""

    class Level(models.TextChoices):
        MOST_IMPLEMENTED = "most_implemented", "la più attuata dell'asse"
        IMPLEMENTED = "implemented", "attuata"
        PARTIAL = "partial", "attuata parzialmente"
        NONE_REPORTED = "none_reported", "nessuna azione riportata"

    item = models.OneToOneField(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="implementation_evidence"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    projects = models.JSONField(default=list)  # names printed in italics or quotes, in order
    zones = models.JSONField(default=list)  # numbers of the zone omogenee cited, ascending
    excerpt = models.TextField()  # the sentences about the strategy, as printed

    class Meta:
        verbose_name = "attuazione di una strategia"
        verbose_name_plural = "attuazione delle strategie"

    def __str__(self) -> str:
        return f"{self.item}: {self.get_level_display()}"


class ThemeProfile(SourcedModel):
    """A new theme's possible axes as printed ("ASSE 5 / ASSE 6", or "Trasversale")."""

    item = models.OneToOneField(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="theme_profile"
    )
    cross_cutting = models.BooleanField(default=False)
    axes = models.JSONField(default=list)  # axis numbers in print order
    axes_as_printed = models.CharField(max_length=100)

    class Meta:
        verbose_name = "tema: assi possibili"
        verbose_name_plural = "temi: assi possibili"


class Recommendation(SourcedModel):
    """A need and the indications the territory gave the Ente for running the plan."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="recommendations")
    group = models.CharField(max_length=200)  # "GOVERNANCE E COORDINAMENTO DELLE POLITICHE …"
    number = models.PositiveSmallIntegerField()
    need = models.TextField()
    indications = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "raccomandazione"
        verbose_name_plural = "raccomandazioni"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="unique_recommendation")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.number}: {self.need[:80]}"


class ConsultationMethod(SourcedModel):
    """How the preliminary phase consulted the territory. A figure not printed is null."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="consultation_method"
    )
    method = models.CharField(max_length=200, blank=True)  # "conflict assessment"
    interviews = models.PositiveIntegerField(null=True, blank=True)
    zones_consulted = models.PositiveIntegerField(null=True, blank=True)
    interview_format = models.CharField(max_length=200, blank=True)
    questionnaire_period = models.CharField(max_length=100, blank=True)
    questionnaire_contributions = models.PositiveIntegerField(null=True, blank=True)
    stakeholder_categories = models.JSONField(default=list)
    annexes_listed = models.JSONField(default=list)
    annexes_missing = models.JSONField(default=list)

    class Meta:
        verbose_name = "metodo di consultazione"
        verbose_name_plural = "metodi di consultazione"
