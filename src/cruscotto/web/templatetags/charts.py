"""`{% chart spec "id" "Heading" %}`: a chart drawn by Chart.js, with its SVG and data table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from cruscotto.core.charts import ChartSpec, format_italian_number
from cruscotto.core.charts.svg import render_svg

register = template.Library()


@register.inclusion_tag("web/_chart.html")
def chart(spec: ChartSpec, chart_id: str, heading: str = "") -> dict[str, Any]:
    """The figure of one chart; `chart_id` must be unique in the page (its table's id
    derives from it, and `aria-describedby` points there)."""
    return chart_context(spec, chart_id, heading)


@register.inclusion_tag("web/_chart_body.html")
def chart_body(spec: ChartSpec, chart_id: str) -> dict[str, Any]:
    """The chart without its figure, for a figure of the page's own: the figure must say
    `aria-describedby="<chart_id>-tabella"`."""
    return chart_context(spec, chart_id, "")


def chart_context(spec: ChartSpec, chart_id: str, heading: str) -> dict[str, Any]:
    return {
        "spec": spec,
        "id": chart_id,
        "heading": heading or spec.title,
        "data": spec.as_json(),
        "data_id": f"{chart_id}-dati",
        "svg": render_svg(spec),
    }


@register.filter
def italian_number(value: Decimal | None) -> str:
    """ "524.018.883,5" as the charts write it; "—" for no value."""
    return "—" if value is None else format_italian_number(value)
