"""Which year of the plan a monitoring report covers, as its introduction states it.

The report does not print the year as a number: it monitors "il primo anno di
operatività del Piano Strategico Metropolitano 2024-2026", that is the first
year of the plan's period. The ordinal and the period are both printed, so the
year is read, not guessed; a report that does not say it gets no year and a
diagnostic.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .text import Line

ORDINALS = {"primo": 1, "secondo": 2, "terzo": 3, "quarto": 4, "quinto": 5}
_STATED_YEAR = re.compile(
    r"\b(?P<ordinal>" + "|".join(ORDINALS) + r")\s+anno\s+di\s+operatività\s+del\s+"
    r"(?:Piano Strategico Metropolitano|PSM)\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})",
    re.IGNORECASE,
)


def read_monitoring_year(
    introduction: list[tuple[Line, str]], diagnostics: list[Diagnostic]
) -> int | None:
    """Return the year the report monitors, from the introduction's "<ordinale> anno di operatività"."""
    lines = [line for line, _ in introduction if not line.is_blank]
    # The sentence may wrap: read each line joined with the next one.
    for index, line in enumerate(lines):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        match = _STATED_YEAR.search(f"{line.text} {following}")
        if match is None or match.start() >= len(line.text):
            continue
        start, end = int(match["start"]), int(match["end"])
        year = start + ORDINALS[match["ordinal"].lower()] - 1
        if year > end:
            diagnostics.append(
                Diagnostic(
                    line.number,
                    Severity.WARNING,
                    "monitoring_year_outside_period",
                    f"«{match[0]}» indica l'anno {year}, fuori dal periodo {start}-{end}: "
                    "anno del monitoraggio non registrato",
                )
            )
            return None
        return year
    diagnostics.append(
        Diagnostic(
            1,
            Severity.WARNING,
            "monitoring_year_not_found",
            "l'introduzione non dice a quale anno di operatività del piano si riferisce il "
            "monitoraggio («primo anno di operatività del …»): anno del monitoraggio non registrato",
        )
    )
    return None
