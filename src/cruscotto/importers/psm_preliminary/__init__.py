"""Parser of the report of the preliminary phase of a PSM (piano strategico metropolitano).

`parse_psm_preliminary(text)` returns a `PreliminaryDocument` of plain records
and diagnostics; it never touches the database. The report has a chapter per
part, each read by its own module: `method` (chapter 2), `evidence`
(chapter 3: the previous edition's strategies as implemented), `needs`
(chapter 4: needs per axis, and the new themes), `recommendations` (chapter 5).
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text, number_lines

from ..duplicates import keep_first
from ..ente_names import (
    PrintedEnte,
    find_printed_ente,
    read_ente_in_line,
    report_ente_not_found,
    spell_place,
    strip_markup,
)
from .evidence import parse_evidence, zone_name_patterns
from .method import parse_method
from .needs import parse_needs, parse_themes
from .recommendations import parse_recommendations
from .records import AxisRecord, NeedRecord, PreliminaryDocument, ThemeRecord
from .text import split_sections

__all__ = ["looks_like_psm_preliminary", "parse_psm_preliminary"]

_SNIFF_LENGTH = 3_000
# The title page: "PIANO STRATEGICO METROPOLITANO <NOME> 2024|2026", the name of the
# Città metropolitana between the title and the period (it may be left out).
_PLAN_PERIOD = re.compile(
    r"PIANO\s+STRATEGICO\s+METROPOLITANO\s+(?:(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý'’ -]*?)\s+)?"
    r"(?P<start>\d{4})\s*[|-]\s*(?P<end>\d{4})",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(r"PSM (\d{4})-(\d{2,4})")


def looks_like_psm_preliminary(text: str) -> bool:
    """Return whether `text` is the report of a PSM's preliminary phase (title on the first page)."""
    head = fold_text(text[:_SNIFF_LENGTH])
    return (
        "PIANO STRATEGICO METROPOLITANO" in head and "RESTITUZIONE DELLA FASE PRELIMINARE" in head
    )


def full_year(start: int, end: int) -> int:
    return end if end >= 1000 else start // 100 * 100 + end


def parse_psm_preliminary(text: str) -> PreliminaryDocument:
    """Return the records and diagnostics read from the text of the report."""
    lines = number_lines(text)
    diagnostics: list[Diagnostic] = []
    sections = split_sections(lines)
    head = strip_markup(text[:_SNIFF_LENGTH])
    period = _PLAN_PERIOD.search(head)
    ente = read_ente(period, lines, diagnostics)
    previous = _PREVIOUS.search(text)
    if period is None:
        diagnostics.append(
            Diagnostic(
                1,
                Severity.ERROR,
                "plan_period_not_found",
                "Periodo del nuovo piano («PIANO STRATEGICO METROPOLITANO … 2024|2026») "
                "non trovato nel frontespizio",
            )
        )
    if previous is None:
        diagnostics.append(
            Diagnostic(
                1,
                Severity.ERROR,
                "previous_edition_not_found",
                "Edizione precedente del piano («PSM 2021-23») non citata",
            )
        )
    zone_names = zone_name_patterns(ente.name if ente else "")
    previous_axes, evidence = parse_evidence(sections, diagnostics, zone_names)
    axes, needs = parse_needs(sections, diagnostics)
    themes = parse_themes(sections, diagnostics)
    recommendations = parse_recommendations(sections, diagnostics)
    previous_axes, axes, needs, themes = drop_repeated_keys(
        previous_axes, axes, needs, themes, diagnostics
    )
    read_nothing = not (previous_axes or evidence or axes or needs or themes or recommendations)
    if read_nothing and (period or previous):  # else the errors above already say it all
        diagnostics.append(
            Diagnostic(
                1,
                Severity.ERROR,
                "chapters_not_found",
                "Né le strategie del piano precedente (capitolo 3), né le esigenze e i nuovi "
                "temi (capitolo 4), né le raccomandazioni (capitolo 5): nulla da caricare",
            )
        )
    document = PreliminaryDocument(
        ente=ente.name if ente else "",
        ente_line=ente.line if ente else None,
        title="Piano strategico metropolitano: restituzione della fase preliminare",
        plan_start=int(period.group("start")) if period else None,
        plan_end=int(period.group("end")) if period else None,
        previous_start=int(previous.group(1)) if previous else None,
        previous_end=full_year(int(previous.group(1)), int(previous.group(2)))
        if previous
        else None,
        previous_axes=previous_axes,
        evidence=evidence,
        axes=axes,
        needs=needs,
        themes=themes,
        recommendations=recommendations,
        method=parse_method(sections, lines, diagnostics),
        diagnostics=diagnostics,
    )
    diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return document


def read_ente(
    period: re.Match[str] | None, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> PrintedEnte | None:
    """The ente of the plan: the Città metropolitana the title page names, else the first
    ente the report prints; None, and a diagnostic, when it prints none.

    A piano strategico metropolitano is a Città metropolitana's by law (L. 56/2014,
    art. 1 c. 44), so the place on the title page names its ente.
    """
    place = period.group("place") if period else None
    if place:
        words = place.split()
        line = next(
            (number for number, text in lines if words[-1] in strip_markup(text).split()),
            1,
        )
        # "… METROPOLITANO DELLA CITTÀ METROPOLITANA DI BARI 2024|2026" names it in full.
        named = read_ente_in_line(place)
        while words[1:] and words[0].lower() in {"di", "della", "del"}:
            words = words[1:]
        return PrintedEnte(named or f"Città metropolitana di {spell_place(' '.join(words))}", line)
    ente = find_printed_ente(lines)
    if ente is None:
        report_ente_not_found("nel frontespizio né nel testo", diagnostics)
    return ente


def drop_repeated_keys(
    previous_axes: list[AxisRecord],
    axes: list[AxisRecord],
    needs: list[NeedRecord],
    themes: list[ThemeRecord],
    diagnostics: list[Diagnostic],
) -> tuple[list[AxisRecord], list[AxisRecord], list[NeedRecord], list[ThemeRecord]]:
    """Keep the first axis, need, sub-indication and theme of each number; report the others.

    A chapter printed twice repeats them (the strategies' evidence is merged by code
    as it is read).
    """
    previous_axes = keep_first(
        previous_axes, lambda axis: axis.number, lambda axis: axis.line,
        lambda axis: f"L'asse {axis.number} del capitolo 3", "duplicate_axis", diagnostics,
    )  # fmt: skip
    axes = keep_first(
        axes, lambda axis: axis.number, lambda axis: axis.line,
        lambda axis: f"L'asse {axis.number} del capitolo 4", "duplicate_axis", diagnostics,
    )  # fmt: skip
    needs = keep_first(
        needs, lambda need: (need.axis, need.number), lambda need: need.line,
        lambda need: f"L'esigenza {need.number} dell'asse {need.axis}", "duplicate_need",
        diagnostics,
    )  # fmt: skip
    for need in needs:
        where = f"dell'esigenza {need.axis}.{need.number}"
        need.sub_needs = keep_first(
            need.sub_needs, lambda sub: sub.letter, lambda sub: sub.line,
            lambda sub: f"L'indicazione {sub.letter}) {where}",  # noqa: B023 - used at once
            "duplicate_sub_need", diagnostics,
        )  # fmt: skip
    themes = keep_first(
        themes, lambda theme: theme.number, lambda theme: theme.line,
        lambda theme: f"Il tema {theme.number}", "duplicate_theme", diagnostics,
    )  # fmt: skip
    return previous_axes, axes, needs, themes
