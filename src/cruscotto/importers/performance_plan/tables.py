"""Split the document into its three tables and read each table's rows as cells."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    line: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""


@dataclass
class Sections:
    matrix: list[Row] = field(default_factory=list)  # objectives per manager and structure
    footnotes: list[Row] = field(default_factory=list)  # lines starting with "(*)"
    targets: list[Row] = field(default_factory=list)  # "Target e regole di calcolo"
    value_matrix: list[Row] = field(default_factory=list)  # the public-value matrix
    title_line: int | None = None


TARGETS_HEADER = ("Id", "Struttura", "Obiettivo")
VALUE_MATRIX_HEADER = ("N", "Obiettivo P.d.O.")


def is_targets_header(cells: list[str]) -> bool:
    return [c.strip() for c in cells[:3]] == list(TARGETS_HEADER)


def is_value_matrix_header(cells: list[str]) -> bool:
    return (
        len(cells) >= 2
        and cells[0].strip().rstrip(".") == "N"
        and cells[1].strip().startswith(VALUE_MATRIX_HEADER[1])
    )


def split_sections(lines: list[str]) -> Sections:
    """Return the rows of each table; header and blank lines are left out."""
    sections = Sections()
    current: list[Row] | None = sections.matrix
    for number, text in enumerate(lines, start=1):
        cells = text.split("\t")
        stripped = text.strip()
        if not stripped:
            continue
        if stripped.startswith("Piano della Performance") and sections.title_line is None:
            sections.title_line = number
        if stripped.startswith("(*)"):
            sections.footnotes.append(Row(number, [stripped]))
            continue
        if is_targets_header(cells):
            current = sections.targets
            continue
        if is_value_matrix_header(cells):
            current = sections.value_matrix
            continue
        if stripped.startswith("Matrice per assegnazione"):
            current = None  # the title of the public-value matrix; its header follows
            continue
        if current is not None:
            current.append(Row(number, cells))
    return sections
