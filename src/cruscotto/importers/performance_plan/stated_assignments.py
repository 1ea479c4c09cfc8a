"""Assignments the matrix cannot show but both catalogue tables state.

QA4's row of the assignment matrix ends in a cell the conversion reduced to
"on e" (004:10), where objective 16 should be; "Target e regole di calcolo"
(004:62) gives objective 16 to QA4 and the public-value matrix (004:174) makes it
an individual objective of QA4. When both tables name the structure, and the
public-value matrix gives one type whose slot is the next free one in the row,
the assignment is added with its weight unknown (never guessed) and the lines
that state it; otherwise it is only reported.
"""

from __future__ import annotations

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .matrix import SLOT_LAYOUT
from .records import CatalogueEntry, SlotRecord, StructureRow


def add_assignments_stated_elsewhere(
    structures: list[StructureRow],
    catalogue: dict[int, CatalogueEntry],
    diagnostics: list[Diagnostic],
) -> None:
    """Add (or report) the objectives both tables give a structure that its row lacks."""
    by_code = {structure.code: structure for structure in structures}
    for objective_id, entry in sorted(catalogue.items()):
        if entry.for_all_structures or entry.is_ente_wide:
            continue  # the common objectives are checked against every row elsewhere
        for code in entry.structures:
            structure = by_code.get(code)
            if structure is None or code not in entry.matrix_structures:
                continue
            if any(slot.objective_id == objective_id for slot in structure.slots):
                continue
            place_or_report(structure, entry, diagnostics)


def place_or_report(
    structure: StructureRow, entry: CatalogueEntry, diagnostics: list[Diagnostic]
) -> None:
    objective_id = entry.objective_id
    stated = (
        f"«Target e regole di calcolo» (riga {entry.line}) e la matrice del valore pubblico "
        f"(riga {entry.matrix_line}) assegnano l'obiettivo {objective_id} a {structure.code}"
    )
    unread = (
        f" (celle illeggibili nella riga: {', '.join(f'«{c}»' for c in structure.unread_cells)})"
        if structure.unread_cells
        else ""
    )
    position = len(structure.slots) + 1
    next_kind = SLOT_LAYOUT[position - 1] if position <= len(SLOT_LAYOUT) else None
    if len(entry.slot_kinds) != 1 or next_kind is None or next_kind[0] != entry.slot_kinds[0]:
        kinds = " / ".join(str(kind) for kind in entry.slot_kinds) or "non indicato"
        diagnostics.append(
            Diagnostic(structure.line, Severity.WARNING, "assignment_missing_from_matrix",
                       f"{structure.code}: {stated}, ma la matrice degli obiettivi non lo riporta{unread}; "
                       f"tipo {kinds}: posizione nella riga non determinabile, assegnazione non caricata")
        )  # fmt: skip
        return
    kind, number = next_kind
    structure.slots.append(
        SlotRecord(
            line=entry.line,
            position=position,
            slot_kind=kind,
            slot_number=number,
            objective_id=objective_id,
            text=" ".join(structure.unread_cells),
            stated_at=(entry.line, entry.matrix_line or entry.line),
        )
    )
    diagnostics.append(
        Diagnostic(structure.line, Severity.WARNING, "assignment_from_catalogue",
                   f"{structure.code}: {stated} come obiettivo {kind}; la matrice degli obiettivi non "
                   f"lo riporta{unread}: assegnato come {kind} {number}, peso non noto")
    )  # fmt: skip
