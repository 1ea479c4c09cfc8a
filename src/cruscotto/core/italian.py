"""Writing numbers, counts and periods as an Italian reader expects them.

Shared by the pages, the reports and the command line, so that "12,5", "16 missioni"
and "2024" (not "12.5", "16 Missione", "2024–2024") read the same everywhere.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import dateformat, numberformat, timezone, translation


def format_number(value: Decimal | int | float) -> str:
    """12.5 → "12,5"; 950000 → "950.000"; 2.50 → "2,5" (no trailing zeros, no exponent)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral():
        plain = format(number.quantize(Decimal(1)), "f")
    else:
        plain = format(number.normalize(), "f")
    return numberformat.format(
        plain, decimal_sep=",", thousand_sep=".", grouping=3, force_grouping=True
    )


def pluralise(count: int, singular: str, plural: str) -> str:
    """ "1 missione", "16 missioni": the count with the noun that agrees with it."""
    return f"{count} {singular if count == 1 else plural}"


def format_period(start: int | None, end: int | None, separator: str = "–") -> str:
    """ "2024–2026"; one year is written once ("2024"); an unknown end leaves the start.

    The printed reports keep the hyphen their documents print ("2021-2026")."""
    if start is None:
        return "" if end is None else str(end)
    if end is None or end == start:
        return str(start)
    return f"{start}{separator}{end}"


def plural_of(noun: str) -> str:
    """The plural of an Italian noun by its ending, for a label no table names yet:
    "strategia" → "strategie", "azione" → "azioni", "attività" → "attività".

    Only the last word changes ("linea programmatica" → "linea programmatiche" would be
    wrong), so a label of several words should have its plural written out."""
    stem, last = noun[:-1], noun[-1:]
    if last in ("o", "e"):
        return stem + "i"
    if noun.endswith(("ca", "ga")):
        return stem + "he"
    if last == "a":
        return stem + "e"
    return noun  # "attività", "città", foreign words: the same in the plural


def format_date(value: datetime.date | datetime.datetime, with_time: bool = False) -> str:
    """ "4 dicembre 2026"; with the time, "4 dicembre 2026 alle 10:30" (local time)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    with translation.override("it"):
        day = dateformat.format(value, "j F Y").lower()
    if with_time and isinstance(value, datetime.datetime):
        return f"{day} alle {value:%H:%M}"
    return day
