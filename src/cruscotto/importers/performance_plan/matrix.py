"""The assignment matrix: each structure's objectives by slot, with Id and weight as printed.

Three page layouts share one reading: the manager and structure cells, then
cells that hold either an objective's text or the "Id Peso" pair before it
(on the first page the pair is glued into the texts), then the declared total.
Objectives take their slot from their order in the row: Ente 1-3, Direzione
1-2, Individuale 1-5.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.weights import PLAUSIBLE_WEIGHTS

from ..rendiconto.text import normalise_space
from .matching import CatalogueIndex, words_of
from .records import SlotKind, SlotRecord, StructureRow, WeightReading
from .structures import join_split_cells, read_structure_heading
from .tables import Row

SLOT_LAYOUT = [
    (SlotKind.ENTE, 1), (SlotKind.ENTE, 2), (SlotKind.ENTE, 3),
    (SlotKind.DIREZIONE, 1), (SlotKind.DIREZIONE, 2),
    (SlotKind.INDIVIDUALE, 1), (SlotKind.INDIVIDUALE, 2), (SlotKind.INDIVIDUALE, 3),
    (SlotKind.INDIVIDUALE, 4), (SlotKind.INDIVIDUALE, 5),
]  # fmt: skip
_INT = re.compile(r"^\d{1,3}$")
# A number followed by these is part of the wording, not a weight.
_NOT_A_WEIGHT_AFTER = re.compile(r"^(%|€|/|\d+/|giorn|mes|ann|gg|punt)", re.IGNORECASE)


def read_matrix(
    rows: list[Row], index: CatalogueIndex, diagnostics: list[Diagnostic]
) -> list[StructureRow]:
    structures = []
    first_lines: dict[str, int] = {}  # each structure's row, by code
    for row in rows:
        if len(row.cells) < 10 or row.cell(0).startswith("Dirigent"):
            continue
        reported = len(diagnostics)
        structure = read_structure_row(row, index, diagnostics)
        if structure is None:
            continue
        if structure.code in first_lines:
            # A structure has one row (its key when loaded): a second one, such as a page
            # printed twice, is not read, and what was found in it is not reported again.
            del diagnostics[reported:]
            diagnostics.append(
                Diagnostic(row.line, Severity.ERROR, "duplicate_structure",
                           f"la struttura {structure.code} ha già la sua riga "
                           f"(riga {first_lines[structure.code]}): questa non è caricata")
            )  # fmt: skip
            continue
        first_lines[structure.code] = row.line
        structures.append(structure)
    return structures


def read_structure_row(
    row: Row, index: CatalogueIndex, diagnostics: list[Diagnostic]
) -> StructureRow | None:
    manager_cell, structure_cell = row.cell(0), row.cell(1)
    joined = (
        join_split_cells(manager_cell, structure_cell)
        if _cut_inside_word(manager_cell, structure_cell)
        else f"{manager_cell} {structure_cell}"
    )
    heading = read_structure_heading(joined)
    if heading is None:
        if any(len(c.split()) > 5 for c in row.cells):
            diagnostics.append(
                Diagnostic(row.line, Severity.ERROR, "structure_code_missing",
                           "riga della matrice senza codice di struttura: non caricata")
            )  # fmt: skip
        return None
    if heading.code != heading.code_as_printed:
        diagnostics.append(
            Diagnostic(row.line, Severity.INFO, "structure_code_normalised",
                       f"codice «{heading.code_as_printed}» letto come {heading.code}")
        )  # fmt: skip
    structure = StructureRow(
        line=row.line,
        code=heading.code,
        code_as_printed=heading.code_as_printed,
        name=heading.name,
        manager=heading.manager,
        manager_role=heading.manager_role,
        interim=heading.interim,
    )
    if not structure.manager:
        diagnostics.append(
            Diagnostic(row.line, Severity.WARNING, "manager_missing",
                       f"{structure.code}: la cella del dirigente è vuota; dirigente non indicato")
        )  # fmt: skip
    last = max(i for i, cell in enumerate(row.cells) if cell.strip())
    structure.declared_total = read_total(row.cell(last))
    if structure.declared_total is None:
        diagnostics.append(
            Diagnostic(row.line, Severity.WARNING, "total_missing",
                       f"{structure.code}: totale dei pesi non leggibile («{row.cell(last)}»)")
        )  # fmt: skip
    read_slots(row, row.cells[2:last], structure, index, diagnostics)
    return structure


def _cut_inside_word(left: str, right: str) -> bool:
    return bool(left and right and left[-1].isalpha() and right[0].islower())


def read_total(cell: str) -> int | None:
    numbers = [int(token) for token in cell.split() if _INT.match(token)]
    return numbers[-1] if numbers else None


def read_slots(
    row: Row,
    cells: list[str],
    structure: StructureRow,
    index: CatalogueIndex,
    diagnostics: list[Diagnostic],
) -> None:
    pending: list[int] = []  # the "Id Peso" numbers waiting for the objective they precede
    for position, raw in enumerate(cells):
        cell = normalise_space(raw)
        if not cell:
            continue
        tokens = cell.split()
        match = index.match(cell, structure.code) if len(words_of(cell)) >= 3 else None
        if match is None:
            numbers = [token for token in tokens if _INT.match(token)]
            if position == 0 and numbers and not _INT.match(tokens[0]):
                complete_structure_name(
                    structure, tokens[: tokens.index(numbers[0])], row, diagnostics
                )
            if numbers:
                pending.extend(int(n) for n in numbers)
            elif len(words_of(cell)) >= 4:
                diagnostics.append(
                    Diagnostic(row.line, Severity.WARNING, "objective_not_matched",
                               f"{structure.code}: testo senza obiettivo corrispondente: «{cell[:60]}»")
                )  # fmt: skip
            else:
                structure.unread_cells.append(cell)  # "on e": too damaged to name an objective
            continue
        lead = []
        while tokens and _INT.match(tokens[0]):
            lead.append(int(tokens.pop(0)))
        entry = index.catalogue[match.objective_id]
        strays = find_stray_numbers(tokens, [entry.text, entry.matrix_text])
        add_slot(
            structure,
            row,
            cell,
            match.objective_id,
            match.score,
            pending + lead,
            strays,
            diagnostics,
        )
        if match.runner_up and match.score - match.runner_up[1] < 0.05:
            diagnostics.append(
                Diagnostic(row.line, Severity.WARNING, "ambiguous_objective_text",
                           f"{structure.code}: «{cell[:50]}…» somiglia tanto all'obiettivo "
                           f"{match.objective_id} quanto al {match.runner_up[0]}; scelto {match.objective_id}")
            )  # fmt: skip
        pending = []
    if pending:
        diagnostics.append(
            Diagnostic(row.line, Severity.INFO, "numbers_without_objective",
                       f"{structure.code}: numeri {pending} non seguiti da un obiettivo")
        )  # fmt: skip


def complete_structure_name(
    structure: StructureRow, tail: list[str], row: Row, diagnostics: list[Diagnostic]
) -> None:
    """Rejoin the end of a structure name the conversion pushed into the next cell."""
    if not tail:
        return
    text = " ".join(tail)
    if structure.name and text and structure.name[-1] == text[0]:
        structure.name = join_split_cells(structure.name, text)
    else:
        diagnostics.append(
            Diagnostic(row.line, Severity.INFO, "structure_name_cut",
                       f"{structure.code}: «{text}» nella cella seguente non completa il nome «{structure.name}»")
        )  # fmt: skip


def find_stray_numbers(tokens: list[str], catalogue_texts: list[str]) -> list[int]:
    """Return the numbers of the cell that none of the catalogue's wordings has there.

    A weight glued into the text ("… strategico 10 delle spese …") is a number the
    objective's own wording does not have; numbers of the wording ("entro 30
    giorni") are found in the catalogue texts and stay part of the text.
    """
    cell = [_norm(token) for token in tokens]
    strays: set[int] | None = None
    for text in catalogue_texts:
        if not text:
            continue
        reference = reference_tokens(text)
        found = set()
        matcher = SequenceMatcher(None, cell, reference, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                for i in range(i1, i2):
                    # "000" of "1.000 000 euro" is a number cut apart, never a weight.
                    is_weight_like = _INT.match(cell[i]) and not (
                        len(cell[i]) > 1 and cell[i][0] == "0"
                    )
                    if is_weight_like and cell[i] not in reference[j1:j2]:
                        following = tokens[i + 1] if i + 1 < len(tokens) else ""
                        if not _NOT_A_WEIGHT_AFTER.match(following):
                            found.add(i)
        strays = found if strays is None else strays & found
    return [int(cell[i]) for i in sorted(strays or ())]


@lru_cache(maxsize=512)
def reference_tokens(text: str) -> list[str]:
    """The catalogue wording as normalised tokens; each objective's is compared many times."""
    return [_norm(token) for token in text.split()]


