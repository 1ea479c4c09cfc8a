"""Typed records of a piano della performance.

The parser fills these plain dataclasses from the document's three tables; the
loader and the performance services consume them. Every record keeps the
1-based line it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.domain.scoring_rules import RuleSpec


class SlotKind(StrEnum):
    ENTE = "ente"
    DIREZIONE = "direzione"
    INDIVIDUALE = "individuale"


class DateRole(StrEnum):
    DEADLINE = "deadline"  # "entro il 30/06/2024", "entro 31 marzo 2024"
    AS_OF = "as_of"  # "al 15/11/2024", "al 31/12/2024"
    WINDOW_START = "window_start"  # "dal 01/04/2024 e fino al 30/11/2024"
    WINDOW_END = "window_end"
    REFERENCE = "reference"  # any other date printed ("circolare IFEL del 21/11/2019")


@dataclass(frozen=True)
class DateMention:
    role: DateRole
    as_printed: str
    value: date | None  # None when the printed date is impossible (33/11/2024)


@dataclass(frozen=True)
class RelativeDeadline:
    """ "entro 30 giorni", "entro 2 mesi dalla …": a time limit, not a calendar deadline."""

    as_printed: str
    amount: int
    unit: str  # "giorni", "mesi"


@dataclass
class CatalogueEntry:
    """One objective of the plan, by its Id, as the tables describe it."""

    objective_id: int
    line: int  # first line in "Target e regole di calcolo" (or the public-value matrix)
    text: str  # objective text from "Target e regole di calcolo"
    structures: list[str] = field(default_factory=list)  # normalised codes; [] for "Tutte"
    for_all_structures: bool = False  # "Tutte"
    note: str = ""
    target_as_printed: str = ""
    rule_as_printed: str = ""
    yes_no: bool = False  # "Tipo Si/No"
    # From the public-value matrix:
    matrix_line: int | None = None
    matrix_text: str = ""
    slot_kinds: list[SlotKind] = field(default_factory=list)  # "Direzione / Individuale" → two
    matrix_structures: list[str] = field(default_factory=list)
    value_dimension: str = ""  # dimensione di valore pubblico
    value_drivers: list[str] = field(default_factory=list)
    value_drivers_unrecognised: str = ""  # the Driver cell's words that name no driver
    dates: list[DateMention] = field(default_factory=list)
    rule: RuleSpec | None = None
    relative_deadlines: list[RelativeDeadline] = field(default_factory=list)

    @property
    def is_ente_wide(self) -> bool:
        """Measured once for the whole Ente: an objective of type "Ente"."""
        return SlotKind.ENTE in self.slot_kinds

    @property
    def deadline(self) -> date | None:
        """The last valid deadline printed in the objective, if any."""
        deadlines = [d.value for d in self.dates if d.role == DateRole.DEADLINE and d.value]
        return max(deadlines) if deadlines else None


@dataclass(frozen=True)
class WeightReading:
    """What the cell of one slot says about its weight, before the structure sums are used."""

    as_printed: str = ""  # the tokens that carried the weight ("47 1", "… 10 …")
    value: int | None = None  # whole weight printed
    tens_digit: int | None = None  # only the tens digit survived ("47 1" → 1)
    units_digit: int | None = None  # a lone 0 or 5 found elsewhere in the cell
    conflicting: tuple[int, ...] = ()  # other weights the same cell prints
    not_a_weight: tuple[
        int, ...
    ] = ()  # numbers where the weight should be that no weight is ("51")


@dataclass
class SlotRecord:
    line: int
    position: int  # 1-based order of the objective in the structure's row
    slot_kind: SlotKind
    slot_number: int  # Ente 1-3, Direzione 1-2, Individuale 1-5
    objective_id: int | None  # matched from the text; None when nothing matches
    text: str  # the cell as printed, whitespace normalised
    printed_id: str = ""  # the Id printed beside the text, if any survived
    match_score: float = 0.0
    weight: WeightReading = field(default_factory=WeightReading)
    # Where the assignment is stated when the matrix's cell cannot be read: the lines of
    # "Target e regole di calcolo" and of the public-value matrix; () when read in the matrix.
    stated_at: tuple[int, ...] = ()

    @property
    def slot(self) -> str:
        return f"{self.slot_kind}_{self.slot_number}"


@dataclass
class StructureRow:
    line: int
    code: str  # normalised: "UC0"
    code_as_printed: str  # "UCO"
    name: str
    manager: str  # "" when the cell is empty
    manager_role: str = ""  # "Segretario Generale"
    interim: bool = False  # marked (*): holds the structure under art. 28 of the ROUS
    declared_total: int | None = None
    slots: list[SlotRecord] = field(default_factory=list)
    # Cells between the objectives too damaged to name one ("on e"), as printed.
    unread_cells: list[str] = field(default_factory=list)

    @property
    def department_code(self) -> str | None:
        """The code of the department the structure would belong to (UB1 → UB0), if the plan has it."""
        if len(self.code) == 3 and self.code[:2].isalpha() and not self.code.endswith("0"):
            return self.code[:2] + "0"
        return None

    @property
    def is_department(self) -> bool:
        return len(self.code) == 3 and self.code[:2].isalpha() and self.code.endswith("0")


@dataclass
class PerformancePlanDocument:
    ente: str
    title: str
    year: int | None
    structures: list[StructureRow] = field(default_factory=list)
    catalogue: dict[int, CatalogueEntry] = field(default_factory=dict)
    interim_note: str = ""  # the (*) footnote
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ente_line: int | None = None  # where the ente is printed; None if it is not


__all__ = [
    "CatalogueEntry",
    "DateMention",
    "DateRole",
    "PerformancePlanDocument",
    "RelativeDeadline",
    "SlotKind",
    "SlotRecord",
    "StructureRow",
    "WeightReading",
]
