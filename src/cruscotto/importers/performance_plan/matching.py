"""Match an objective's text in the assignment matrix to its catalogue Id.

The Id column of the matrix was mangled by OCR, so the text is the reliable
key: each cell is compared, as a set of words, with the objective texts of
both catalogue tables; a structure the catalogue lists for the Id breaks ties.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from cruscotto.domain.text import fold_text

from .records import CatalogueEntry

MIN_SCORE = 0.3  # below this a cell is not an objective the catalogue knows
STRUCTURE_BONUS = 0.05  # a tie-breaker, smaller than any real difference in wording
_WORD = re.compile(r"[A-Z]{3,}")


@lru_cache(maxsize=4096)  # the Ente objectives' texts repeat in every row
def words_of(text: str) -> frozenset[str]:
    """Return the folded words of three letters or more (numbers and particles carry no meaning here)."""
    return frozenset(_WORD.findall(fold_text(text)))


@dataclass(frozen=True)
class Match:
    objective_id: int
    score: float
    runner_up: tuple[int, float] | None


class CatalogueIndex:
    def __init__(self, catalogue: dict[int, CatalogueEntry]):
        self.catalogue = catalogue
        # (Id, words, their count, structures it names, "Tutte"), computed once.
        self.entries = [
            (objective_id, words, len(words), frozenset(entry.structures), entry.for_all_structures)
            for objective_id, entry in catalogue.items()
            if (words := words_of(f"{entry.text} {entry.matrix_text}"))
        ]

    def match(self, text: str, structure: str) -> Match | None:
        """Return the best-matching Id for `text` seen in `structure`'s row, or None."""
        cell_words = words_of(text)
        if len(cell_words) < 2:
            return None
        size = len(cell_words)
        scored = []
        for objective_id, entry_words, entry_size, structures, for_all in self.entries:
            score = len(cell_words & entry_words) / math.sqrt(size * entry_size)
            if for_all or structure in structures:
                score += STRUCTURE_BONUS
            scored.append((score, objective_id))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < MIN_SCORE:
            return None
        best_score, best_id = scored[0]
        runner_up = (scored[1][1], scored[1][0]) if len(scored) > 1 else None
        return Match(best_id, best_score, runner_up)


def text_similarity(first: str, second: str) -> float:
    a, b = words_of(first), words_of(second)
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))
