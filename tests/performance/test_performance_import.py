"""Importing the Piano della Performance 2024 (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers

from cruscotto.core.models import AuditEntry, ImportDiagnostic, OrgUnit, Person, SourceDocument
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.formats import FORMATS, detect_format
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.models import Assignment, ObjectiveDate, ScoringRule, StructureManager
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.plans.models import ItemTag, Plan, PlanItem
from cruscotto.reports.services.summary import build_summary

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"


def import_seed() -> LoadResult:
    source = SourceFile.read(SEED)
    return load_performance_plan(parse_and_check(source.text), source, actor="test")


def dump_database() -> dict[str, Any]:
    """Every row of every Cruscotto table, as serialised by Django (ids and values)."""
    dumped = {}
    for app_label in ["core", "plans", "indicators", "performance"]:
        for model in apps.get_app_config(app_label).get_models():
            queryset = model._default_manager.order_by("pk")
            dumped[model._meta.label] = serializers.serialize("python", queryset)
    return dumped


def test_the_format_is_recognised_by_itself() -> None:
    assert detect_format(SEED.read_text(encoding="utf-8")) is FORMATS["performance"]


def test_the_plan_its_structures_and_objectives(empty_db: None) -> None:
    result = import_seed()
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PERFORMANCE)
    assert (plan.code, plan.title, plan.period_start, plan.period_end) == (
        "2024", "Piano della Performance 2024", 2024, 2024,
    )  # fmt: skip
    assert SourceDocument.objects.get().identity == "cmto/performance/2024"
    levels = Counter(PlanItem.objects.filter(plan=plan).values_list("level", flat=True))
    assert levels == {"struttura": 28, "obiettivo": 96}
    uc1 = PlanItem.objects.get(plan=plan, key="S.UC1")
    assert (uc1.code, uc1.title, uc1.parent.key) == ("UC1", "Viabilità I", "S.UC0")
    units = OrgUnit.objects.filter(ente__code="cmto")
    assert units.count() == 28
    assert units.get(code="UB2").parent.code == "UB0"
    assert units.get(code="QA1").parent is None
    assert Person.objects.filter(ente__code="cmto").count() == 20
    managers = StructureManager.objects.filter(plan=plan).select_related("org_unit", "person")
    assert sorted(m.org_unit.code for m in managers if m.interim) == [
        "QA7",
        "TA2",
        "UB2",
        "UC1",
        "UC3",
    ]
    qa3 = managers.get(org_unit__code="QA3")
    assert qa3.person is None
    assert result.totals == {
        "strutture": 28, "obiettivi": 96, "assegnazioni": 233,
        "pesi letti": 89, "pesi completati": 8, "pesi non noti": 136,
    }  # fmt: skip


def test_assignments_keep_weight_provenance_and_candidates(empty_db: None) -> None:
    import_seed()
    assignments = Assignment.objects.select_related("org_unit", "objective")
    assert assignments.count() == 233
    assert Counter(assignments.values_list("weight_source", flat=True)) == {
        "read": 89, "completed": 8, "unknown": 136,
    }  # fmt: skip
    # QA4's objective 16: the matrix cell reads "on e" (004:10); the assignment is stated at
    # 004:62 and 004:174, and its source line is the Id table's.
    sixteen = assignments.get(org_unit__code="QA4", objective__code="16")
    assert (sixteen.slot, sixteen.weight, sixteen.weight_source, sixteen.source_line) == (
        "individuale_4", None, "unknown", 62,
    )  # fmt: skip
    ub1 = assignments.get(org_unit__code="UB1", position=7)
    assert (ub1.objective.code, ub1.printed_id, ub1.weight, ub1.slot) == (
        "66",
        "56",
        10,
        "individuale_2",
    )
    ra2 = assignments.get(org_unit__code="RA2", objective__code="47")
    assert (ra2.weight, ra2.weight_source, ra2.candidates, ra2.weight_as_printed) == (
        None, "unknown", [10, 15], "47 1",
    )  # fmt: skip
    ra3 = assignments.get(org_unit__code="RA3", objective__code="52")
    assert (ra3.weight, ra3.weight_source) == (15, "completed")


def test_rules_and_public_value_tags(empty_db: None) -> None:
    import_seed()
    rules = ScoringRule.objects.select_related("objective")
    assert Counter(rules.values_list("kind", flat=True)) == {
        "yes_no": 42, "bands": 44, "unparsed": 7, "proportional": 2, "formula": 1,
    }  # fmt: skip
    assert sorted(int(r.objective.code) for r in rules if r.ente_wide) == [1, 2, 3]
    payment_delay = rules.get(objective__code="2")
    assert (payment_delay.polarity, payment_delay.unit) == ("lower", "days")
    assert payment_delay.bands[1] == {
        "lower": "1", "lower_inclusive": True, "upper": "10", "upper_inclusive": True, "score": 80,
    }  # fmt: skip
    tags = ItemTag.objects.filter(item__code="3", item__level="obiettivo")
    assert sorted(t.term.name for t in tags.filter(term__taxonomy__code="valore_pubblico_driver")) == [
        "Accessibilità", "Digitalizzazione", "Pari opportunità", "Semplificazione",
        "Transizione ecologica",
    ]  # fmt: skip
    assert [
        t.term.name for t in tags.filter(term__taxonomy__code="valore_pubblico_dimensione")
    ] == ["PNRR"]
    assert [t.term.code for t in tags.filter(term__taxonomy__code="tipo_obiettivo")] == ["ente"]


def test_a_second_import_changes_nothing(empty_db: None) -> None:
    first = import_seed()
    # Into an empty database everything is created: a unit given its department in
    # the same import is not counted as updated.
    assert (first.counts.updated, first.counts.deleted) == (0, 0)
    assert OrgUnit.objects.filter(parent__isnull=False).count() > 0
    before = dump_database()
    second = import_seed()
    assert (second.counts.created, second.counts.updated, second.counts.deleted) == (0, 0, 0)
    assert dump_database() == before
    # Only the import that changed something is in the audit trail.
    assert AuditEntry.objects.filter(document=first.document).count() == 1
    # 222 before the split texts were made whole: +11 repaired, +5 taken from the matrix, −2
    # deadline_differs of objective 28 that came from objective 27's text; +2 for QA4's
    # objective 16 (assignment_from_catalogue, and its weight unknown); +2 for the ente the
    # footer prints cut (004:14): ente_name_cut, and ente_matched_by_prefix to cmto.
    assert ImportDiagnostic.objects.count() == 240
    assert set(
        ImportDiagnostic.objects.filter(code__startswith="ente").values_list("line", "code")
    ) == {(14, "ente_name_cut"), (14, "ente_matched_by_prefix")}


def test_summary_covers_the_performance_plan(empty_db: None) -> None:
    import_seed()
    (plan,) = build_summary()["plans"]
    assert plan["kind"] == "performance"
    assert (plan["ente_code"], plan["code"], plan["period"]) == ("cmto", "2024", [2024, 2024])
    assert plan["items_by_level"] == {"obiettivo": 96, "struttura": 28}
    assert plan["assignments_by_weight_source"] == {"completed": 8, "read": 89, "unknown": 136}


def test_dates_of_the_objectives(empty_db: None) -> None:
    import_seed()
    dates = ObjectiveDate.objects.select_related("objective")
    # 53 deadlines, 3 as-of dates, a measurement window and its end elsewhere, one other
    # date (the IFEL circular) and 4 relative limits ("entro 30 giorni"), which are not deadlines.
    assert Counter(dates.values_list("role", flat=True)) == {
        # 52: objective 24 has its second "entro il 30/11/2024" back (004:185); 28 and 34 no
        # longer carry the deadlines of 27 and 33 printed in their rows (004:74, 004:84).
        "deadline": 52, "as_of": 3, "window_start": 1, "window_end": 2, "reference": 1,
        "relative": 4,
    }  # fmt: skip
    window = [
        (d.role, d.date and d.date.isoformat(), d.amount, d.unit)
        for d in dates.filter(objective__code="97").order_by("position")
    ]
    assert window == [
        ("window_start", "2024-04-01", None, ""),
        ("window_end", "2024-11-30", None, ""),
        ("relative", None, 12, "giorni"),
    ]
    assert [(d.role, d.amount) for d in dates.filter(objective__code="2")] == [("relative", 30)]
