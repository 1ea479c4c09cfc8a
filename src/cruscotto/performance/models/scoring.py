"""Scoring rules (data, not code), the actual values of a year, and the scores with their reasons."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class ScoringRule(SourcedModel):
    """How an objective's achieved value becomes a score 0-100, as parsed from the plan."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", "Sì/No"
        BANDS = "bands", "fasce"
        PROPORTIONAL = "proportional", "proporzionale"
        FORMULA = "formula", "formula"
        UNPARSED = "unparsed", "non interpretabile"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "più alto è meglio"
        LOWER = "lower", "più basso è meglio"

    objective = models.OneToOneField(
        "plans.PlanItem", on_delete=models.CASCADE, related_name="scoring_rule"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    polarity = models.CharField(max_length=6, choices=Polarity.choices, blank=True)
    unit = models.CharField(max_length=10, blank=True)  # percent, euro, count, days
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_as_printed = models.CharField(max_length=200, blank=True)
    # [{"lower": "90", "lower_inclusive": true, "upper": "100", "upper_inclusive": false, "score": 80}]
    bands = models.JSONField(default=list, blank=True)
    formula = models.TextField(blank=True)
    ente_wide = models.BooleanField(default=False)  # measured once for the whole Ente
    # Assigned to every structure ("Tutte" in the targets table): objectives 1-4 of 2024,
    # of which 1-3 are Ente-wide and 4 is measured per structure.
    common_to_all = models.BooleanField(default=False)
    # The structure codes printed beside the objective, normalised ("QA 1" → "QA1"): in the
    # "Struttura" column of "Target e regole di calcolo" ([] when it says "Tutte") and in the
    # "Direzione" column of the public-value matrix. Kept as the plan prints them: the two
    # tables do not always agree with each other or with the assignment matrix.
    target_table_structures = models.JSONField(default=list, blank=True)
    value_matrix_structures = models.JSONField(default=list, blank=True)
    as_printed = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)  # ["bands_gap: …", "not parseable: …"]

    class Meta:
        verbose_name = "regola di calcolo"
        verbose_name_plural = "regole di calcolo"

    def __str__(self) -> str:
        return f"{self.objective.code}: {self.get_kind_display()}"


class ActualValue(models.Model):
    """What an objective achieved in a year, for a structure or (Ente-wide) for the Ente."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey("plans.PlanItem", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # None for an Ente-wide objective
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    as_printed = models.CharField(max_length=200, blank=True)
    source_name = models.CharField(max_length=300, blank=True)  # the CSV or XLSX file
    source_line = models.PositiveIntegerField(null=True, blank=True)
    # Who states the value: the actuals file's document or the campaign's (None: stored
    # before documents owned actuals). An actuals file replaces only its own values.
    source_document = models.ForeignKey(
        "core.SourceDocument", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "valore consuntivo"
        verbose_name_plural = "valori consuntivi"

    def __str__(self) -> str:
        return f"{self.objective.code} {self.year}: {self.as_printed}"


class Score(models.Model):
    """A score of one year: of an objective for a structure, of a structure, of a manager."""

    class Level(models.TextChoices):
        OBJECTIVE = "objective", "obiettivo"
        STRUCTURE = "structure", "struttura"
        MANAGER = "manager", "dirigente"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    objective = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    complete = models.BooleanField(default=True)  # False: some weight or value is missing
    explanation = models.JSONField(default=dict, blank=True)  # inputs, rule, band, weight

    class Meta:
        verbose_name = "punteggio"
        verbose_name_plural = "punteggi"

    def __str__(self) -> str:
        return f"{self.level} {self.year}: {self.score}"


class ObjectiveDate(SourcedModel):
    """A date an objective's text prints: a deadline, an as-of date, a window, a relative limit."""

    class Role(models.TextChoices):
        DEADLINE = "deadline", "scadenza"
        AS_OF = "as_of", "data di riferimento"
        WINDOW_START = "window_start", "inizio del periodo di misura"
        WINDOW_END = "window_end", "fine del periodo di misura"
        REFERENCE = "reference", "altra data citata"
        RELATIVE = "relative", "termine relativo (non è una scadenza)"

    objective = models.ForeignKey("plans.PlanItem", on_delete=models.CASCADE, related_name="dates")
    position = models.PositiveSmallIntegerField()  # order in the text
    role = models.CharField(max_length=12, choices=Role.choices)
    as_printed = models.CharField(max_length=80)
    date = models.DateField(null=True, blank=True)  # None: impossible ("33/11/2024") or relative
    amount = models.PositiveSmallIntegerField(null=True, blank=True)  # "entro 30 giorni" → 30
    unit = models.CharField(max_length=10, blank=True)  # "giorni", "mesi"

    class Meta:
        verbose_name = "data di un obiettivo"
        verbose_name_plural = "date degli obiettivi"
        ordering = ["objective", "position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "position"], name="unique_objective_date")
        ]

    def __str__(self) -> str:
        return f"{self.objective.code}: {self.get_role_display()} {self.as_printed}"
