"""The objectives' catalogue: "Target e regole di calcolo" and the public-value matrix, by Id."""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..rendiconto.text import normalise_space
from ..vocabularies import vocabulary
from .matching import text_similarity
from .records import CatalogueEntry, SlotKind
from .structures import find_codes
from .tables import Row

_ID = re.compile(r"^\d{1,3}$")
# Where a scoring rule begins in the stream of the "Modalità di calcolo" column.
_RULE_START = re.compile(r"(?<![\w])(Se\s|Viene assegnata|il dato viene calcolato)")


def read_targets_table(rows: list[Row], diagnostics: list[Diagnostic]) -> dict[int, CatalogueEntry]:
    """Return the entries of "Target e regole di calcolo" by Id, rules attached."""
    entries: dict[int, CatalogueEntry] = {}
    order: list[CatalogueEntry] = []
    stream: list[tuple[int, str]] = []  # (line, rule text) in reading order
    previous: CatalogueEntry | None = None
    for row in rows:
        if len(row.cells) < 6:
            continue
        id_cell = row.cell(0)
        stream.append((row.line, row.cell(5)))
        if _ID.match(id_cell):
            objective_id = int(id_cell)
            if objective_id in entries:
                diagnostics.append(
                    Diagnostic(row.line, Severity.ERROR, "duplicate_objective_id",
                               f"l'Id {objective_id} compare due volte; vale la riga {entries[objective_id].line}")
                )  # fmt: skip
                continue
            structures_text = row.cell(1)
            previous = CatalogueEntry(
                objective_id=objective_id,
                line=row.line,
                text=normalise_space(row.cell(2)),
                structures=[code for code, _ in find_codes(structures_text)],
                for_all_structures=structures_text.strip().lower() == "tutte",
                note=normalise_space(row.cell(3)),
                target_as_printed=normalise_space(row.cell(4)),
            )
            previous.yes_no = "si/no" in previous.note.lower() or previous.target_as_printed == "Si"
            entries[objective_id] = previous
            order.append(previous)
        elif previous is not None and any(row.cell(i) for i in (1, 2, 3, 4)):
            # A row without Id continues the previous one (the table crossed a page).
            previous.text = normalise_space(f"{previous.text} {row.cell(2)}")
            previous.target_as_printed = normalise_space(
                f"{previous.target_as_printed} {row.cell(4)}"
            )
            diagnostics.append(
                Diagnostic(row.line, Severity.INFO, "continued_row",
                           f"riga senza Id unita all'obiettivo {previous.objective_id}")
            )  # fmt: skip
    attach_rules(order, stream, diagnostics)
    return entries


def needs_rule(entry: CatalogueEntry) -> bool:
    return not entry.yes_no and bool(entry.target_as_printed)


