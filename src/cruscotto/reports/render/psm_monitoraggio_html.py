"""The monitoring of the PSM as a standalone HTML document (also the source of its PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cruscotto.reports.render.svg_charts import BarSeries, horizontal_bar_chart

if TYPE_CHECKING:  # the services module defines the kind with this renderer
    from cruscotto.reports.services.psm_monitoraggio import PsmMonitoringReport, SurveyChart


def draw_chart(chart: SurveyChart) -> SafeString:
    """The chart of a closed question as inline SVG (its table follows it in the document)."""
    svg = horizontal_bar_chart(
        chart.title,
        chart.labels,
        [
            BarSeries(
                series.name + (f" (base {series.base})" if series.name and series.base else ""),
                series.percents,
                series.values_as_printed,
            )
            for series in chart.series
        ],
    )
    # The SVG is built from escaped text only (see svg_charts).
    return mark_safe(svg)  # noqa: S308


def render_psm_monitoring_html(report: PsmMonitoringReport) -> str:
    charts = (
        {chart.key: draw_chart(chart) for chart in report.survey.charts} if report.survey else {}
    )
    return render_to_string("reports/psm_monitoraggio.html", {"report": report, "charts": charts})
