"""Dates in objective texts: deadlines, as-of dates, measurement windows, relative limits."""

from __future__ import annotations

import re
from datetime import date

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .records import DateMention, DateRole, RelativeDeadline

MONTHS = {
    name: number
    for number, name in enumerate(
        ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
         "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        start=1,
    )
}  # fmt: skip
_DATE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"
    r"|(?<!\d)(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\bentro\s+(\d{1,3})\s+(giorni|gg|mesi)\b", re.IGNORECASE)
# What the words just before a date say about it; the first that fits wins.
_ROLE_BEFORE = [
    (re.compile(r"\bentro(\s+(il|ili|al|la data del))?\s*$", re.IGNORECASE), DateRole.DEADLINE),
    (re.compile(r"\b(fino al|e il|e fino al)\s*$", re.IGNORECASE), DateRole.WINDOW_END),
    (re.compile(r"\b(dal|tra il)\s*$", re.IGNORECASE), DateRole.WINDOW_START),
    (re.compile(r"\b(al|alla data del)\s*$", re.IGNORECASE), DateRole.AS_OF),
]
# The PIAO plans three years (D.M. 132/2022, art. 1): the objectives of a yearly plan may
# set a deadline up to two years past it, and a window may open in the year before it.
YEARS_BEFORE_PLAN = 1
YEARS_AFTER_PLAN = 2


def plausible_years(first_year: int | None, last_year: int | None = None) -> range | None:
    """Return the years a deadline of a plan for `first_year`-`last_year` can fall in.

    None when the plan's year is not known: then no date is judged implausible (the
    missing year is reported on its own), rather than judged against a year made up.
    """
    if first_year is None:
        return None
    last_year = first_year if last_year is None else last_year
    return range(first_year - YEARS_BEFORE_PLAN, last_year + YEARS_AFTER_PLAN + 1)


def find_dates(text: str, plausible: range | None = None) -> list[tuple[DateMention, str]]:
    """Return every date of `text` with its role, and for a bad date why (else "").

    A deadline or window date whose year is outside `plausible` (see `plausible_years`)
    is "implausible_date"; a date cited for reference ("la delibera del …") may be any year.
    """
    found = []
    for match in _DATE.finditer(text):
        if match.group(1):
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        else:
            day, month, year = (
                int(match.group(4)), MONTHS[match.group(5).lower()], int(match.group(6))
            )  # fmt: skip
        before = text[max(0, match.start() - 25) : match.start()]
        role = next(
            (r for pattern, r in _ROLE_BEFORE if pattern.search(before)), DateRole.REFERENCE
        )
        problem = ""
        value: date | None
        try:
            value = date(year, month, day)
        except ValueError:
            value, problem = None, "impossible_date"
        if (
            value is not None
            and plausible is not None
            and year not in plausible
            and role != DateRole.REFERENCE
        ):
            value, problem = None, "implausible_date"
        found.append((DateMention(role, match.group(0), value), problem))
    return found


def find_relative_deadlines(text: str) -> list[RelativeDeadline]:
    return [
        RelativeDeadline(match.group(0), int(match.group(1)), match.group(2).lower())
        for match in _RELATIVE.finditer(text)
    ]


def read_dates(
    text: str, line: int, where: str, diagnostics: list[Diagnostic], plausible: range | None
) -> list[DateMention]:
    """Return the dates of `text`; report the impossible ones and those outside `plausible`."""
    mentions = []
    for mention, problem in find_dates(text, plausible):
        mentions.append(mention)
        if problem == "impossible_date":
            diagnostics.append(
                Diagnostic(line, Severity.WARNING, problem,
                           f"{where}: la data «{mention.as_printed}» non esiste")
            )  # fmt: skip
        elif problem:
            diagnostics.append(
                Diagnostic(line, Severity.WARNING, problem,
                           f"{where}: la data «{mention.as_printed}» è fuori dal periodo del piano")
            )  # fmt: skip
    return mentions


def last_deadline(mentions: list[DateMention]) -> date | None:
    deadlines = [m.value for m in mentions if m.role == DateRole.DEADLINE and m.value]
    return max(deadlines) if deadlines else None
