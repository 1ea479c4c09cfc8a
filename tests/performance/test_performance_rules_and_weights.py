"""Scoring rules read as data, and weight inference, on small inputs."""

from __future__ import annotations

from decimal import Decimal

from cruscotto.domain.scoring_rules import Polarity, RuleKind
from cruscotto.importers.performance_plan.records import (
    CatalogueEntry,
    SlotKind,
    SlotRecord,
    StructureRow,
    WeightReading,
)
from cruscotto.importers.performance_plan.rules import read_rule
from cruscotto.performance.services.weights import resolve_weights


def rule(text: str, target: str, yes_no: bool = False) -> CatalogueEntry:
    entry = CatalogueEntry(1, 1, "obiettivo", target_as_printed=target, rule_as_printed=text)
    entry.yes_no = yes_no
    entry.rule = read_rule(entry)
    return entry


def test_lower_is_better_bands_in_days() -> None:
    entry = rule(
        "Se il numero di giorni medi è <=25 viene assegnato un punteggio pari a 100; "
        '25 <n°<=28 80;<br="" punteggio="">28<n°<=31 60;<br="" punteggio="">N°>31 Punteggio 0;</n°<=31></n°<=28>',
        "25",
    )
    assert entry.rule is not None
    assert (entry.rule.kind, entry.rule.polarity, entry.rule.unit) == (
        RuleKind.BANDS, Polarity.LOWER, "days",
    )  # fmt: skip
    assert [b.describe() for b in entry.rule.bands] == [
        "valore ≤ 25 → 100", "25 < valore ≤ 28 → 80", "28 < valore ≤ 31 → 60",
        "31 < valore → 0",
    ]  # fmt: skip
    assert entry.rule.problems == []


def test_bands_that_overlap_leave_gaps_or_are_not_monotone_are_flagged() -> None:
    overlap = rule(
        "Se la % è <=25 viene assegnato un punteggio pari a 100; 22<=%<25 Punteggio 80; %<22 Punteggio 0;",
        "25%",
    ).rule
    assert overlap is not None and overlap.kind == RuleKind.BANDS
    assert [p.split(":")[0] for p in overlap.problems] == [
        "bands_gap", "bands_overlap", "bands_overlap", "bands_not_monotone",
    ]  # fmt: skip
    gap = rule(
        "Al 100% se Inferiore a 1; Al 80% se compreso tra 1 e 10 gg; Allo 0% se oltre 30 gg", "1"
    ).rule
    assert gap is not None and gap.problems == ["bands_gap: tra 10 e 30"]
    counts = rule(
        "Se il n° di iniziative è >=4 viene assegnato un punteggio pari a 100; se il n°di iniziative "
        "è 3 punteggio pari a 80; se il n° di iniziative è <=2 punteggio pari 0;",
        "4",
    ).rule
    assert counts is not None and counts.problems == []  # whole numbers: 3 and 4 touch


def test_other_kinds_and_unparseable_rules_say_why() -> None:
    yes_no = rule("", "Si", yes_no=True).rule
    assert yes_no is not None and yes_no.kind == RuleKind.YES_NO
    proportional = rule(
        "Se il numero è >=2 viene assegnato un punteggio pari a 100; Se è inferiore a 2 si valuta "
        "lo scostamento rispetto al target",
        "2",
    ).rule
    assert proportional is not None
    assert (proportional.kind, proportional.target) == (RuleKind.PROPORTIONAL, Decimal(2))
    formula = rule("Viene assegnata una % di raggiungimento pari a: (A – B)/ A", "100%").rule
    assert formula is not None and (formula.kind, formula.formula) == (
        RuleKind.FORMULA,
        "(A – B)/ A",
    )
    two = rule(
        "Se la riduzione è >= al 20% su almeno il 60% delle pratiche …", "20% 60% pratiche"
    ).rule
    assert two is not None and two.kind == RuleKind.UNPARSED
    assert two.problems == ["not_parseable: il risultato dipende da due parametri"]
    lost = rule(
        "Se il n° di accordi è >=5 viene assegnato un punteggio pari a se il n° di accordi è 4 "
        "punteggio pari a 80; se il n° di accordi è <=3 punteggio pari 0;",
        "5",
    ).rule
    assert lost is not None and lost.kind == RuleKind.UNPARSED  # the score of ">=5" is lost


def structure(*readings: WeightReading, total: int = 100) -> StructureRow:
    row = StructureRow(
        line=1, code="QA1", code_as_printed="QA1", name="", manager="", declared_total=total
    )
    row.slots = [
        SlotRecord(1, i, SlotKind.INDIVIDUALE, i, i, "") for i in range(1, len(readings) + 1)
    ]
    for slot, reading in zip(row.slots, readings, strict=True):
        slot.weight = reading
    return row


def test_one_missing_weight_is_inferred_from_the_total() -> None:
    resolved = resolve_weights(
        structure(WeightReading(value=40), WeightReading(value=35), WeightReading())
    )
    assert [(r.weight, str(r.source)) for r in resolved] == [
        (40, "read"), (35, "read"), (25, "inferred"),
    ]  # fmt: skip


def test_several_fitting_combinations_leave_weights_unknown_with_candidates() -> None:
    resolved = resolve_weights(
        structure(WeightReading(value=80), WeightReading(tens_digit=1), WeightReading())
    )
    # 20 left: 10 + 10 or 15 + 5.
    assert [(r.weight, str(r.source), r.candidates) for r in resolved] == [
        (80, "read", ()), (None, "unknown", (10, 15)), (None, "unknown", (5, 10)),
    ]  # fmt: skip


def test_a_total_nothing_can_reach_keeps_every_candidate() -> None:
    resolved = resolve_weights(
        structure(WeightReading(value=50), WeightReading(value=50), WeightReading())
    )
    assert (resolved[2].weight, str(resolved[2].source)) == (None, "unknown")
    assert resolved[2].candidates == (5, 10, 15, 20, 25, 30, 35, 40, 45, 50)
