"""Italian writing on the pages: numbers with a decimal comma, plurals, periods of years.

The pages speak Italian whatever language the browser asks for (settings.LANGUAGE_CODE),
so these filters do not depend on the request's locale.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import template

from cruscotto.core.italian import format_number, format_period, pluralise

register = template.Library()

# A number written the programmers' way inside a text: "12.5", "900000". Four digits
# alone are left as they are: in a text they are most often a year.
_PLAIN_NUMBER = re.compile(r"(?<![\d.,/])(\d+\.\d+|\d{5,})(?![\d.,/])")


@register.filter
def number_it(value: object) -> object:
    """12.5 → "12,5", "950000" → "950.000"; a value that is not a number is kept as it is."""
    if value is None or value == "" or isinstance(value, bool):
        return value
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite():
        return value
    return format_number(number)


@register.filter
def numbers_it(text: object) -> object:
    """The numbers of a text written the Italian way: "12.5 giorni" → "12,5 giorni",
    "valore < 1000000" → "valore < 1.000.000"."""
    if not isinstance(text, str):
        return text
    return _PLAIN_NUMBER.sub(lambda match: format_number(Decimal(match.group(0))), text)


@register.filter
def plural_it(count: int | None, forms: str) -> str:
    """`16|plural_it:"missione,missioni"` → "16 missioni"; `1|…` → "1 missione"."""
    singular, _, plural = forms.partition(",")
    return pluralise(count or 0, singular, plural or singular)


@register.simple_tag
def period_it(start: int | None, end: int | None) -> str:
    """ "2024–2026"; a period of one year is that year ("2024"), not "2024–2024"."""
    return format_period(start, end)
