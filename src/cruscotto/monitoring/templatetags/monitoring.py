"""Small formatting filters of the monitoring report."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def bar_width(value: Decimal | None) -> str:
    """CSS width of a bar for a percentage: the value itself, capped at 100."""
    if value is None:
        return "0"
    return format(min(Decimal(value), Decimal(100)).normalize(), "f")


@register.filter
def as_percent(value: Decimal | None) -> str:
    """A share 0-1 as an Italian percentage ("2,7%"); "—" when unknown."""
    if value is None:
        return "—"
    # Half up, as a reader rounds: the share is already rounded to 4 decimals, and
    # 3/113 = 0.0265 would read 2,6% with the default half-even.
    percent = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent}%".replace(".", ",")
