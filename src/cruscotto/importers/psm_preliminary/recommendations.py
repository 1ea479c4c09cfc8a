"""Chapter 5: what the territory recommends to the Ente, in three groups.

Two groups are tables (need, indications; several indications in one cell
are separated by two spaces); rows 3 and 4 of the second group are a sentence
ending in "con:" followed by a bulleted list; the third group is numbered
paragraphs with no indications.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .records import RecommendationRecord
from .text import Section, clean_inline

GROUPS = ("GOVERNANCE", "COSTRUZIONE", "CONDUZIONE")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(.+)$")
_BULLET = re.compile(r"^[-•]\s+(.+)$")
_HEADER_ROW = re.compile(r"^ESIGENZE\s*\t")


def parse_recommendations(
    sections: list[Section], diagnostics: list[Diagnostic]
) -> list[RecommendationRecord]:
    recommendations: list[RecommendationRecord] = []
    for section in sections:
        if section.heading.startswith(GROUPS):
            recommendations += read_group(section, diagnostics)
    return recommendations


def read_group(section: Section, diagnostics: list[Diagnostic]) -> list[RecommendationRecord]:
    rows: list[RecommendationRecord] = []
    for line, raw in section.lines:
        if not raw.strip() or _HEADER_ROW.match(raw):
            continue
        need_cell, _, indications_cell = raw.partition("\t")
        numbered = _NUMBERED.match(clean_inline(need_cell))
        bullet = _BULLET.match(raw.strip())
        if numbered:
            rows.append(
                RecommendationRecord(
                    line, section.heading, int(numbered.group(1)), numbered.group(2).strip()
                )
            )
            rows[-1].indications = split_indications(indications_cell)
        elif bullet and rows:
            rows[-1].indications.append(clean_inline(bullet.group(1)))
        elif rows:
            rows[-1].indications += split_indications(raw)
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "recommendation_row_split_across_pages",
                    f"{section.heading[:40]} {rows[-1].number}: la riga prosegue",
                )
            )
    return rows


def split_indications(cell: str) -> list[str]:
    """Return the indications of a cell; two spaces or more separate them."""
    return [clean_inline(part) for part in re.split(r"\s{2,}", cell.strip()) if clean_inline(part)]
