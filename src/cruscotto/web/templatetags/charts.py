"""Numbers written into CSS, which knows only the decimal point."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def css_percent(value: Any) -> str:
    """ "90.8%" whatever the page's language: `floatformat` would write "90,8" in Italian,
    which CSS ignores, and the bar would be empty."""
    try:
        return f"{float(value):.1f}%"
    except (TypeError, ValueError):
        return "0%"
