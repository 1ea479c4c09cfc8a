"""Scores computed by hand for every rule type, Ente-wide objectives and unknown weights."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cruscotto.core.models import AuditEntry
from cruscotto.domain.scoring_rules import Band, Polarity, RuleKind
from cruscotto.importers.performance_actuals import read_actuals, read_rows
from cruscotto.loaders.common import SourceFile
from cruscotto.loaders.performance_actuals import store_actuals
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.models import ActualValue, Score
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.performance.services.reports import scores_summary
from cruscotto.performance.services.scorecards import find_plan
from cruscotto.performance.services.scoring import Rule, score_objective

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "performance"
SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"


def load(path: Path) -> None:
    source = SourceFile.read(path)
    load_performance_plan(parse_and_check(source.text), source, actor="test")


def store(rows: list[list[str]], name: str = "actuals.csv") -> None:
    plan = find_plan(2024)
    source = SourceFile(name=name, text="", sha256=name)
    store_actuals(plan, 2024, read_rows(rows), source, "test")


def score_of(level: str, code: str = "", objective: str = "", person: str = "") -> Score:
    scores = Score.objects.filter(year=2024, level=level)
    if code:
        scores = scores.filter(org_unit__code=code)
    if objective:
        scores = scores.filter(objective__code=objective)
    if person:
        scores = scores.filter(person__name=person)
    return scores.get()


DAYS_OF_DELAY = Rule(
    objective_id=2,
    kind=RuleKind.BANDS,
    polarity=Polarity.LOWER,
    bands=(
        Band(None, False, Decimal(1), False, 100),
        Band(Decimal(1), True, Decimal(10), True, 80),
        Band(Decimal(11), True, Decimal(30), True, 50),
        Band(Decimal(30), False, None, False, 0),
    ),
    problems=("bands_gap: tra 10 e 11",),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.5", 100), ("1", 80), ("10", 80), ("11", 50), ("30", 50), ("30.1", 0), ("10.5", None)],
)
def test_lower_is_better_bands(value: str, expected: int | None) -> None:
    result = score_objective(DAYS_OF_DELAY, Decimal(value))
    assert result.score == (None if expected is None else Decimal(expected))
    if expected is None:  # 10.5 days falls in the gap the plan leaves between 10 and 11
        assert result.explanation["reason"] == "il valore cade fuori dalle fasce"


def test_ambiguous_bands_give_no_score() -> None:
    rule = Rule(3, RuleKind.BANDS, Polarity.HIGHER,
                bands=(Band(None, False, Decimal(25), True, 100), Band(Decimal(22), True, Decimal(25), False, 80)),
                problems=("bands_overlap: …",))  # fmt: skip
    result = score_objective(rule, Decimal(23))
    assert result.score is None
    assert result.explanation["reason"].startswith("regola ambigua")


def test_proportional_formula_and_yes_no() -> None:
    proportional = Rule(18, RuleKind.PROPORTIONAL, Polarity.HIGHER, target=Decimal(3),
                        bands=(Band(Decimal(3), True, None, False, 100),))  # fmt: skip
    assert score_objective(proportional, Decimal(2)).score == Decimal("66.67")  # 2/3 of 100
    assert score_objective(proportional, Decimal(4)).score == Decimal(100)
    formula = Rule(3, RuleKind.FORMULA, Polarity.HIGHER, formula="(A – B)/ A")
    assert score_objective(formula, Decimal("87.5")).score == Decimal("87.50")
    assert score_objective(formula, Decimal("120")).score == Decimal("100.00")
    yes_no = Rule(4, RuleKind.YES_NO, Polarity.HIGHER)
    assert [score_objective(yes_no, Decimal(v)).score for v in (1, 0)] == [100, 0]
    assert score_objective(yes_no, None).score is None


@pytest.mark.django_db
def test_scores_of_two_structures_with_every_weight_known(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    result = store_actuals(
        plan, 2024, read_actuals(FIXTURES / "actuals_2024.csv"),
        SourceFile.read(FIXTURES / "actuals_2024.csv"), "test",
    )  # fmt: skip
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (13, "actuals_ente_wide_per_structure"),  # 2;RA1;3: objective 2 is measured once
        (14, "actuals_unknown_objective"),  # 99 is not in the plan
    ]
    assert ActualValue.objects.count() == 11
    # Ente-wide objectives, measured once, count for both structures:
    # 1: 950.000 € → band 900.000-1.000.000 → 90; 2: 12,5 days → 11-30 → 50 (lower is
    # better); 3: formula, 87,5% → 87,5.
    for code in ("RA1", "RA2"):
        assert [score_of("objective", code, i).score for i in ("1", "2", "3")] == [
            Decimal(90), Decimal(50), Decimal("87.50"),
        ]  # fmt: skip
    # RA2: (10×90 + 10×50 + 15×87,5 + 10×100 + 30×100 + 10×90 + 15×0) / 100 = 76,125.
    ra2 = score_of("structure", "RA2")
    assert (ra2.score, ra2.complete) == (Decimal("76.13"), True)
    assert [p["points"] for p in ra2.explanation["parts"]] == [
        "9.00", "5.00", "13.13", "10.00", "30.00", "9.00", "0.00",
    ]  # fmt: skip
    assert ra2.explanation["parts"][6]["band"] == "valore < 21 → 0"
    # RA1: 45 at 27 days → 25 < x <= 28 → 80 (lower is better); 18 proportional: 1 of 2 → 50;
    # 4 "No" → 0; 40 has no readable rule, so RA1 is incomplete:
    # (10×90 + 10×50 + 20×87,5 + 10×0 + 25×80 + 15×50) / 100 = 59 on 90 of weight.
    ra1 = score_of("structure", "RA1")
    assert (ra1.score, ra1.complete) == (Decimal("59.00"), False)
    assert ra1.explanation["missing"] == [
        {"objective_id": 40, "slot": "individuale_2", "missing": "punteggio"}
    ]
    assert score_of("objective", "RA1", "45").score == Decimal(80)
    assert score_of("objective", "RA1", "18").score == Decimal("50.00")
    assert score_of("manager", person="Marzilli Enrico").score == Decimal("76.13")
    manager = score_of("manager", person="Simonetti Sarah Stefania")
    assert (manager.score, manager.complete) == (Decimal("59.00"), False)
    assert scores_summary(plan, 2024)["structures"] == [
        {
            "structure": "RA1",
            "manager": "Simonetti Sarah Stefania",
            "score": "59.00",
            "complete": False,
        },
        {"structure": "RA2", "manager": "Marzilli Enrico", "score": "76.13", "complete": True},
    ]


@pytest.mark.django_db
def test_unknown_weights_make_an_incomplete_score_never_a_guessed_one(empty_db: None) -> None:
    load(SEED)
    store([
        ["obiettivo", "struttura", "valore"],
        ["1", "", "1.200.000"], ["2", "", "0"], ["3", "", "100%"],
        ["4", "UC1", "Si"], ["69", "UC1", "96%"], ["37", "UC1", "78%"], ["70", "UC1", "Si"],
        ["78", "UC1", "86%"], ["58", "UC1", "No"], ["32", "UC1", "Si"],
    ])  # fmt: skip
    # UC1 knows 75 of its 100 weight points: Ente 2 and Ente 3 are unknown (5-20 each).
    # 10×100 + 10×100 + 15×80 + 5×90 + 10×100 + 5×80 + 10×0 + 10×100 = 6050 → 60,50.
    uc1 = score_of("structure", "UC1")
    assert (uc1.score, uc1.complete) == (Decimal("60.50"), False)
    assert [m["objective_id"] for m in uc1.explanation["missing"]] == [2, 3]
    assert all(m["missing"] == "peso" for m in uc1.explanation["missing"])
    # The Ente-wide objectives scored 100 for every structure that has them.
    assert Score.objects.filter(level="objective", objective__code="3", score=100).count() == 28
    # Tizzani Matteo holds UC0 (10 points known), UC1 (60,50) and UC3 (15): mean 28,50.
    tizzani = score_of("manager", person="Tizzani Matteo")
    assert (tizzani.score, tizzani.complete) == (Decimal("28.50"), False)
    assert [s["structure"] for s in tizzani.explanation["structures"]] == ["UC0", "UC1", "UC3"]
    assert Score.objects.filter(level="structure", complete=True).count() == 0


@pytest.mark.django_db
def test_loading_the_same_values_again_changes_nothing(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    rows = [["obiettivo", "struttura", "valore"], ["1", "", "950.000"], ["4", "RA2", "Si"]]
    store(rows)
    before = list(Score.objects.order_by("pk").values())
    audits = AuditEntry.objects.count()
    store(rows)
    assert list(Score.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == audits
