"""Read the "Dipartimento" cell of the activity table into department names.

One cell may name several departments that share the row's status and actions:
- as paragraphs, "<p>Segreteria Generale</p> <p>Urbanistica ed Edilizia Privata</p>":
  each paragraph is a department;
- glued without a separator, "Segreteria Generale Servizi Generali, Appalti ed
  Economato": the cell is split only when it is exactly a sequence of names that the
  document prints *alone* in some other department cell. "Risorse Finanziarie
  Partecipazioni Comunali" stays one name, because "Partecipazioni Comunali" is never
  printed alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cruscotto.domain.text import fold_text

from .html_text import html_to_blocks
from .text import normalise_space

_TRIM = " ,;-–"


@dataclass(frozen=True)
class DepartmentCell:
    names: tuple[str, ...]
    glued: bool  # some names were found glued together without a separator
    unsplit: bool  # the cell starts with a known name followed by text that is not one


class DepartmentDirectory:
    """The department names that this document prints alone in a department cell."""

    def __init__(self, standalone_cells: Iterable[str]) -> None:
        self._counts = Counter(fold_text(cell) for cell in standalone_cells if cell.strip())
        # A name printed alone is *atomic* unless it is itself a glued sequence of
        # shorter atomic names ("Servizi Educativi Manutenzioni e Servizi Tecnici").
        self._atomic: set[str] = set()
        self._read_cells: dict[str, DepartmentCell] = {}  # the same cells recur hundreds of times
        for name in sorted(self._counts, key=lambda folded: len(folded.split())):
            if _segment(name.split(), self._atomic) is None:
                self._atomic.add(name)

    def knows(self, name: str) -> bool:
        return self._counts[fold_text(name)] > 0

    def read(self, cell: str) -> DepartmentCell:
        """Return the department names written in a department cell."""
        known = self._read_cells.get(cell)
        if known is None:
            known = self._read_cells[cell] = self._read(cell)
        return known

    def _read(self, cell: str) -> DepartmentCell:
        names: list[str] = []
        glued = unsplit = False
        for paragraph in html_to_blocks(cell):
            tokens = normalise_space(paragraph).split(" ")
            cuts = _segment([fold_text(token) for token in tokens], self._atomic)
            if cuts is None or len(cuts) == 2:
                names.append(paragraph.strip(_TRIM))
                unsplit = unsplit or self._starts_with_known_name(tokens)
            else:
                names.extend(
                    " ".join(tokens[a:b]).strip(_TRIM) for a, b in zip(cuts, cuts[1:], strict=False)
                )
                glued = True
        return DepartmentCell(tuple(name for name in names if name), glued, unsplit)

    def _starts_with_known_name(self, tokens: list[str]) -> bool:
        """Whether the tokens are a known name followed by words that make no known name."""
        folded = [fold_text(token) for token in tokens]
        if self._counts[_join(folded)] > 1:
            return False
        return any(_join(folded[:end]) in self._atomic for end in range(1, len(folded)))


def _segment(folded_tokens: list[str], names: set[str]) -> list[int] | None:
    """Return the cut points of the fewest `names` that spell the tokens, or None."""
    best: list[list[int] | None] = [None] * (len(folded_tokens) + 1)
    best[0] = [0]
    for end in range(1, len(folded_tokens) + 1):
        for start in range(end):
            cuts = best[start]
            if cuts is None or _join(folded_tokens[start:end]) not in names:
                continue
            current = best[end]
            if current is None or len(cuts) + 1 < len(current):
                best[end] = [*cuts, end]
    return best[len(folded_tokens)]


def _join(folded_tokens: list[str]) -> str:
    # Punctuation-only tokens ("–") fold to "" and vanish.
    return " ".join(token for token in folded_tokens if token)
