"""Read-side services over indicators: series, tables and open-data rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from cruscotto.indicators.models import Indicator, Measurement

# The tidy CSV of an indicator: one row per value. Described column by column in
# the open-data dictionary (cruscotto.reports.services.opendata.DATA_DICTIONARY).
CSV_COLUMNS = [
    "indicator_id",
    "indicator_code",
    "indicator_name",
    "series",
    "year",
    "value_as_printed",
    "value",
    "unit",
    "value_type",
    "qualifiers",
    "source_document",
    "source_line",
]


def stable_indicator_id(indicator: Indicator) -> str:
    """The identifier open data uses: ente, plan and the indicator's natural key.

    It survives re-imports (ids do not): "torino:dup:2021-2026:M01.P01/vp/f.1".
    """
    plan = indicator.plan
    return f"{plan.ente.code}:{plan.kind}:{plan.code}:{indicator.key}"


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: Decimal
    height_percent: float  # of the tallest bar


def get_indicator(indicator_id: int) -> Indicator:
    """Return the indicator with its plan, item and measurements; raises Indicator.DoesNotExist.

    The measurements are the series as its latest report states it (each year's
    monitoring reports its own values: 2024's figure of a context indicator stays
    as the 2024 report printed it beside the 2025 report's), with the values no
    report dated (entered or loaded from elsewhere).
    """
    return (
        Indicator.objects.select_related("plan__ente", "item", "source_document")
        .prefetch_related(
            Prefetch(
                "measurements",
                # The values as the latest report states them (each report keeps its own).
                queryset=Measurement.objects.as_of()
                .select_related("source_document")
                .order_by("series", "year"),
            )
        )
        .get(pk=indicator_id)
    )


def chart_bars(measurements: list[Measurement]) -> list[ChartBar]:
    """Return one bar per measurement with a number; values printed as text get no bar."""
    numeric = [m for m in measurements if m.value is not None]
    tallest = max((abs(m.value) for m in numeric if m.value is not None), default=Decimal(0))
    return [
        ChartBar(
            label=f"{m.year} {m.series}".strip(),
            value=m.value,
            height_percent=float(abs(m.value) / tallest * 100) if tallest else 0.0,
        )
        for m in numeric
        if m.value is not None
    ]


def measurement_rows(indicator: Indicator) -> list[dict[str, Any]]:
    """The indicator's series as tidy rows, one per value, keyed by CSV_COLUMNS.

    The same rows make the open-data CSV and the JSON API: the value as read is
    a string ("1352", "12.5", "" when the document gives no single number), as
    the CSV prints it, so that no float rounding creeps in.
    """
    identifier = stable_indicator_id(indicator)
    return [
        {
            "indicator_id": identifier,
            "indicator_code": indicator.code,
            "indicator_name": indicator.name,
            "series": measurement.series,
            "year": measurement.year,
            "value_as_printed": measurement.as_printed,
            "value": ""
            if measurement.value is None
            else format(measurement.value.normalize(), "f"),
            "unit": indicator.unit,
            "value_type": measurement.value_type,
            "qualifiers": ";".join(measurement.qualifiers),
            "source_document": (
                measurement.source_document.file_name if measurement.source_document else ""
            ),
            "source_line": measurement.source_line or "",
        }
        for measurement in indicator.measurements.all()
    ]


def measurements_as_csv(indicator: Indicator) -> str:
    """Return the indicator's series as a tidy CSV (one row per value; columns in CSV_COLUMNS)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(measurement_rows(indicator))
    return buffer.getvalue()
