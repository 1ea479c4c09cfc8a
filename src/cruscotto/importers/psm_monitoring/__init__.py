"""Parser of the monitoring report of a PSM (piano strategico metropolitano of a Città metropolitana).

`parse_psm_monitoring(text)` returns a `PsmMonitoringDocument` of plain records
and diagnostics; it never touches the database. The report has three
observation areas, each read by its own module:

- `plan_pages` and `projects`: area 1, the actions of each strategy and the
  Ente's projects printed beside them;
- `survey`: area 2, the questionnaire put to the territory;
- `context_indicators`: area 3, the context indicators of each strategy;
- `plan_structure`: axes and strategies, assembled from all of the above.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import number_lines

from ..ente_names import find_printed_ente, report_ente_not_found
from .context_indicators import parse_context_indicators
from .monitoring_year import read_monitoring_year
from .plan_pages import parse_plan_pages
from .plan_structure import build_strategies
from .prose import read_prose
from .records import PsmMonitoringDocument
from .survey import parse_survey
from .text import rejoin_hyphenated_words, split_areas

__all__ = ["looks_like_psm_monitoring", "parse_psm_monitoring"]

_SNIFF_LENGTH = 3_000
_PLAN_PERIOD = re.compile(r"Piano Strategico Metropolitano (\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)


def looks_like_psm_monitoring(text: str) -> bool:
    """Return whether `text` looks like the monitoring report of a PSM.

    Cheap: the title near the top, and the action codes of the plan pages.
    """
    head = text[:_SNIFF_LENGTH].lower()
    return "monitoraggio del piano strategico metropolitano" in head and bool(
        re.search(r"^\s*Azione \d\.\d\.\d", text, re.MULTILINE)
    )


def parse_psm_monitoring(text: str) -> PsmMonitoringDocument:
    """Return the records and diagnostics read from the text of the report."""
    diagnostics: list[Diagnostic] = []
    # The report prints its ente in a heading ("… da parte della Città metropolitana di
    # <nome>"), before any other: the first one printed. Read on the text as numbered.
    ente = find_printed_ente(number_lines(text))
    if ente is None:
        report_ente_not_found("nel rapporto («Città metropolitana di …»)", diagnostics)
    text = rejoin_hyphenated_words(text)
    areas = split_areas(text, diagnostics)
    pages = parse_plan_pages(areas.plan_pages, diagnostics)
    tables = parse_context_indicators(areas.context, diagnostics)
    survey = parse_survey(areas.survey, diagnostics) if areas.survey else None
    strategies = build_strategies(pages, tables, diagnostics)
    check_indicator_total(tables.stated_total, len(tables.indicators), diagnostics)
    period = _PLAN_PERIOD.search(text)
    monitoring_year = read_monitoring_year(areas.introduction, diagnostics)
    diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return PsmMonitoringDocument(
        ente=ente.name if ente else "",
        ente_line=ente.line if ente else None,
        title=areas.introduction[0][0].text if areas.introduction else "",
        plan_start=int(period.group(1)) if period else None,
        plan_end=int(period.group(2)) if period else None,
        monitoring_year=monitoring_year,
        front_matter=read_prose(areas.introduction),
        axes=tables.axes,
        strategies=strategies,
        actions=pages.actions,
        blocks=pages.blocks,
        projects=pages.projects,
        survey=survey,
        context_indicators=tables.indicators,
        stated_indicator_count=tables.stated_total,
        diagnostics=diagnostics,
    )


def check_indicator_total(stated: int | None, found: int, diagnostics: list[Diagnostic]) -> None:
    if stated is not None and stated != found:
        diagnostics.append(
            Diagnostic(
                1,
                Severity.WARNING,
                "context_indicator_count_differs",
                f"il documento dichiara {stated} indicatori di contesto, ne ho letti {found}",
            )
        )