def attach_rules(
    order: list[CatalogueEntry], stream: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> None:
    """Give each objective with a numeric target its rule, read from the column's stream.

    The "Modalità di calcolo" column drifts against the rows across the page:
    a rule often starts at the bottom of the previous row's cell ("Se la % è
    >=30 viene assegnato un punteggio pari" | "a 100; 27<=%<30 …"). So the
    column is read as one text, cut where a rule begins, and the pieces are
    given in order to the objectives that have a numeric target.
    """
    text = " ".join(cell.strip() for _, cell in stream if cell.strip())
    starts = [m.start() for m in _RULE_START.finditer(text) if _begins_rule(text, m.start())]
    ends = [*starts[1:], len(text)] if starts else []  # no rule at all: no piece
    pieces = [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]
    wanting = [entry for entry in order if needs_rule(entry)]
    for entry, piece in zip(wanting, pieces, strict=False):
        entry.rule_as_printed = piece
    if len(pieces) != len(wanting):
        line = order[0].line if order else 1
        diagnostics.append(
            Diagnostic(line, Severity.WARNING, "rule_count_mismatch",
                       f"{len(pieces)} regole di calcolo per {len(wanting)} obiettivi con target numerico")
        )  # fmt: skip
    for entry in order:
        if not entry.yes_no and not entry.target_as_printed:
            diagnostics.append(
                Diagnostic(entry.line, Severity.WARNING, "target_missing",
                           f"obiettivo {entry.objective_id}: né target né tipo Si/No")
            )  # fmt: skip


def _begins_rule(text: str, start: int) -> bool:
    """Whether the sentence at `start` opens a rule rather than continuing one.

    "Se uno dei due parametri non viene raggiunto si valuta lo scostamento …"
    continues a rule; a rule opens with the condition for the full score.
    """
    sentence = re.split(r";|\.\s", text[start : start + 300], maxsplit=1)[0]
    if text.startswith("Se", start):
        return "assegnat" in sentence and "scostamento" not in sentence
    return True


def recover_printed_id(
    printed: int,
    row: Row,
    entries: dict[int, CatalogueEntry],
    seen: dict[int, list[list[str]]],
    diagnostics: list[Diagnostic],
) -> int:
    """Return the Id a repeated or unknown number stands for: the objective whose text it has.

    OCR drops digits ("10" for 103); the objective's text says which one it is.
    """
    candidates = [
        (text_similarity(row.cell(1), entry.text), objective_id)
        for objective_id, entry in entries.items()
        if objective_id not in seen and str(objective_id).startswith(str(printed))
    ]
    score, recovered = max(candidates, default=(0.0, printed))
    if score >= 0.5:
        diagnostics.append(
            Diagnostic(row.line, Severity.WARNING, "printed_id_mismatch",
                       f"matrice del valore pubblico: Id stampato {printed}, "
                       f"il testo è dell'obiettivo {recovered}")
        )  # fmt: skip
        return recovered
    if printed in seen:
        diagnostics.append(
            Diagnostic(row.line, Severity.ERROR, "duplicate_objective_id",
                   f"matrice del valore pubblico: Id {printed} ripetuto; riga non caricata")
        )  # fmt: skip
    return printed


def read_drivers(entry: CatalogueEntry, cell: str, diagnostics: list[Diagnostic]) -> None:
    """Set the entry's public-value drivers from its "Driver" cell (the terms of
    `valore_pubblico_driver.json`, in printed order); report and keep what is none of them."""
    drivers = vocabulary("valore_pubblico_driver")
    reading = drivers.find_all(cell)
    entry.value_drivers = [drivers.term(code).name for code in reading.codes]
    entry.value_drivers_unrecognised = reading.unrecognised
    if reading.unrecognised:
        diagnostics.append(
            Diagnostic(entry.matrix_line or entry.line, Severity.WARNING, "unknown_value_driver",
                       f"obiettivo {entry.objective_id}: driver «{reading.unrecognised}» non "
                       "riconosciuto (non è in valore_pubblico_driver.json): non etichettato")
        )  # fmt: skip


def read_value_matrix(
    rows: list[Row], entries: dict[int, CatalogueEntry], diagnostics: list[Diagnostic]
) -> None:
    """Add type, structures, dimension and drivers from the public-value matrix."""
    current: CatalogueEntry | None = None
    pieces: dict[int, list[list[str]]] = {}
    for row in rows:
        if len(row.cells) < 6:
            continue
        id_cell = row.cell(0)
        if _ID.match(id_cell):
            objective_id = int(id_cell)
            if objective_id in pieces or objective_id not in entries:
                objective_id = recover_printed_id(objective_id, row, entries, pieces, diagnostics)
                if objective_id in pieces:
                    current = None
                    continue
            current = entries.get(objective_id)
            if current is None:
                current = CatalogueEntry(objective_id=objective_id, line=row.line, text="")
                entries[objective_id] = current
                diagnostics.append(
                    Diagnostic(row.line, Severity.WARNING, "objective_only_in_value_matrix",
                               f"l'obiettivo {objective_id} manca da «Target e regole di calcolo»")
                )  # fmt: skip
            current.matrix_line = row.line
            pieces[objective_id] = [[row.cell(i)] for i in range(1, 6)]
        elif current is not None and current.objective_id in pieces:
            for i in range(1, 6):
                pieces[current.objective_id][i - 1].append(row.cell(i))
    for objective_id, columns in pieces.items():
        entry = entries[objective_id]
        text, kind, structures, dimension, driver = (normalise_space(" ".join(c)) for c in columns)
        entry.matrix_text = text
        entry.slot_kinds = [k for k in SlotKind if k.value in kind.lower()]
        entry.matrix_structures = [code for code, _ in find_codes(structures)]
        entry.value_dimension = dimension
        read_drivers(entry, driver, diagnostics)
        if not entry.slot_kinds:
            diagnostics.append(
                Diagnostic(entry.matrix_line or entry.line, Severity.WARNING, "objective_type_unknown",
                           f"obiettivo {objective_id}: tipo «{kind}» non riconosciuto")
            )  # fmt: skip
    for objective_id, entry in sorted(entries.items()):
        if entry.matrix_line is None:
            diagnostics.append(
                Diagnostic(entry.line, Severity.WARNING, "objective_missing_from_value_matrix",
                           f"l'obiettivo {objective_id} manca dalla matrice del valore pubblico")
            )  # fmt: skip
