"""Parser of a comune's "relazione sul controllo strategico" (allegato al rendiconto).

`parse_rendiconto(text)` turns the text of the report (PDF converted to text, tables as
tab-separated lines) into a `RendicontoDocument` of plain records plus diagnostics; it
never touches the database. The work is split by what each part of the report holds:

- `preface`: ente, title, reference year, mandate, the mandate's thematic groups;
- `sections`: the Missione / Programma blocks and their tables;
- `programma_header`: organisational units and stakeholders;
- `mandate_lines`: the mandate-line table with group, SDG and PNRR tags;
- `activity_rows`, `activities`, `departments`, `action_log`, `vocabulary`: the
  activity table, its fragments, departments, statuses and yearly actions;
- `indicator_codes`: indicator codes cited by activities, checked against the VP table;
- `indicator_tables`: the indicator tables themselves.
"""

from __future__ import annotations

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..records import RendicontoDocument
from .mandate_lines import groups_label, name_groups_as_tables_print_them
from .preface import parse_preface
from .sections import SectionSplitter, build_programmi, read_logical_lines

__all__ = ["looks_like_rendiconto", "parse_rendiconto"]

_SNIFF_LENGTH = 20_000


def looks_like_rendiconto(text: str) -> bool:
    """Return whether `text` looks like a relazione sul controllo strategico.

    Cheap: the title words near the top and the header of the activity table.
    """
    return "CONTROLLO STRATEGICO" in text[:_SNIFF_LENGTH].upper() and "Rif linee CC" in text


def parse_rendiconto(text: str) -> RendicontoDocument:
    """Return the records and diagnostics read from the text of the report."""
    diagnostics: list[Diagnostic] = []
    splitter = SectionSplitter(diagnostics)
    splitter.split(read_logical_lines(text, diagnostics))
    preface = parse_preface(splitter.preface, diagnostics)
    programmi = build_programmi(splitter.blocks, preface.groups, diagnostics)
    name_groups_as_tables_print_them(
        preface.groups, [row for programma in programmi for row in programma.mandate_lines]
    )
    if not programmi:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "programmi_not_found",
                       "nessun programma («MISSIONE n … PROGRAMMA n …» con le sue tabelle): "
                       "il testo non è una relazione sul controllo strategico leggibile")
        )  # fmt: skip
    diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return RendicontoDocument(
        ente=preface.ente,
        ente_line=preface.ente_line,
        title=preface.title,
        reference_year=preface.reference_year,
        mandate_start=preface.mandate_start,
        mandate_end=preface.mandate_end,
        groups_label=groups_label([block.mandate_rows for block in splitter.blocks]),
        groups_intro=preface.groups_intro,
        groups=preface.groups,
        front_matter=preface.paragraphs,
        programmi=programmi,
        diagnostics=diagnostics,
    )
