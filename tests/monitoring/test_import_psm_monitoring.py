"""Importing the PSM monitoring report into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers

from cruscotto.core.models import ImportDiagnostic, SourceDocument
from cruscotto.importers.psm_monitoring import parse_psm_monitoring
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.formats import FORMATS, detect_format
from cruscotto.loaders.psm_monitoring import load_psm_monitoring
from cruscotto.monitoring.models import (
    ActionPlacement,
    OpenAnswer,
    OpenAnswerLink,
    ProjectMention,
    ProjectProfile,
    Survey,
)
from cruscotto.plans.models import ItemTag, Link, Plan, PlanItem

pytestmark = pytest.mark.django_db


def dump_database() -> dict[str, Any]:
    """Every row of every table of the apps an import writes, as serialised by Django."""
    dumped = {}
    for app_label in ["core", "plans", "indicators", "monitoring"]:
        for model in apps.get_app_config(app_label).get_models():
            queryset = model._default_manager.order_by("pk")
            dumped[model._meta.label] = serializers.serialize("python", queryset)
    return dumped


def psm_plan() -> Plan:
    return Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM)


def item(key: str) -> PlanItem:
    return PlanItem.objects.get(plan=psm_plan(), key=key)


def test_the_report_becomes_the_psm_of_the_citta_metropolitana(psm_db: LoadResult) -> None:
    plan = psm_plan()
    assert (plan.code, plan.period_start, plan.period_end, plan.ente.name) == (
        "2024-2026", 2024, 2026, "Città metropolitana di Torino",
    )  # fmt: skip
    document = SourceDocument.objects.get(format="psm-monitoraggio")
    assert document.identity == "cmto/psm-monitoraggio/2024-2026/2024"
    assert document.line_count == 3195  # 3,194 newlines; the last line has none
    levels = {
        level: PlanItem.objects.filter(plan=plan, level=level).count()
        for level in ["asse", "strategia", "azione", "progetto"]
    }
    assert levels == {"asse": 6, "strategia": 25, "azione": 113, "progetto": 121}
    strategy = item("strategia-2.1")
    assert strategy.parent == item("asse-2")
    assert strategy.title == "Costruire e infrastrutturare la metropoli verde"
    assert item("azione-2.1.3").parent == strategy
    assert psm_db.totals["progetti"] == 121


def test_a_project_linked_to_several_strategies(psm_db: LoadResult) -> None:
    amici = PlanItem.objects.get(plan=psm_plan(), level="progetto", title="Progetto AMICI")
    targets = Link.objects.filter(from_item=amici, kind=Link.Kind.CONTRIBUTES_TO)
    assert sorted(link.to_item.code for link in targets) == ["1.2", "1.3", "1.5", "3.1", "3.3"]
    assert ProjectMention.objects.filter(project=amici).count() == 6
    assert ProjectProfile.objects.get(item=amici).funding_programmes == ["Interreg Alcotra"]
    inno = PlanItem.objects.get(plan=psm_plan(), title="Programma InnoSocialMetro")
    assert sorted(
        (link.to_item.level, link.to_item.code, link.origin)
        for link in Link.objects.filter(from_item=inno)
    ) == [
        ("azione", "1.2.1", "stated"),
        ("strategia", "1.2", "stated"),
        ("strategia", "1.3", "stated"),
        ("strategia", "5.5", "stated"),
    ]


def test_action_placement_keeps_what_the_layout_says(psm_db: LoadResult) -> None:
    placement = ActionPlacement.objects.get(action=item("azione-2.1.3"))
    assert (placement.block, placement.block_action_count, placement.block_project_count) == (
        9, 1, 1,
    )  # fmt: skip
    assert ActionPlacement.objects.filter(action__plan=psm_plan()).count() == 113


def test_context_indicators_are_stored_with_their_value(psm_db: LoadResult) -> None:
    indicators = Indicator.objects.filter(plan=psm_plan(), kind=Indicator.Kind.CONTEXT)
    assert indicators.count() == 85
    legno = indicators.get(name="Sostenibilità della Filiera Legno")
    assert legno.item == item("strategia-1.3")
    assert (legno.source, legno.unit, legno.territorial_level) == (
        "FSC e PEFC",
        "numero",
        "metropolitano",
    )
    value = Measurement.objects.get(indicator=legno)
    assert (value.year, value.as_printed, value.value, value.value_type) == (
        2024,
        "112+93",
        None,
        "count",
    )
    assert [c["value"] for c in value.components] == ["112", "93"]
    water = Measurement.objects.get(indicator__name="Stato ambientale delle acque")
    assert (water.year, water.value_type, water.value) == (2022, "text", None)
    broadband = Measurement.objects.get(indicator__name="Penetrazione della banda ultra larga")
    assert (broadband.year, broadband.value) == (2023, Decimal("29.8"))


def test_a_second_import_changes_nothing(psm_db: LoadResult, psm_monitoring_path) -> None:  # type: ignore[no-untyped-def]
    before = dump_database()
    source = SourceFile.read(psm_monitoring_path)
    result = load_psm_monitoring(parse_psm_monitoring(source.text), source, actor="test")
    assert (result.counts.created, result.counts.updated, result.counts.deleted) == (0, 0, 0)
    assert dump_database() == before


def test_diagnostics_are_stored_with_their_line(psm_db: LoadResult) -> None:
    stored = ImportDiagnostic.objects.filter(document__format="psm-monitoraggio")
    assert stored.count() == len(psm_db.diagnostics)
    # "… elettriche 15" (001:841) and "… all'Accordo 20" (001:1126, ending the APE project).
    assert sorted(stored.filter(code="page_number_glued").values_list("line", flat=True)) == [
        841, 1114,
    ]  # fmt: skip


def test_the_format_is_recognised_by_itself(psm_monitoring_path) -> None:  # type: ignore[no-untyped-def]
    fmt = detect_format(psm_monitoring_path.read_text(encoding="utf-8"))
    assert fmt is FORMATS["psm-monitoraggio"]


def test_the_survey_is_stored_as_data(psm_db: LoadResult) -> None:
    survey = Survey.objects.get(plan=psm_plan())
    assert (survey.year, survey.platform, survey.invited_mayors) == (2025, "LimeSurvey", 312)
    assert survey.questions.count() == 25
    assert survey.questions.filter(is_open=True).count() == 8
    zone = survey.questions.get(text="Zona omogenea di riferimento — Comuni")
    assert (zone.base, zone.dimension, zone.section, zone.respondents) == (
        89, "zona_omogenea", 1, "Comuni",
    )  # fmt: skip
    assert [(o.label, o.as_printed, o.percent) for o in zone.options.all()[:2]] == [
        ("Zona 1 – Torino", "-", None),
        ("Zona 2 – AMT ovest", "6%", Decimal("6")),
    ]
    how = survey.questions.get(text="Con quale/i modalità ha partecipato?")
    assert (how.base, how.multiple_answers) == (58, True)
    assert OpenAnswer.objects.filter(question__survey=survey).count() == 82
    cited = OpenAnswerLink.objects.filter(answer__question__survey=survey)
    assert sorted(link.item.key for link in cited) == [
        "azione-4.1.1", "azione-4.1.2", "azione-4.1.3", "azione-4.1.4",
        "strategia-1.5", "strategia-2.1", "strategia-4.1", "strategia-4.2",
    ]  # fmt: skip


def test_a_value_of_another_year_is_kept_by_a_new_import(
    psm_db: LoadResult, psm_monitoring_path: Path
) -> None:
    """An indicator holds a yearly series: values another source gave survive a re-import."""
    indicator = Indicator.objects.get(name="Consumo di suolo")
    earlier = Measurement.objects.create(
        indicator=indicator, year=2013, as_printed="8,1", value=Decimal("8.1"), value_type="count"
    )
    source = SourceFile.read(psm_monitoring_path)
    load_psm_monitoring(parse_psm_monitoring(source.text), source, actor="test")
    assert sorted(indicator.measurements.values_list("year", flat=True)) == [2013, 2023]
    assert Measurement.objects.filter(pk=earlier.pk).exists()


def test_projects_are_tagged_with_funding_programme_and_pnrr_component(psm_db: LoadResult) -> None:
    schools = PlanItem.objects.get(
        plan=psm_plan(),
        title="Piano di messa in sicurezza e riqualificazione dell'edilizia scolastica",
    )
    assert sorted((t.term.taxonomy.code, t.term.code) for t in schools.tags.all()) == [
        ("pnrr_missioni", "M4"),
        ("pnrr_missioni", "M4C1"),
        ("programma_finanziamento", "pnrr"),
    ]
    alcotra = ItemTag.objects.filter(
        item__plan=psm_plan(),
        term__taxonomy__code="programma_finanziamento",
        term__name="Interreg Alcotra",
    )
    # Observ'Alp, PITER+ (AGIR, E-Change), AMICI, ASFO, Scoprire, Ge.Co., Muoversi, Agir, Care.
    assert alcotra.count() == 9
