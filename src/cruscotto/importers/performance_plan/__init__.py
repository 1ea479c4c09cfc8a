"""Parser of a piano della performance (the seed is the Città metropolitana di Torino's).

`parse_performance_plan(text)` turns the text of the plan (PDF converted to text,
tables as tab-separated lines) into a `PerformancePlanDocument` plus diagnostics;
it never touches the database. The work is split by what each part holds:

- `tables`: the three tables and their rows;
- `catalogue`: "Target e regole di calcolo" and the public-value matrix, by Id;
- `split_texts`: the objectives' texts cut by the table's page breaks, made whole;
- `matrix`, `matching`, `structures`: the assignment matrix, whose texts are
  matched to catalogue Ids because its Id column is damaged;
- `stated_assignments`: assignments the matrix cannot show but both other tables state;
- `dates`: deadlines and other dates in the objectives' texts;
- `rules`: the scoring rules, parsed into data.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..ente_names import PrintedEnte, read_whole_line_ente, report_cut_name, report_ente_not_found
from .catalogue import read_targets_table, read_value_matrix
from .dates import find_relative_deadlines, last_deadline, plausible_years, read_dates
from .matching import CatalogueIndex, text_similarity
from .matrix import read_matrix
from .records import CatalogueEntry, PerformancePlanDocument, StructureRow
from .rules import read_rule
from .split_texts import repair_split_texts
from .stated_assignments import add_assignments_stated_elsewhere
from .tables import split_sections

__all__ = ["looks_like_performance_plan", "parse_performance_plan"]

_SNIFF_LENGTH = 5_000
_TITLE = re.compile(r"Piano della Performance (\d{4})", re.IGNORECASE)


def looks_like_performance_plan(text: str) -> bool:
    """Return whether `text` looks like a piano della performance with its assignment matrix."""
    head = text[:_SNIFF_LENGTH]
    return bool(_TITLE.search(head)) and "Dirigente" in head and "Obiettivo di Ente" in head


def parse_performance_plan(text: str) -> PerformancePlanDocument:
    """Return the records and diagnostics read from the text of the plan."""
    diagnostics: list[Diagnostic] = []
    # Numbered by "\n" only, as editors and grep number them (see the rendiconto parser).
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    sections = split_sections(lines)
    title_match = _TITLE.search(text[:_SNIFF_LENGTH])
    year = int(title_match.group(1)) if title_match else None
    catalogue = read_targets_table(sections.targets, diagnostics)
    table_order = list(catalogue.values())  # the rows' order, before the matrix adds any
    read_value_matrix(sections.value_matrix, catalogue, diagnostics)
    repair_split_texts(table_order, diagnostics)
    plausible = plausible_years(year)
    check_catalogue(catalogue, diagnostics, plausible)
    structures = read_matrix(sections.matrix, CatalogueIndex(catalogue), diagnostics)
    add_assignments_stated_elsewhere(structures, catalogue, diagnostics)
    check_matrix_dates(structures, catalogue, diagnostics, plausible)
    check_structure_codes(structures, catalogue, diagnostics)
    report_missing_parts(year, structures, catalogue, diagnostics)
    ente = read_ente(lines, diagnostics)
    diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return PerformancePlanDocument(
        ente=ente.name if ente else "",
        ente_line=ente.line if ente else None,
        title=f"Piano della Performance {year}" if year else "Piano della Performance",
        year=year,
        structures=structures,
        catalogue=dict(sorted(catalogue.items())),
        interim_note=" ".join(row.cells[0] for row in sections.footnotes),
        diagnostics=diagnostics,
    )


def read_ente(lines: list[str], diagnostics: list[Diagnostic]) -> PrintedEnte | None:
    """The ente from the pages' footer: a row whose only cell is an ente's name.

    The plan's tables print nothing else of their ente; its objectives' texts name
    other enti ("protocollo d'intesa tra … Città metropolitana di …"), so they are
    not read for it. The footer may be cut by the conversion ("Città Metropolitana
    di To"): it is kept as printed, with a diagnostic when the text shows it cut.
    """
    numbered = list(enumerate(lines, start=1))
    for line, text in numbered:
        cells = [cell for cell in text.split("\t") if cell.strip()]
        name = read_whole_line_ente(cells[0]) if len(cells) == 1 else None
        if name:
            ente = PrintedEnte(name, line)
            report_cut_name(ente, numbered, diagnostics)
            return ente
    report_ente_not_found(
        "a piè di pagina («Città metropolitana di …», «Comune di …»)", diagnostics
    )
    return None


def report_missing_parts(
    year: int | None,
    structures: list[StructureRow],
    catalogue: dict[int, CatalogueEntry],
    diagnostics: list[Diagnostic],
) -> None:
    """Report, as errors, the parts of the plan without which nothing can be loaded."""
    if year is None:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "plan_year_not_found",
                       "il titolo «Piano della Performance AAAA» non è nelle prime righe")
        )  # fmt: skip
    if not structures:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "matrix_not_found",
                       "nessuna riga della matrice degli obiettivi (dirigente, struttura, "
                       "obiettivi, totale): nessuna struttura letta")
        )  # fmt: skip
    if not catalogue:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "targets_table_not_found",
                       "tabella «Target e regole di calcolo» (Id, Struttura, Obiettivo …) non trovata")
        )  # fmt: skip


def check_catalogue(
    catalogue: dict[int, CatalogueEntry], diagnostics: list[Diagnostic], plausible: range | None
) -> None:
    """Read each objective's dates; report texts and deadlines the two tables disagree on."""
    for objective_id, entry in sorted(catalogue.items()):
        where = f"obiettivo {objective_id}"
        entry.dates = read_dates(entry.text, entry.line, where, diagnostics, plausible)
        matrix_dates = read_dates(
            entry.matrix_text, entry.matrix_line or entry.line, where, diagnostics, plausible
        )
        if not entry.dates:
            entry.dates = matrix_dates
        # Both tables usually repeat the same limit ("entro 30 giorni"): keep it once.
        entry.relative_deadlines = list(
            dict.fromkeys(find_relative_deadlines(f"{entry.text} {entry.matrix_text}"))
        )
        entry.rule = read_rule(entry)
        report_rule_problems(entry, diagnostics)
        if (
            entry.text
            and entry.matrix_text
            and text_similarity(entry.text, entry.matrix_text) < 0.3
        ):
            diagnostics.append(
                Diagnostic(entry.matrix_line or entry.line, Severity.WARNING, "catalogue_text_differs",
                           f"{where}: la matrice del valore pubblico descrive un altro obiettivo "
                           f"(«{entry.matrix_text[:50]}…» invece di «{entry.text[:50]}…»)")
            )  # fmt: skip
        first, second = last_deadline(entry.dates), last_deadline(matrix_dates)
        if first and second and first != second:
            diagnostics.append(
                Diagnostic(entry.matrix_line or entry.line, Severity.WARNING, "deadline_differs",
                           f"{where}: scadenza {first:%d/%m/%Y} in «Target e regole di calcolo», "
                           f"{second:%d/%m/%Y} nella matrice del valore pubblico")
            )  # fmt: skip


def check_structure_codes(
    structures: list[StructureRow],
    catalogue: dict[int, CatalogueEntry],
    diagnostics: list[Diagnostic],
) -> None:
    """Report the structure codes of the catalogue that no row of the matrix has ("QA 63")."""
    known = {structure.code for structure in structures}
    for objective_id, entry in catalogue.items():
        for code in dict.fromkeys([*entry.structures, *entry.matrix_structures]):
            if code not in known:
                line = entry.line if code in entry.structures else entry.matrix_line or entry.line
                diagnostics.append(
                    Diagnostic(line, Severity.WARNING, "unknown_structure_code",
                               f"obiettivo {objective_id}: la struttura {code} non è nella matrice degli obiettivi")
                )  # fmt: skip


RULE_PROBLEM_CODES = {
    "not_parseable": ("rule_not_parseable", Severity.WARNING),
    "bands_gap": ("rule_bands_gap", Severity.WARNING),
    "bands_overlap": ("rule_bands_overlap", Severity.WARNING),
    "bands_not_monotone": ("rule_bands_not_monotone", Severity.WARNING),
    "leftover_text": ("rule_leftover_text", Severity.INFO),
}


def report_rule_problems(entry: CatalogueEntry, diagnostics: list[Diagnostic]) -> None:
    assert entry.rule is not None
    for problem in entry.rule.problems:
        kind, _, detail = problem.partition(": ")
        code, severity = RULE_PROBLEM_CODES[kind]
        diagnostics.append(
            Diagnostic(entry.line, severity, code,
                       f"regola di calcolo dell'obiettivo {entry.objective_id}: {detail}")
        )  # fmt: skip


def check_matrix_dates(
    structures: list[StructureRow],
    catalogue: dict[int, CatalogueEntry],
    diagnostics: list[Diagnostic],
    plausible: range | None,
) -> None:
    """Report the dates of the assignment matrix that are impossible or differ from the catalogue's."""
    for structure in structures:
        for slot in structure.slots:
            if slot.objective_id is None:
                continue
            where = f"{structure.code}, obiettivo {slot.objective_id}"
            mentions = read_dates(slot.text, slot.line, where, diagnostics, plausible)
            printed, expected = last_deadline(mentions), catalogue[slot.objective_id].deadline
            if printed and expected and printed != expected:
                diagnostics.append(
                    Diagnostic(slot.line, Severity.WARNING, "deadline_differs",
                               f"{where}: scadenza {printed:%d/%m/%Y} nella matrice degli obiettivi, "
                               f"{expected:%d/%m/%Y} nel catalogo")
                )  # fmt: skip
