"""The scoring engine: an objective's score from its rule and actual value, a structure's
weighted score, a manager's result. Pure functions; every result carries its explanation.

A score is never guessed: a rule that cannot be read or is ambiguous (overlapping
or non-monotone bands), a value in a gap between bands, a missing value or an
unknown weight leave the result incomplete and say why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cruscotto.domain.scoring_rules import Band, Polarity, RuleKind

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
AMBIGUOUS = ("bands_overlap", "bands_not_monotone")


@dataclass(frozen=True)
class Rule:
    """A scoring rule as the engine needs it (built from a ScoringRule row or a RuleSpec)."""

    objective_id: int
    kind: RuleKind
    polarity: Polarity | None = None
    target: Decimal | None = None
    bands: tuple[Band, ...] = ()
    formula: str = ""
    problems: tuple[str, ...] = ()
    ente_wide: bool = False

    @classmethod
    def from_row(cls, objective_id: int, row: Mapping[str, Any]) -> Rule:
        return cls(
            objective_id=objective_id,
            kind=RuleKind(row["kind"]),
            polarity=Polarity(row["polarity"]) if row["polarity"] else None,
            target=row["target"],
            bands=tuple(band_from_json(b) for b in row["bands"]),
            formula=row["formula"],
            problems=tuple(row["problems"]),
            ente_wide=row["ente_wide"],
        )


def band_from_json(data: dict[str, Any]) -> Band:
    return Band(
        lower=None if data["lower"] is None else Decimal(data["lower"]),
        lower_inclusive=data["lower_inclusive"],
        upper=None if data["upper"] is None else Decimal(data["upper"]),
        upper_inclusive=data["upper_inclusive"],
        score=data["score"],
    )


@dataclass(frozen=True)
class ObjectiveScore:
    score: Decimal | None
    explanation: dict[str, Any]


def plain(value: Decimal | None) -> str | None:
    """Return a number as written by people: "950000", "12.5" (no exponent, no trailing zeros)."""
    return None if value is None else format(value.normalize(), "f")


def round_score(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score_objective(rule: Rule, value: Decimal | None) -> ObjectiveScore:
    """Return the score 0-100 that `value` earns under `rule`, or None with the reason."""
    explanation: dict[str, Any] = {
        "rule": str(rule.kind),
        "value": plain(value),
        "target": plain(rule.target),
    }
    if value is None:
        return ObjectiveScore(None, {**explanation, "reason": "valore non disponibile"})
    if rule.kind == RuleKind.UNPARSED:
        return ObjectiveScore(None, {**explanation, "reason": "; ".join(rule.problems)})
    if rule.kind == RuleKind.YES_NO:
        score = HUNDRED if value > 0 else Decimal(0)
        return ObjectiveScore(score, {**explanation, "reason": "Sì" if value > 0 else "No"})
    if rule.kind == RuleKind.FORMULA:
        # The value is the formula's result, a percentage of achievement.
        score = round_score(min(HUNDRED, max(Decimal(0), value)))
        return ObjectiveScore(score, {**explanation, "formula": rule.formula, "reason": "formula"})
    if rule.kind == RuleKind.PROPORTIONAL:
        return score_proportionally(rule, value, explanation)
    return score_by_bands(rule, value, explanation)


def score_by_bands(rule: Rule, value: Decimal, explanation: dict[str, Any]) -> ObjectiveScore:
    ambiguous = [p for p in rule.problems if p.startswith(AMBIGUOUS)]
    if ambiguous:
        return ObjectiveScore(
            None, {**explanation, "reason": "regola ambigua: " + "; ".join(ambiguous)}
        )
    band = next((b for b in rule.bands if b.contains(value)), None)
    if band is None:
        return ObjectiveScore(None, {**explanation, "reason": "il valore cade fuori dalle fasce"})
    return ObjectiveScore(
        Decimal(band.score),
        {
            **explanation,
            "band": band.describe(),
            "polarity": str(rule.polarity or ""),
            "reason": "fascia",
        },
    )


def score_proportionally(rule: Rule, value: Decimal, explanation: dict[str, Any]) -> ObjectiveScore:
    """Full score at the target (or in a band that gives it); below, the share of the target reached."""
    full = next((b for b in rule.bands if b.contains(value)), None)
    if full is not None:
        return ObjectiveScore(
            Decimal(full.score), {**explanation, "band": full.describe(), "reason": "fascia"}
        )
    if rule.target is None or rule.target == 0:
        return ObjectiveScore(None, {**explanation, "reason": "target non numerico"})
    score = round_score(min(HUNDRED, max(Decimal(0), value / rule.target * HUNDRED)))
    return ObjectiveScore(score, {**explanation, "reason": "proporzionale al target"})


@dataclass
class WeightedPart:
    objective_id: int
    slot: str
    weight: int | None
    weight_source: str
    score: Decimal | None
    explanation: dict[str, Any]


@dataclass
class StructureScore:
    structure: str
    score: Decimal  # the points earned where weight and score are both known
    complete: bool
    parts: list[WeightedPart] = field(default_factory=list)

    def explanation(self) -> dict[str, Any]:
        missing = [
            {"objective_id": p.objective_id, "slot": p.slot,
             "missing": "peso" if p.weight is None else "punteggio"}
            for p in self.parts if p.weight is None or p.score is None
        ]  # fmt: skip
        return {
            "formula": "somma di peso × punteggio / 100",
            "parts": [
                {
                    "objective_id": p.objective_id, "slot": p.slot, "weight": p.weight,
                    "weight_source": p.weight_source,
                    "score": None if p.score is None else str(p.score),
                    "points": None if p.weight is None or p.score is None
                    else str(round_score(p.score * p.weight / HUNDRED)),
                    **p.explanation,
                }
                for p in self.parts
            ],
            "missing": missing,
            "note": "" if self.complete else
            "punteggio incompleto: somma dei soli obiettivi con peso e punteggio noti",
        }  # fmt: skip


def score_structure(structure: str, parts: list[WeightedPart]) -> StructureScore:
    """Return Σ weight × score / 100; incomplete when a weight or a score is missing."""
    points = sum(
        (
            p.score * p.weight / HUNDRED
            for p in parts
            if p.weight is not None and p.score is not None
        ),
        Decimal(0),
    )
    complete = all(p.weight is not None and p.score is not None for p in parts)
    return StructureScore(structure, round_score(points), complete, parts)


def score_manager(structure_scores: list[StructureScore]) -> tuple[Decimal, bool, dict[str, Any]]:
    """A manager's result: the mean of the scores of the structures they hold.

    The plan does not say how to combine several structures; the mean treats
    them alike, and the explanation lists each one so another rule can be applied.
    """
    total = sum((s.score for s in structure_scores), Decimal(0))
    mean = round_score(total / len(structure_scores))
    complete = all(s.complete for s in structure_scores)
    return mean, complete, {
        "formula": "media dei punteggi delle strutture",
        "structures": [{"structure": s.structure, "score": str(s.score), "complete": s.complete} for s in structure_scores],
    }  # fmt: skip
