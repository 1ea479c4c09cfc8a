"""A scoring rule as data: its kind, its polarity, its bands (the parser reads them, the
scoring service applies them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class RuleKind(StrEnum):
    YES_NO = "yes_no"
    BANDS = "bands"
    PROPORTIONAL = "proportional"
    FORMULA = "formula"
    UNPARSED = "unparsed"


class Polarity(StrEnum):
    HIGHER = "higher"  # a higher value earns a higher score
    LOWER = "lower"  # days of delay, cost: lower is better


@dataclass(frozen=True)
class Band:
    """Values between `lower` and `upper` (None: unbounded) earn `score`."""

    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool
    score: int

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )

    def describe(self) -> str:
        """The band as a reader writes it: "27 ≤ valore < 30 → 80", "valore ≤ 2,5 → 100".

        A band of one value, as "se il n° di incontri è 3 punteggio pari a 80" prints
        it (004:109), reads "valore = 3 → 80".
        """
        if (
            self.lower is not None
            and self.lower == self.upper
            and self.lower_inclusive
            and self.upper_inclusive
        ):
            return f"valore = {italian_decimal(self.lower)} → {self.score}"
        low = (
            ""
            if self.lower is None
            else f"{italian_decimal(self.lower)} {'≤' if self.lower_inclusive else '<'} "
        )
        high = (
            ""
            if self.upper is None
            else f" {'≤' if self.upper_inclusive else '<'} {italian_decimal(self.upper)}"
        )
        return f"{low}valore{high} → {self.score}"


def italian_decimal(value: Decimal) -> str:
    """2.50 → "2,5"; 30 → "30" (no exponent, no trailing zeros, decimal comma)."""
    return format(value.normalize(), "f").replace(".", ",")


@dataclass
class RuleSpec:
    """A scoring rule as data: what the engine needs, and what was wrong with the printed rule."""

    kind: RuleKind
    polarity: Polarity | None = None
    unit: str = ""  # percent, euro, count, days
    target: Decimal | None = None
    bands: list[Band] = field(default_factory=list)
    formula: str = ""
    problems: list[str] = field(default_factory=list)  # "bands_gap: …", "not_parseable: …"