def _norm(token: str) -> str:
    return token.strip(".,;:()«»\"'").lower()


def add_slot(
    structure: StructureRow,
    row: Row,
    cell: str,
    objective_id: int,
    score: float,
    lead: list[int],
    strays: list[int],
    diagnostics: list[Diagnostic],
) -> None:
    position = len(structure.slots) + 1
    if position > len(SLOT_LAYOUT):
        diagnostics.append(
            Diagnostic(row.line, Severity.ERROR, "too_many_objectives",
                       f"{structure.code}: più di {len(SLOT_LAYOUT)} obiettivi; l'obiettivo {objective_id} non è caricato")
        )  # fmt: skip
        return
    printed_id, reading = read_weight(lead, strays, objective_id)
    kind, number = SLOT_LAYOUT[position - 1]
    structure.slots.append(
        SlotRecord(
            line=row.line,
            position=position,
            slot_kind=kind,
            slot_number=number,
            objective_id=objective_id,
            text=cell,
            printed_id="" if printed_id is None else str(printed_id),
            match_score=round(score, 3),
            weight=reading,
        )
    )
    report_weight_reading(structure, objective_id, printed_id, reading, strays, row, diagnostics)


def read_weight(
    lead: list[int], strays: list[int], objective_id: int
) -> tuple[int | None, WeightReading]:
    """Return the printed Id and what the numbers say about the weight.

    `lead` are the numbers before the text (the "Id Peso" pair, or what is left
    of it), `strays` the numbers glued into the text.
    """
    printed_id: int | None = None
    tokens: list[int] = []
    if len(lead) >= 2:
        printed_id, tokens = lead[0], lead[1:]
    elif len(lead) == 1:
        number = lead[0]
        if number == objective_id or (
            number not in PLAUSIBLE_WEIGHTS and str(objective_id).endswith(str(number))
        ):
            printed_id = number
        else:
            tokens = [number]
    if (
        len(strays) >= 2 and strays[0] == objective_id
    ):  # "… attività e 10 15 della …": Id then weight
        printed_id, strays = strays[0], strays[1:]
    from_lead = len(tokens)
    tokens += strays
    values: list[int] = []
    tens: int | None = None
    units: int | None = None
    implausible: list[int] = []
    for index, token in enumerate(tokens):
        if tens is not None and units is None and token in (0, 5):
            units = token
        elif token in PLAUSIBLE_WEIGHTS:
            values.append(token)
        elif 1 <= token <= 4 and tens is None and index < from_lead:
            # Only the "Id Peso" cell loses a weight's units digit ("47 1"); a lone digit
            # inside the text ("nuovi modelli 3 el …") says nothing certain about the weight.
            tens = token
        elif token > 0:  # "51", "6", a stray "3": where the weight is, but no weight of the plan
            implausible.append(token)
    as_printed = " ".join(str(n) for n in [*lead, *strays])
    if tens is not None and units is not None:
        values.insert(0, tens * 10 + units)
    elif tens is not None and values and values[0] // 10 != tens:
        # "59 3" with "… didattici 10 …": the tens digit and the glued weight disagree.
        values = [tens * 10, tens * 10 + 5, *values]
    distinct = list(dict.fromkeys(values))
    return printed_id, WeightReading(
        as_printed=as_printed,
        value=distinct[0] if distinct else None,
        tens_digit=tens,
        units_digit=units,
        conflicting=tuple(distinct[1:]),
        not_a_weight=tuple(implausible),
    )


