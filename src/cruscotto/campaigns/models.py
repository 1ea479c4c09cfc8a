"""The monitoring campaign: each office updates its data for a year, the ufficio validates it.

A campaign is an ente's call to its units to update one plan for one esercizio. What
each unit must update is materialised as `Entry` rows when the campaign opens (prefilled
with last year's values), so that each has its own version for optimistic concurrency
and its own history; the progress board is counted from them, not stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Campaign(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "aperta"
        CLOSED = "closed", "chiusa"

    ente = models.ForeignKey("core.Ente", on_delete=models.CASCADE, related_name="campaigns")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="campaigns")
    year = models.PositiveSmallIntegerField()  # the esercizio the offices report on
    deadline = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # The campaign states what the offices entered as a document of its own, so the
    # ownership machinery (Statement, sync_own) tells its records from an import's.
    document = models.OneToOneField(
        "core.SourceDocument", on_delete=models.PROTECT, related_name="campaign"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "campagna"
        verbose_name_plural = "campagne"
        ordering = ["ente", "plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="unique_campaign_per_plan_year")
        ]

    def __str__(self) -> str:
        return f"Campagna {self.year} – {self.plan}"

    @property
    def edit_reason(self) -> str:
        """Why the campaign's writes were made, as the history shows it: "campagna 2026 –
        DUP 2021-2026" (plan and year name one campaign)."""
        return f"campagna {self.year} – {self.plan.kind.upper()} {self.plan.code}"


class UnitProgress(models.Model):
    """Where one unit stands in a campaign: to do, draft, submitted, returned, accepted."""

    class State(models.TextChoices):
        TODO = "da_fare", "da fare"
        DRAFT = "bozza", "bozza"
        SUBMITTED = "inviata", "inviata"
        RETURNED = "restituita", "restituita"
        ACCEPTED = "accettata", "accettata"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.TODO)
    return_comment = models.TextField(blank=True)  # why the ufficio returned it
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "avanzamento di un'unità"
        verbose_name_plural = "avanzamento delle unità"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org_unit"], name="unique_unit_progress")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} – {self.get_state_display()}"


class Entry(models.Model):
    """One thing a unit must update in a campaign, as the referente entered it."""

    class Kind(models.TextChoices):
        STATUS = "stato", "stato dell'attività"
        ACTIONS = "azioni", "azioni dell'anno"
        INDICATOR = "indicatore", "valore dell'indicatore"
        ACTUAL = "consuntivo", "valore consuntivo dell'obiettivo"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    # Stable within the campaign, what forms and spreadsheets name: "stato:M01.P01.a/312".
    key = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    responsibility = models.ForeignKey(
        "plans.Responsibility", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    series = models.CharField(max_length=200, blank=True)  # of a pivot indicator's column
    objective = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    performance_plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    previous_text = models.TextField(blank=True)  # last year's, to prefill the form
    # What a value must be (Measurement.ValueType of last year's), "" when any value will do.
    expected_type = models.CharField(max_length=10, blank=True)
    # As entered (empty until someone enters it) and as read by type.
    text = models.TextField(blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    value_type = models.CharField(max_length=10, blank=True)  # Measurement.ValueType
    qualifiers = models.JSONField(default=list, blank=True)
    status = models.ForeignKey(
        "plans.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    # Raised by every save: a save that read an older version is refused, not applied.
    version = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dato della campagna"
        verbose_name_plural = "dati della campagna"
        ordering = ["campaign", "org_unit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="unique_campaign_entry")
        ]
        indexes = [models.Index(fields=["campaign", "org_unit"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:60]}"

    @property
    def filled(self) -> bool:
        return self.entered_at is not None
