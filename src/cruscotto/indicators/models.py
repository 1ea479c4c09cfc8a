"""Indicators and their yearly measurements."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel
from cruscotto.core.models.reported import ReportedQuerySet


class Indicator(SourcedModel):
    class Kind(models.TextChoices):
        PUBLIC_VALUE = "valore_pubblico", "Valore pubblico"
        RESULT = "risultato", "Risultato"
        COMMON = "comune", "Indicatore comune (funzioni di supporto)"
        CONTEXT = "contesto", "Contesto"

    class Polarity(models.TextChoices):
        UNKNOWN = "", "non indicata"
        HIGHER_IS_BETTER = "higher", "più alto è meglio"
        LOWER_IS_BETTER = "lower", "più basso è meglio"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="indicators")
    item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    key = models.CharField(max_length=200)  # natural key within the plan
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=40, blank=True)  # as printed: "a.1"
    name = models.TextField()
    formula = models.TextField(blank=True)  # "N. di accessi unici tramite SPID / N. di accessi …"
    table_title = models.CharField(max_length=300, blank=True)
    group_path = models.JSONField(default=list, blank=True)  # Area / Prodotto, outermost first
    # The headers of the group_path columns as the table prints them ("Area", "Prodotto").
    group_labels = models.JSONField(default=list, blank=True)
    unit = models.CharField(max_length=60, blank=True)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, blank=True)
    source = models.CharField(max_length=300, blank=True)
    territorial_level = models.CharField(max_length=60, blank=True)
    baseline = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=200, blank=True)
    # The target of each year as written ({"2025": "12", "2026": "15"}), where a plan gives one.
    targets_by_year = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "indicatore"
        verbose_name_plural = "indicatori"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_indicator_key")]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:80]}".strip()


class MeasurementQuerySet(ReportedQuerySet):
    group_field = "indicator"
    year_field = "reported_year"


class Measurement(SourcedModel):
    class ValueType(models.TextChoices):
        COUNT = "count", "numero"
        PERCENT = "percent", "percentuale"
        EURO = "euro", "euro"
        RATIO = "ratio", "rapporto"
        YES_NO = "yes_no", "sì/no"
        TEXT = "text", "testo"
        MISSING = "missing", "non rilevato"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField()
    # The year of the report that states the value (the rendiconto's esercizio, the PSM's
    # monitoring year): each report states its own series, so 2025's pre-consuntivo stays
    # as 2025's report printed it when 2026's report gives the final figure.
    reported_year = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.CharField(max_length=200, blank=True)  # column group of a pivot table
    as_printed = models.TextField()
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    value_type = models.CharField(max_length=10, choices=ValueType.choices)
    qualifiers = models.JSONField(default=list, blank=True)
    # Every value read in the cell, with its label: a cell can hold several.
    components = models.JSONField(default=list, blank=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = "misurazione"
        verbose_name_plural = "misurazioni"
        ordering = ["indicator", "series", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "series", "reported_year"],
                name="unique_measurement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.as_printed}"
