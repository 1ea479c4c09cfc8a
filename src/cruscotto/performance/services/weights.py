"""Each assignment's weight with its provenance: read, completed, inferred or unknown.

Pure functions over the parser's records. A weight is inferred only when it is
the single value that lets the structure's weights reach the declared total
given everything else printed; when several combinations fit, it stays unknown
and the candidates are kept. Nothing is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cruscotto.domain.weights import PLAUSIBLE_WEIGHTS, WeightSource
from cruscotto.importers.performance_plan.records import StructureRow, WeightReading

# What a weight nobody printed can be: the plan only uses multiples of 5.
ANY_WEIGHT = tuple(sorted(PLAUSIBLE_WEIGHTS))


@dataclass(frozen=True)
class ResolvedWeight:
    weight: int | None
    source: WeightSource
    candidates: tuple[int, ...]  # the values that fit, for an unknown weight; () otherwise


def possible_values(reading: WeightReading) -> tuple[tuple[int, ...], WeightSource | None]:
    """Return the values a slot's weight can take and, if the cell settles it, its source."""
    if reading.conflicting:
        values = {reading.value, *reading.conflicting} if reading.value is not None else set()
        return tuple(sorted(v for v in values if v is not None)), None
    if reading.value is not None:
        source = WeightSource.COMPLETED if reading.tens_digit is not None else WeightSource.READ
        return (reading.value,), source
    if reading.tens_digit is not None:
        tens = reading.tens_digit * 10
        return (tens, tens + 5), None
    return ANY_WEIGHT, None


def resolve_weights(structure: StructureRow) -> list[ResolvedWeight]:
    """Return one resolved weight per slot of `structure`, in slot order."""
    options: list[tuple[int, ...]] = []
    sources: list[WeightSource | None] = []
    for slot in structure.slots:
        values, source = possible_values(slot.weight)
        options.append(values)
        sources.append(source)
    feasible = feasible_values(options, structure.declared_total)
    resolved = []
    for values, source, fitting in zip(options, sources, feasible, strict=True):
        if source is not None:
            resolved.append(ResolvedWeight(values[0], source, ()))
        elif len(fitting) == 1:
            resolved.append(ResolvedWeight(fitting[0], WeightSource.INFERRED, ()))
        else:
            # No fitting combination at all: every value the cell allows stays a candidate.
            resolved.append(ResolvedWeight(None, WeightSource.UNKNOWN, fitting or values))
    return resolved


def feasible_values(options: list[tuple[int, ...]], total: int | None) -> list[tuple[int, ...]]:
    """For each slot, the values that belong to at least one combination summing to `total`.

    Subset-sum reachability from both ends, so the cost stays small whatever the
    number of unknown slots.
    """
    if total is None:
        return [values if len(values) == 1 else values for values in options]
    count = len(options)
    prefix: list[set[int]] = [{0}]
    for values in options:
        prefix.append({s + v for s in prefix[-1] for v in values if s + v <= total})
    suffix: list[set[int]] = [{0}]
    for values in reversed(options):
        suffix.append({s + v for s in suffix[-1] for v in values if s + v <= total})
    suffix.reverse()
    feasible = []
    for index in range(count):
        before, after = prefix[index], suffix[index + 1]
        fitting = tuple(v for v in options[index] if any(total - v - s in after for s in before))
        feasible.append(fitting)
    return feasible
