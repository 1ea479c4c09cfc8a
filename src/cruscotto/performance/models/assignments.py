"""Who holds which structure, and which objectives each structure has with which weight."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class StructureManager(SourcedModel):
    """The manager (dirigente) of a structure for one plan; `interim` for the (*) mark."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # None when the document leaves the cell empty
    role = models.CharField(max_length=100, blank=True)  # "Segretario Generale"
    interim = models.BooleanField(default=False)
    interim_note = models.TextField(blank=True)  # the footnote the (*) points to
    # The structure's "Totale peso" in the matrix: what its weights must reach.
    declared_total = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "dirigente di struttura"
        verbose_name_plural = "dirigenti di struttura"
        constraints = [
            models.UniqueConstraint(fields=["plan", "org_unit"], name="unique_structure_manager")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} – {self.person or '?'}{' (*)' if self.interim else ''}"


class Assignment(SourcedModel):
    """An objective assigned to a structure in one slot of the matrix, with its weight."""

    class SlotKind(models.TextChoices):
        ENTE = "ente", "Obiettivo di Ente"
        DIREZIONE = "direzione", "Obiettivo di Direzione"
        INDIVIDUALE = "individuale", "Obiettivo individuale"

    class WeightSource(models.TextChoices):
        READ = "read", "letto"
        COMPLETED = "completed", "completato (cifra ritrovata nella cella)"
        INFERRED = "inferred", "dedotto dal totale"
        UNKNOWN = "unknown", "non noto"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="assignments"
    )
    position = models.PositiveSmallIntegerField()  # order in the structure's row, 1-based
    slot_kind = models.CharField(max_length=12, choices=SlotKind.choices)
    slot_number = models.PositiveSmallIntegerField()
    weight = models.PositiveSmallIntegerField(null=True, blank=True)  # None: unknown
    weight_source = models.CharField(max_length=10, choices=WeightSource.choices)
    weight_as_printed = models.CharField(max_length=60, blank=True)  # the numbers in the cell
    candidates = models.JSONField(default=list, blank=True)  # values that fit, when unknown
    # Numbers printed where the weight should be that no weight of the plan can be ("51").
    not_a_weight = models.JSONField(default=list, blank=True)
    printed_id = models.CharField(max_length=10, blank=True)  # the Id beside the text, if any
    text_as_printed = models.TextField(blank=True)

    class Meta:
        verbose_name = "assegnazione"
        verbose_name_plural = "assegnazioni"
        ordering = ["plan", "org_unit__code", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "org_unit", "position"], name="unique_assignment_position"
            )
        ]

    @property
    def slot(self) -> str:
        return f"{self.slot_kind}_{self.slot_number}"

    def __str__(self) -> str:
        return f"{self.org_unit.code} {self.slot}: {self.objective.code} ({self.weight or '?'})"
