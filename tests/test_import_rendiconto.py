"""Importing the Turin strategic control report into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers

from cruscotto.core.models import AuditEntry, ImportDiagnostic, OrgUnit, SourceDocument
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders import rendiconto as rendiconto_loader
from cruscotto.loaders.common import ImportFailed, LoadResult, SourceFile
from cruscotto.loaders.rendiconto import load_rendiconto
from cruscotto.plans.models import Link, LogEntry, Plan, PlanItem, Responsibility

pytestmark = pytest.mark.django_db


def dump_database() -> dict[str, Any]:
    """Every row of every Cruscotto table, as serialised by Django (ids and values)."""
    dumped = {}
    for app_label in ["core", "plans", "indicators"]:
        for model in apps.get_app_config(app_label).get_models():
            queryset = model._default_manager.order_by("pk")
            dumped[model._meta.label] = serializers.serialize("python", queryset)
    return dumped


def dup_plan() -> Plan:
    return Plan.objects.get(ente__code="torino", kind=Plan.Kind.DUP)


def activity(missione: int, programma: int, letter: str) -> PlanItem:
    return PlanItem.objects.get(plan=dup_plan(), key=f"M{missione:02d}.P{programma:02d}.{letter}")


def statuses_by_department(item: PlanItem) -> dict[str, str | None]:
    return {
        r.org_unit.name: (r.status.code if r.status else None)
        for r in item.responsibilities.filter(role=Responsibility.Role.RESPONSIBLE).select_related(
            "org_unit", "status"
        )
    }


def test_the_report_becomes_two_plans_of_the_citta_di_torino(seeded_db: LoadResult) -> None:
    plans = Plan.objects.filter(ente__code="torino").order_by("kind")
    assert [(p.kind, p.code, p.period_start, p.period_end) for p in plans] == [
        ("dup", "2021-2026", 2021, 2026),
        ("mandato", "2021-2026", 2021, 2026),
    ]
    document = SourceDocument.objects.get()
    assert document.identity == "torino/rendiconto/2025"
    assert document.file_name == "000_014bd498e15be787.txt"
    assert document.line_count == 2912  # the last line has no newline


def test_missioni_and_programmi_follow_the_document(seeded_db: LoadResult) -> None:
    plan = dup_plan()
    missioni = PlanItem.objects.filter(plan=plan, level="missione")
    programmi = PlanItem.objects.filter(plan=plan, level="programma")
    # 16 distinct missioni and 52 MISSIONE/PROGRAMMA blocks are printed.
    assert sorted(int(m.code) for m in missioni) == [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 19,
    ]  # fmt: skip
    assert programmi.count() == 52
    organi = programmi.get(key="M01.P01")
    assert organi.title == "ORGANI ISTITUZIONALI"
    assert organi.parent.key == "M01"
    assert organi.source_line in (104, 106)  # the MISSIONE or the PROGRAMMA heading
    assert [t.term.code for t in organi.tags.filter(term__taxonomy__code="bilancio_118")] == [
        "01.01"
    ]
    assert sorted(t.term.name for t in organi.tags.filter(term__taxonomy__code="stakeholder")) == [
        "ATENEI E POLI DI RICERCA",
        "CITTADINI",
        "IMPRESE",
        "ISTITUZIONI",
    ]
    involved = organi.responsibilities.filter(role=Responsibility.Role.INVOLVED).order_by(
        "position"
    )
    assert [r.org_unit.name for r in involved][:3] == [
        "DIVISIONE DECENTRAMENTO E COORDINAMENTO CIRCOSCRIZIONI",
        "DIREZIONE GENERALE",
        "DIPARTIMENTO TRANSIZIONE ECOLOGICA, FONDI EUROPEI E PNRR",
    ]
    assert involved.count() == 8


def test_one_mandate_line_printed_under_six_programmi_is_one_catalogue_line(
    seeded_db: LoadResult,
) -> None:
    lines = PlanItem.objects.filter(
        plan__kind=Plan.Kind.MANDATO,
        level="linea",
        title__startswith="Ridurre la complessità delle procedure a carico di cittadini e imprese",
    )
    assert lines.count() == 1
    line = lines.get()
    listed_by = Link.objects.filter(to_item=line, kind=Link.Kind.LISTS).select_related("from_item")
    assert sorted((link.from_item.key, link.local_code) for link in listed_by) == [
        ("M01.P01", "2"),
        ("M01.P04", "1"),
        ("M01.P06", "1"),
        ("M12.P09", "1"),
        ("M14.P02", "1"),
        ("M14.P04", "1"),
    ]
    tags = {(t.term.taxonomy.code, t.term.code) for t in line.tags.select_related("term__taxonomy")}
    # "La Città Metropolitana", and PNRR Missione 1 printed beside it in four of the six tables.
    assert tags == {("gruppi-torino-mandato-2021-2026", "7"), ("pnrr_missioni", "M1")}


def test_activity_references_resolve_to_the_programma_mandate_lines(seeded_db: LoadResult) -> None:
    item = activity(1, 2, "a")
    assert item.title.startswith("Miglioramento della redazione degli atti deliberativi")
    refers = Link.objects.get(from_item=item, kind=Link.Kind.REFERS_TO)
    assert refers.local_code == "1"
    assert refers.to_item.title.startswith("Avviare un processo di riorganizzazione, potenziamento")
    assert not Link.objects.filter(from_item=activity(1, 2, "c"), kind=Link.Kind.REFERS_TO).exists()
    assert sorted(t.term.code for t in activity(1, 2, "c").tags.all()) == ["economico", "sociale"]


def test_an_activity_can_be_concluded_for_one_department_and_not_for_another(
    seeded_db: LoadResult,
) -> None:
    item = activity(1, 1, "h")
    assert statuses_by_department(item) == {
        "Servizi Interni Sistemi Informativi": None,
        "Servizi Sociali, Sociosanitari e Abitativi": "concluso",
    }
    social = item.responsibilities.get(org_unit__name="Servizi Sociali, Sociosanitari e Abitativi")
    assert [(e.year_from, e.year_to, e.text) for e in social.log.all()] == [
        (2025, 2025, "Attivati punti di facilitazione digitale. Vedi PNRR 1.7.2")
    ]
    assert social.source_line == 140


def test_segue_fragments_make_one_activity_with_the_whole_log(seeded_db: LoadResult) -> None:
    item = activity(1, 1, "f")
    assert PlanItem.objects.filter(plan=dup_plan(), key__startswith="M01.P01.f").count() == 1
    (responsibility,) = item.responsibilities.filter(role=Responsibility.Role.RESPONSIBLE)
    assert responsibility.org_unit.name == "Transizione Ecologica, Fondi Europei e PNRR"
    assert responsibility.status.code == "in_corso"
    years = [(e.year_from, e.year_to) for e in responsibility.log.all()]
    assert years[0] == (2022, 2022)
    assert (2024, 2025) in years
    assert years[-1] == (2025, 2025)
    assert "(segue)" not in item.title
    assert all("<p>" not in e.text and "(segue)" not in e.text for e in responsibility.log.all())


def test_year_ranges_in_the_log(seeded_db: LoadResult) -> None:
    (responsibility,) = activity(1, 2, "a").responsibilities.filter(role="responsabile")
    assert [(e.year_from, e.year_to) for e in responsibility.log.all()] == [
        (2022, 2022),
        (2023, 2023),
        (2023, 2024),
        (2024, 2024),
        (2025, 2025),
    ]
    assert responsibility.log.get(year_from=2023, year_to=2024).text.startswith(
        "Revisione dell'iter deliberativo"
    )


def test_public_value_indicators_keep_cells_as_printed_and_parsed(seeded_db: LoadResult) -> None:
    plan = dup_plan()
    f1 = Indicator.objects.get(plan=plan, key="M01.P01/vp/f.1")
    assert f1.item == activity(1, 1, "f")
    assert f1.name.startswith("Importo risorse coordinate")
    values = {m.year: m for m in f1.measurements.all()}
    assert sorted(values) == [2022, 2023, 2024, 2025]
    assert values[2022].as_printed == "524.018.883,50 €"
    assert values[2022].value == Decimal("524018883.50")
    assert values[2022].value_type == "euro"
    composite = values[2023]
    assert composite.as_printed == "54.357.605,08 (PN METRO PLUS) + 702.982.827,4 €"
    assert composite.value is None  # two amounts, no printed total: not added up
    assert [Decimal(c["value"]) for c in composite.components] == [
        Decimal("54357605.08"),
        Decimal("702982827.4"),
    ]
    a3 = Indicator.objects.get(plan=plan, key="M01.P01/vp/a.3")
    printed = {m.year: (m.as_printed, m.value_type) for m in a3.measurements.all()}
    assert printed == {
        2022: ("-", "missing"),
        2023: ("1", "count"),
        2024: ("3", "count"),
        2025: ("7", "count"),
    }


def test_result_indicators_with_area_and_product(seeded_db: LoadResult) -> None:
    indicator = Indicator.objects.get(
        plan=dup_plan(), kind="risultato", name="N° turni di servizio motorizzati"
    )
    assert indicator.group_path == ["Sicurezza della Città", "Presidio territorio"]
    assert indicator.table_title == "INDICATORI DI RISULTATO - DIPARTIMENTO CORPO DI POLIZIA LOCALE"
    assert {m.year: m.value for m in indicator.measurements.all()} == {
        2022: Decimal("31719"),
        2023: Decimal("37413"),
        2024: Decimal("32474"),
        2025: Decimal("31463"),
    }


def test_common_indicators_are_their_own_kind(seeded_db: LoadResult) -> None:
    common = Indicator.objects.filter(plan=dup_plan(), kind="comune").order_by("position")
    assert common.count() == 6
    pagopa = common.get(name__startswith="Percentuale di servizi a pagamento tramite PagoPa")
    assert {m.year: (m.value, m.value_type) for m in pagopa.measurements.all()} == {
        2022: (Decimal("75"), "percent"),
        2023: (Decimal("95"), "percent"),
        2024: (Decimal("100"), "percent"),
        2025: (Decimal("100"), "percent"),
    }


def test_every_record_keeps_its_document_and_line(seeded_db: LoadResult) -> None:
    document = SourceDocument.objects.get()
    for model in [PlanItem, Link, Responsibility, LogEntry, Indicator, Measurement]:
        assert not model.objects.filter(source_document__isnull=True).exists(), model
        assert not model.objects.exclude(source_document=document).exists(), model
        assert not model.objects.filter(source_line__isnull=True).exists(), model
    measurement = Measurement.objects.get(
        indicator__key="M01.P01/vp/f.1", indicator__plan=dup_plan(), year=2022
    )
    assert measurement.source_line == 161


def test_diagnostics_are_stored_with_their_lines(seeded_db: LoadResult) -> None:
    stored = list(ImportDiagnostic.objects.order_by("position"))
    assert len(stored) == len(seeded_db.diagnostics) > 0
    assert [(d.line, d.code) for d in stored] == [(d.line, d.code) for d in seeded_db.diagnostics]
    assert all(d.line >= 1 for d in stored)


def test_a_second_import_of_the_same_file_changes_nothing(
    seeded_db: LoadResult, rendiconto_path: Path
) -> None:
    before = dump_database()
    source = SourceFile.read(rendiconto_path)
    result = load_rendiconto(parse_rendiconto(source.text), source, actor="test")
    assert (result.counts.created, result.counts.updated, result.counts.deleted) == (0, 0, 0)
    assert dump_database() == before


def test_a_corrected_report_updates_in_place_and_drops_what_it_no_longer_says(
    seeded_db: LoadResult, rendiconto_text: str, tmp_path: Any
) -> None:
    activity_id = activity(1, 2, "a").pk
    corrected_text = rendiconto_text.replace(
        "Miglioramento della redazione degli atti deliberativi",
        "Miglioramento nella redazione degli atti deliberativi",
    ).replace("i.1	N° campagne	-	1	15	21	", "")
    path = tmp_path / "000_014bd498e15be787.txt"
    path.write_text(corrected_text, encoding="utf-8")
    source = SourceFile.read(path)
    audits_before = AuditEntry.objects.count()
    result = load_rendiconto(parse_rendiconto(source.text), source, actor="test")
    assert result.counts.updated >= 2  # the activity title, the document's hash
    assert result.counts.deleted >= 1  # the i.1 indicator and its values
    corrected = PlanItem.objects.get(pk=activity_id)  # same row, same id
    assert corrected.title.startswith("Miglioramento nella redazione")
    assert not Indicator.objects.filter(key="M01.P01/vp/i.1").exists()
    assert SourceDocument.objects.get().sha256 == source.sha256
    assert AuditEntry.objects.count() == audits_before + 1


def test_a_failure_half_way_leaves_the_database_as_it_was(
    seeded_db: LoadResult, rendiconto_text: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump_database()
    path = tmp_path / "000_014bd498e15be787.txt"
    path.write_text(rendiconto_text.replace("Dare compiuta attuazione", "Dare piena attuazione"))
    source = SourceFile.read(path)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # Items, responsibilities and logs are written by then; indicators fail.
    monkeypatch.setattr(rendiconto_loader.RendicontoLoader, "sync_indicators", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load_rendiconto(parse_rendiconto(source.text), source, actor="test")
    assert dump_database() == before


def test_a_file_that_is_not_text_is_refused_naming_file_and_line(tmp_path: Any) -> None:
    path = tmp_path / "scansione.txt"
    path.write_bytes(b"RENDICONTO\nriga due\n\xff\xfe rotta\n")
    with pytest.raises(ImportFailed, match=r"scansione.txt:3: il file non è testo UTF-8"):
        SourceFile.read(path)


def test_a_report_without_its_year_is_refused_and_nothing_is_written(
    empty_db: None, rendiconto_text: str, tmp_path: Any
) -> None:
    path = tmp_path / "senza_anno.txt"
    path.write_text(
        rendiconto_text.replace("ESERCIZIO 2025", "ESERCIZIO").replace("\n2025\n", "\n\n")
    )
    source = SourceFile.read(path)
    parsed = parse_rendiconto(source.text)
    assert parsed.reference_year is None
    with pytest.raises(ImportFailed, match="senza_anno.txt"):
        load_rendiconto(parsed, source, actor="test")
    assert not PlanItem.objects.exists()
    assert not OrgUnit.objects.exists()
