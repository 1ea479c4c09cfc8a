"""Read-side services over indicators: series, tables and open-data rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from cruscotto.core.charts import ChartKind, ChartSpec, Dataset, format_italian_number
from cruscotto.importers.cell_values import parse_cell
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


# Units that say "a count": nothing to print after the number.
COUNT_UNITS = {"numero", "n.", "n°", "n"}


@dataclass(frozen=True)
class AnnualGrowth:
    rate: Decimal | None  # 0.032: +3.2 % a year; None when it cannot be computed
    first_year: int | None
    last_year: int | None
    undefined_because: str  # why there is no rate, in Italian; "" when there is one

    @property
    def sentence(self) -> str:
        """ "Andamento medio annuo: +3,2 % (2021–2024, crescita annua composta).", or why
        it is not computed."""
        if self.rate is None:
            return f"Andamento medio annuo: non calcolabile ({self.undefined_because})."
        percent = (self.rate * 100).quantize(Decimal("0.1"))
        sign = "+" if percent > 0 else ""
        return (
            f"Andamento medio annuo: {sign}{format_italian_number(percent, 1)} % "
            f"({self.first_year}–{self.last_year}, crescita annua composta)."
        )


@dataclass(frozen=True)
class IndicatorTrend:
    chart: ChartSpec | None  # None when no value is a number
    growths: list[tuple[str, AnnualGrowth]]  # per series ("" for the only one)


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


def compound_annual_growth(values_by_year: Mapping[int, Decimal | None]) -> AnnualGrowth:
    """Return the compound annual growth rate between the first and the last year, as Open SDG
    computes an indicator's trend: (last / first) ^ (1 / years) − 1.

    Undefined (rate None, with the reason in Italian) with fewer than two years, when the
    first or the last year has no number, when the first value is zero or negative (the ratio
    means nothing) or the last is negative (no real root): never a guess.
    """
    years = sorted(values_by_year)
    if len(years) < 2:
        return AnnualGrowth(None, None, None, "servono i valori di almeno due anni")
    first_year, last_year = years[0], years[-1]
    first, last = values_by_year[first_year], values_by_year[last_year]
    if first is None:
        return AnnualGrowth(None, first_year, last_year, f"manca il valore del {first_year}")
    if last is None:
        return AnnualGrowth(None, first_year, last_year, f"manca il valore del {last_year}")
    if first <= 0:
        return AnnualGrowth(
            None, first_year, last_year, f"il valore del {first_year} è zero o negativo"
        )
    if last < 0:
        return AnnualGrowth(None, first_year, last_year, f"il valore del {last_year} è negativo")
    ratio = last / first
    rate = ratio ** (Decimal(1) / Decimal(last_year - first_year)) - 1
    return AnnualGrowth(rate.quantize(Decimal("0.000001")), first_year, last_year, "")


def build_trend(indicator: Indicator, measurements: list[Measurement]) -> IndicatorTrend:
    """Return the indicator's chart (values per year and series, baseline, targets) and the
    compound annual growth of each series; the chart is None when no value is a number."""
    charted = [m for m in measurements if m.value_type != Measurement.ValueType.YES_NO]
    series_names = sorted({m.series for m in charted})
    by_series: dict[str, dict[int, Decimal | None]] = {name: {} for name in series_names}
    for measurement in charted:
        by_series[measurement.series][measurement.year] = measurement.value
    growths = [(name, compound_annual_growth(by_series[name])) for name in series_names]
    baseline = parse_cell(indicator.baseline).value if indicator.baseline else None
    final_target = parse_cell(indicator.target).value if indicator.target else None
    targets: dict[int, Decimal] = {}
    for year, text in indicator.targets_by_year.items():
        value = parse_cell(str(text)).value
        if value is not None and str(year).isascii() and str(year).isdigit():
            targets[int(year)] = value
    if all(m.value is None for m in charted):
        return IndicatorTrend(None, growths)
    # Every year reported, with or without a number: a year without one is a gap, not a zero.
    years = sorted({m.year for m in charted} | set(targets))
    datasets = [
        Dataset(name or "Valore", [by_series[name].get(year) for year in years])
        for name in series_names
        if any(by_series[name].get(year) is not None for year in years)
    ]
    if baseline is not None:
        datasets.append(Dataset("Valore di partenza", [baseline] * len(years), reference=True))
    if targets:
        datasets.append(Dataset("Obiettivo", [targets.get(year) for year in years], True))
    elif final_target is not None:
        datasets.append(Dataset("Obiettivo", [final_target] * len(years), reference=True))
    title = "Andamento dell'indicatore " + " – ".join(
        filter(None, [indicator.code, indicator.name])
    )
    chart = ChartSpec(
        kind=ChartKind.LINE if len(years) > 1 else ChartKind.BAR,
        title=title if len(title) <= 160 else title[:159] + "…",
        labels=[str(year) for year in years],
        datasets=datasets,
        unit=_unit_of(indicator, charted),
        label_heading="Anno",
    )
    return IndicatorTrend(chart, growths)


def _unit_of(indicator: Indicator, measurements: list[Measurement]) -> str:
    """The unit printed after every number: the indicator's, else the one its values' type
    implies ("%", "€"); none for a count ("8165", not "8165 numero")."""
    if indicator.unit:
        return "" if indicator.unit.strip().lower() in COUNT_UNITS else indicator.unit
    types = {m.value_type for m in measurements if m.value is not None}
    if types == {Measurement.ValueType.PERCENT}:
        return "%"
    if types == {Measurement.ValueType.EURO}:
        return "€"
    return ""


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