def report_weight_reading(
    structure: StructureRow,
    objective_id: int,
    printed_id: int | None,
    reading: WeightReading,
    strays: list[int],
    row: Row,
    diagnostics: list[Diagnostic],
) -> None:
    where = f"{structure.code}, obiettivo {objective_id}"
    if printed_id is not None and printed_id != objective_id:
        truncated = str(objective_id).endswith(str(printed_id))
        diagnostics.append(
            Diagnostic(
                row.line,
                Severity.INFO if truncated else Severity.WARNING,
                "printed_id_truncated" if truncated else "printed_id_mismatch",
                f"{where}: Id stampato {printed_id}, ma il testo è dell'obiettivo {objective_id}",
            )
        )
    if strays:
        diagnostics.append(
            Diagnostic(row.line, Severity.INFO, "weight_glued_to_text",
                       f"{where}: numeri {strays} incollati al testo dell'obiettivo")
        )  # fmt: skip
    implausible = list(reading.not_a_weight)
    if implausible:
        diagnostics.append(
            Diagnostic(row.line, Severity.WARNING, "implausible_weight",
                       f"{where}: {implausible} non è un peso plausibile (multiplo di 5 fino a 50)")
        )  # fmt: skip
    if reading.conflicting:
        diagnostics.append(
            Diagnostic(row.line, Severity.WARNING, "conflicting_weights",
                       f"{where}: la cella stampa più pesi {[reading.value, *reading.conflicting]}")
        )  # fmt: skip
