"""Weights of a plan's objectives: where a weight came from and the values a weight can take."""

from __future__ import annotations

from enum import StrEnum

# The plan only uses multiples of 5 up to 50: a number printed beside an objective is a
# weight only if it is one of these.
PLAUSIBLE_WEIGHTS = frozenset(range(5, 55, 5))


class WeightSource(StrEnum):
    READ = "read"  # printed whole next to (or glued into) the objective
    COMPLETED = "completed"  # only the tens digit was printed; the units digit found in the cell
    INFERRED = "inferred"  # the only value that makes the structure sum to its declared total
    UNKNOWN = "unknown"  # not printed, and several values fit: see the candidates
