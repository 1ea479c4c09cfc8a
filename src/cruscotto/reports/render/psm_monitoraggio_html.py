"""The monitoring of the PSM as a standalone HTML document (also the source of its PDF)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cruscotto.core.charts import ChartKind, ChartSpec, Dataset
from cruscotto.core.charts.svg import render_svg

if TYPE_CHECKING:  # the services module defines the kind with this renderer
    from cruscotto.reports.services.psm_monitoraggio import PsmMonitoringReport, SurveyChart


def draw_chart(chart: SurveyChart) -> SafeString:
    """The chart of a closed question as inline SVG (its table follows it in the document):
    one bar per answer and group of respondents, on a 0-100% scale."""
    spec = ChartSpec(
        kind=ChartKind.BAR,
        title=chart.title,
        labels=chart.labels,
        datasets=[
            Dataset(
                series.name + (f" (base {series.base})" if series.name and series.base else "")
                or "Risposte",
                series.percents,
            )
            for series in chart.series
        ],
        unit="%",
        horizontal=True,
        scale_max=Decimal(100),
    )
    return render_svg(spec)


def render_psm_monitoring_html(report: PsmMonitoringReport) -> str:
    charts = (
        {chart.key: draw_chart(chart) for chart in report.survey.charts} if report.survey else {}
    )
    return render_to_string("reports/psm_monitoraggio.html", {"report": report, "charts": charts})
