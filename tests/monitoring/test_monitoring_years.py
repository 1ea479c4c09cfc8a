"""Every monitoring year of the PSM is kept, and the next edition cannot destroy it.

On real data: the seed (samples/001, the first year, 2024), its second year
(fixtures/psm_monitoring/second_year_monitoring.txt, 2025) and the next edition's
preliminary report (fixtures/psm_monitoring/next_edition_preliminary.txt, PSM
2027-2029, whose previous edition is 2024-2026); the fixtures are written by
fixtures/psm_monitoring/make_next_editions.py, which lists every change.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from openpyxl import load_workbook

from cruscotto.cli import main
from cruscotto.core.models import SourceDocument, Statement
from cruscotto.council.models import StrategyEvidence
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.monitoring.models import (
    ActionPlacement,
    OpenAnswer,
    OpenAnswerLink,
    ProjectMention,
    ProjectProfile,
    Survey,
    SurveyOption,
    SurveyQuestion,
)
from cruscotto.plans.models import ItemTag, Link, Plan, PlanItem
from cruscotto.reports.services.exports import REPORT_KINDS
from cruscotto.reports.services.psm_monitoraggio import (
    PsmMonitoringReport,
    build_psm_monitoring_report,
)
from empty_database import empty_the_database

from .conftest import FIXTURES_DIR, PSM_MONITORING_SEED

FIRST_YEAR = (PSM_MONITORING_SEED, "psm-monitoraggio")
SECOND_YEAR = (FIXTURES_DIR / "second_year_monitoring.txt", "psm-monitoraggio")
NEXT_PRELIMINARY = (FIXTURES_DIR / "next_edition_preliminary.txt", "psm-preliminare")
KIND = "psm-monitoraggio"

pytestmark = pytest.mark.django_db


def import_file(document: tuple[Path, str]) -> LoadResult:
    """Import as `cruscotto import` does: the load, then the derived links and the search index."""
    path, format_name = document
    source = SourceFile.read(path)
    fmt = FORMATS[format_name]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


def published(year: int, tmp_path: Path) -> tuple[bytes, dict[str, list[tuple[Any, ...]]]]:
    """`cruscotto report psm-monitoraggio --year Y` in HTML (bytes) and XLSX (read back)."""
    files = {}
    for format_name in ("html", "xlsx"):
        out = tmp_path / f"{year}-{len(list(tmp_path.iterdir()))}.{format_name}"
        result = CliRunner().invoke(
            main, ["report", KIND, "--year", str(year), "--format", format_name, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        files[format_name] = out
    workbook = load_workbook(files["xlsx"])
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    return files["html"].read_bytes(), sheets


def psm_plan() -> Plan:
    return Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM, code="2024-2026")


def monitoring(year: int) -> SourceDocument:
    return SourceDocument.objects.get(identity=f"cmto/psm-monitoraggio/2024-2026/{year}")


def values_reported(year: int) -> dict[tuple[str, int], tuple[str, Decimal | None]]:
    """The context values a year's report stated: (indicator key, year) → (as printed, value)."""
    return {
        (m.indicator.key, m.year): (m.as_printed, m.value)
        for m in Measurement.objects.filter(
            source_document=monitoring(year), reported_year=year
        ).select_related("indicator")
    }


def survey_as_stored(year: int) -> list[tuple[Any, ...]]:
    """The survey of a monitoring year, every question with its options and answers."""
    survey = Survey.objects.get(plan=psm_plan(), monitoring_year=year)
    rows: list[tuple[Any, ...]] = [(survey.title, survey.year, survey.source_document_id)]
    for question in survey.questions.order_by("position"):
        rows.append((question.key, question.text, question.base))
        rows += [(o.label, o.as_printed, o.percent) for o in question.options.all()]
        rows += [
            (a.text, sorted(a.links.values_list("item__key", flat=True)))
            for a in question.open_answers.all()
        ]
    return rows


def project(report: PsmMonitoringReport, strategy_code: str) -> dict[str, list[str]]:
    """The projects printed beside a strategy, with the actions each serves."""
    strategy = next(s for axis in report.axes for s in axis.strategies if s.code == strategy_code)
    return {entry.name: entry.action_codes for entry in strategy.projects}


def action_text(report: PsmMonitoringReport, code: str) -> str:
    return next(
        action.text
        for axis in report.axes
        for strategy in axis.strategies
        for action in strategy.actions
        if action.code == code
    )


def context_value(report: PsmMonitoringReport, name: str) -> tuple[str, int | None]:
    row = next(i for axis in report.axes for i in axis.indicators if i.name == name)
    return row.value_as_printed, row.year


def test_the_second_year_is_added_beside_the_first(empty_db: None, tmp_path: Path) -> None:
    import_file(FIRST_YEAR)
    html_2024, xlsx_2024 = published(2024, tmp_path)
    values_2024 = values_reported(2024)
    survey_2024 = survey_as_stored(2024)
    assert len(values_2024) == 85  # one value per context indicator

    result = import_file(SECOND_YEAR)

    assert result.document.identity == "cmto/psm-monitoraggio/2024-2026/2025"
    assert result.document.reference_year == 2025
    assert SourceDocument.objects.filter(format=KIND).count() == 2
    # Year 1's report is printed again as it was, byte for byte and cell for cell.
    assert published(2024, tmp_path) == (html_2024, xlsx_2024)
    # Year 1's values and survey survive; year 2's are there beside them.
    assert values_reported(2024) == values_2024
    assert survey_as_stored(2024) == survey_2024
    values_2025 = values_reported(2025)
    assert len(values_2025) == 85
    changed = {key: value for key, value in values_2025.items() if values_2024.get(key) != value}
    by_name = dict(Indicator.objects.values_list("key", "name"))
    assert sorted((by_name[key], year, value) for (key, year), value in changed.items()) == [
        ("Imprese impegnate in processi di recupero dei rifiuti", 2025, ("281", Decimal("281"))),
        ("Sostenibilità della Filiera Legno", 2025, ("115+97", None)),
        (
            "Specializzazione produttiva nei settori ad alta intensità di conoscenza",
            2022,
            ("36,1", Decimal("36.1")),
        ),
        ("Start-up innovative", 2025, ("517", Decimal("517"))),
    ]
    # Each indicator's values as its latest report up to a year states them.
    startups = Indicator.objects.get(name="Start-up innovative")
    assert [
        (m.year, m.as_printed) for m in Measurement.objects.as_of(2024).filter(indicator=startups)
    ] == [(2024, "502")]
    assert [
        (m.year, m.as_printed) for m in Measurement.objects.as_of(2025).filter(indicator=startups)
    ] == [(2025, "517")]
    assert [
        (m.year, m.as_printed) for m in Measurement.objects.as_of().filter(indicator=startups)
    ] == [(2025, "517")]
    # Two surveys: the one of April 2025 (monitoring 2024) and of April 2026 (monitoring 2025).
    assert list(
        Survey.objects.order_by("monitoring_year").values_list("monitoring_year", "year")
    ) == [(2024, 2025), (2025, 2026)]
    roles = SurveyOption.objects.filter(
        question__text="Target “Comuni”", label__in=["Sindaco/a", "Dipendente comunale"]
    ).order_by("question__survey__monitoring_year", "position")
    assert [(o.question.survey.monitoring_year, o.label, o.as_printed) for o in roles] == [
        (2024, "Sindaco/a", "52%"),
        (2024, "Dipendente comunale", "32%"),
        (2025, "Sindaco/a", "48%"),
        (2025, "Dipendente comunale", "36%"),
    ]
    assert [edition.year for edition in REPORT_KINDS[KIND].editions()] == [2025, 2024]


def test_each_year_prints_what_its_report_stated(empty_db: None) -> None:
    import_file(FIRST_YEAR)
    import_file(SECOND_YEAR)
    first, second = (
        build_psm_monitoring_report("cmto", 2024),
        build_psm_monitoring_report("cmto", 2025),
    )

    assert (first.year, first.year_ordinal, second.year, second.year_ordinal) == (
        2024, "primo", 2025, "secondo",
    )  # fmt: skip
    # Action 2.1.4, reworded by the second year: the record reads as 2025 says, 2024's
    # report as 2024 said (its wording is on its statement).
    assert action_text(first, "2.1.4").startswith("Garantire il coordinamento")
    assert action_text(second, "2.1.4").startswith("Assicurare il coordinamento")
    assert PlanItem.objects.get(plan=psm_plan(), key="azione-2.1.4").title.startswith("Assicurare")
    # Beside action 2.1.3, ASFO was dropped and a new project added.
    assert project(first, "2.1")["Progetto ASFO"] == ["2.1.3"]
    assert "Progetto FORESTE DI COMUNITÀ" not in project(first, "2.1")
    assert "Progetto ASFO" not in project(second, "2.1")
    assert project(second, "2.1")["Progetto FORESTE DI COMUNITÀ"] == ["2.1.3"]
    assert "Progetto ASFO" in project(second, "1.3")  # still printed under strategy 1.3
    # A project the second year no longer prints stays, absent from its edition.
    cibo = PlanItem.objects.get(plan=psm_plan(), title="Progetto Distretti del cibo")
    assert list(
        Statement.objects.filter(model="plans.planitem", object_id=cibo.pk).values_list(
            "document__reference_year", flat=True
        )
    ) == [2024]
    printed = [
        {name for axis in report.axes for s in axis.strategies for name in project(report, s.code)}
        for report in (first, second)
    ]
    assert "Progetto Distretti del cibo" in printed[0]
    assert "Progetto Distretti del cibo" not in printed[1]
    assert printed[1] - printed[0] == {"Progetto FORESTE DI COMUNITÀ"}
    assert (first.total.projects, second.total.projects) == (121, 121)  # one dropped, one added
    # Context values and survey of each year.
    assert context_value(first, "Start-up innovative") == ("502", 2024)
    assert context_value(second, "Start-up innovative") == ("517", 2025)
    assert (first.survey and first.survey.year, second.survey and second.survey.year) == (
        2025, 2026,
    )  # fmt: skip
    assert first.introduction != second.introduction
    assert "secondo anno di operatività" in " ".join(second.introduction)


def test_the_page_shows_the_latest_year_and_an_earlier_one_on_request(
    empty_db: None, client: Client
) -> None:
    import_file(FIRST_YEAR)
    import_file(SECOND_YEAR)
    latest = client.get("/monitoraggio/").content.decode()
    assert "Monitoraggio del Piano strategico metropolitano 2024-2026: anno 2025" in latest
    assert '<a href="?anno=2024">2024</a>' in latest
    assert "Assicurare il coordinamento" in latest
    assert "Garantire il coordinamento" not in latest
    earlier = client.get("/monitoraggio/?anno=2024").content.decode()
    assert "Monitoraggio del Piano strategico metropolitano 2024-2026: anno 2024" in earlier
    assert "Garantire il coordinamento" in earlier
    assert "Assicurare il coordinamento" not in earlier
    assert client.get("/monitoraggio/?anno=2023").status_code == 404
    assert client.get("/monitoraggio/?anno=duemila").status_code == 404
    # The indicator page: each year once, as its latest report states it.
    startups = Indicator.objects.get(name="Start-up innovative")
    page = client.get(f"/indicatori/{startups.pk}/").content.decode()
    assert "517" in page
    assert "502" not in page


def snapshot_of_monitoring() -> dict[str, Any]:
    """What the monitoring reports stated of PSM 2024-2026, by natural key, as it reads now."""
    plan = psm_plan()
    key_of = dict(PlanItem.objects.filter(plan=plan).values_list("pk", "key"))
    return {
        "plan": (
            plan.title,
            plan.period_start,
            plan.period_end,
            plan.edition,
            plan.source_document.identity,
        ),
        "items": {
            item.key: (
                item.level,
                item.code,
                item.title,
                item.description,
                key_of.get(item.parent_id),
                item.position,
                item.source_document.identity,
            )
            for item in PlanItem.objects.filter(
                plan=plan, source_document__format=KIND
            ).select_related("source_document")
        },
        "indicators": {
            i.key: (i.name, i.notes, i.source, i.unit, i.territorial_level, key_of.get(i.item_id))
            for i in Indicator.objects.filter(plan=plan)
        },
        "values": sorted(
            (m.indicator.key, m.year, m.reported_year, m.as_printed, m.value)
            for m in Measurement.objects.filter(indicator__plan=plan).select_related("indicator")
        ),
        "links": sorted(
            (key_of[f], key_of[t], kind, origin)
            for f, t, kind, origin in Link.objects.filter(
                from_item__plan=plan, source_document__format=KIND
            ).values_list("from_item_id", "to_item_id", "kind", "origin")
        ),
        "statements": sorted(
            (document, model, object_id, repr(stated))
            for document, model, object_id, stated in Statement.objects.filter(
                document__format=KIND
            ).values_list("document__identity", "model", "object_id", "stated")
        ),
        "own": [
            model.objects.filter(source_document__format=KIND).count()
            for model in (
                ActionPlacement,
                ProjectMention,
                ProjectProfile,
                ItemTag,
                Survey,
                SurveyQuestion,
                SurveyOption,
                OpenAnswer,
                OpenAnswerLink,
            )
        ],
    }


def test_the_next_editions_preliminary_report_keeps_what_the_monitoring_stated(
    empty_db: None, tmp_path: Path
) -> None:
    import_file(FIRST_YEAR)
    import_file(SECOND_YEAR)
    before = snapshot_of_monitoring()
    reports = {year: published(year, tmp_path) for year in (2024, 2025)}

    result = import_file(NEXT_PRELIMINARY)

    assert result.document.identity == "cmto/psm-preliminare/2027-2029"
    assert snapshot_of_monitoring() == before
    assert {year: published(year, tmp_path) for year in (2024, 2025)} == reports
    # The report states the previous edition's strategies it cites: those the monitoring
    # stated keep the monitoring's words (the report's own are on its statement), two it
    # cites that the monitoring does not print are added; the evidence hangs on them.
    plan = psm_plan()
    cited = PlanItem.objects.filter(
        plan=plan,
        pk__in=Statement.objects.filter(document=result.document, model="plans.planitem").values(
            "object_id"
        ),
    )
    assert cited.filter(level=PlanItem.Level.STRATEGIA).count() == 24
    assert sorted(cited.filter(source_document=result.document).values_list("key", flat=True)) == [
        "strategia-1.6", "strategia-1.7",
    ]  # fmt: skip
    assert StrategyEvidence.objects.filter(item__plan=plan).count() == 24
    strategy = PlanItem.objects.get(plan=plan, key="strategia-1.2")
    own = Statement.objects.get(
        document=result.document, model="plans.planitem", object_id=strategy.pk
    )
    assert strategy.title.startswith("Stimolare l’innovazione e la competitività")
    assert own.stated["title"].startswith("Promuovere digitalizzazione, robotica e ICT")
    # The new edition's preliminary phase is its own plan.
    assert Plan.objects.filter(code="2027-2029-fase-preliminare").count() == 1


def natural_dump() -> dict[str, Any]:
    """The data the three documents hold, by natural keys (ids differ between import orders)."""
    items = {
        pk: (plan, key) for pk, plan, key in PlanItem.objects.values_list("pk", "plan__code", "key")
    }
    indicators = dict(Indicator.objects.values_list("pk", "key"))
    links = {
        pk: (items[f], items[t], kind)
        for pk, f, t, kind in Link.objects.values_list("pk", "from_item_id", "to_item_id", "kind")
    }
    objects = {"plans.planitem": items, "indicators.indicator": indicators, "plans.link": links}
    objects["plans.plan"] = dict(Plan.objects.values_list("pk", "code"))
    objects["plans.itemtag"] = {
        pk: (items[i], term)
        for pk, i, term in ItemTag.objects.values_list("pk", "item_id", "term__code")
    }
    objects["monitoring.projectprofile"] = {
        pk: items[i] for pk, i in ProjectProfile.objects.values_list("pk", "item_id")
    }
    dump: dict[str, Any] = {
        "plans": sorted(
            Plan.objects.values_list(
                "code",
                "title",
                "period_start",
                "period_end",
                "edition",
                "source_document__identity",
            )
        ),
        "items": sorted(
            (items[pk], level, code, title, description, items.get(parent), position, document)
            for pk, level, code, title, description, parent, position, document in PlanItem.objects.values_list(
                "pk",
                "level",
                "code",
                "title",
                "description",
                "parent_id",
                "position",
                "source_document__identity",
            )
        ),
        "links": sorted(
            (links[pk], origin, document)
            for pk, origin, document in Link.objects.values_list(
                "pk", "origin", "source_document__identity"
            )
        ),
        "indicators": sorted(
            (key, name, notes, items.get(item), position, document)
            for key, name, notes, item, position, document in Indicator.objects.values_list(
                "key", "name", "notes", "item_id", "position", "source_document__identity"
            )
        ),
        "values": sorted(
            (indicators[i], year, reported, printed, value, document)
            for i, year, reported, printed, value, document in Measurement.objects.values_list(
                "indicator_id",
                "year",
                "reported_year",
                "as_printed",
                "value",
                "source_document__identity",
            )
        ),
        "statements": sorted(
            (document, model, repr(objects[model][object_id]), line, repr(sorted(stated.items())))
            for document, model, object_id, line, stated in Statement.objects.values_list(
                "document__identity", "model", "object_id", "line", "stated"
            )
        ),
        "placements": sorted(
            (items[a], block, document)
            for a, block, document in ActionPlacement.objects.values_list(
                "action_id", "block", "source_document__identity"
            )
        ),
        "mentions": sorted(
            (items[p], items[s], position, text, document)
            for p, s, position, text, document in ProjectMention.objects.values_list(
                "project_id", "strategy_id", "position", "text", "source_document__identity"
            )
        ),
        "surveys": [
            survey_as_stored(year)[1:]
            for year in Survey.objects.order_by("monitoring_year").values_list(
                "monitoring_year", flat=True
            )
        ],
        "evidence": sorted(
            (items[i], level, document)
            for i, level, document in StrategyEvidence.objects.values_list(
                "item_id", "level", "source_document__identity"
            )
        ),
    }
    return dump


def test_a_second_import_of_each_changes_nothing(empty_db: None) -> None:
    for document in (FIRST_YEAR, SECOND_YEAR, NEXT_PRELIMINARY):
        import_file(document)
    before = natural_dump()
    for document in (FIRST_YEAR, SECOND_YEAR, NEXT_PRELIMINARY):
        counts = import_file(document).counts
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), document[0].name
    assert natural_dump() == before


@pytest.mark.parametrize(
    "order",
    [
        (SECOND_YEAR, FIRST_YEAR, NEXT_PRELIMINARY),
        (NEXT_PRELIMINARY, SECOND_YEAR, FIRST_YEAR),
        (FIRST_YEAR, NEXT_PRELIMINARY, SECOND_YEAR),
    ],
    ids=["years-reversed", "preliminary-first", "preliminary-between"],
)
def test_importing_in_another_order_gives_the_same_data(
    empty_db: None, tmp_path: Path, order: tuple[tuple[Path, str], ...]
) -> None:
    for document in (FIRST_YEAR, SECOND_YEAR, NEXT_PRELIMINARY):
        import_file(document)
    expected = natural_dump()
    reports = {year: published(year, tmp_path) for year in (2024, 2025)}
    empty_the_database()

    for document in order:
        import_file(document)

    assert natural_dump() == expected
    assert {year: published(year, tmp_path) for year in (2024, 2025)} == reports


def test_a_monitoring_that_does_not_say_its_year_is_refused(empty_db: None, tmp_path: Path) -> None:
    """Each year keeps its own values and survey: a report of no known year would be
    filed under a guessed one. It is refused, naming the file, and nothing is written."""
    import_file(FIRST_YEAR)
    before = natural_dump()
    text = PSM_MONITORING_SEED.read_text(encoding="utf-8").replace(
        "relativa al primo anno di operatività del Piano Strategico Metropolitano 2024-2026.",
        "relativa al Piano Strategico Metropolitano 2024-2026.",
    )
    unknown_year = tmp_path / "monitoraggio_senza_anno.txt"
    unknown_year.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "--format", KIND, str(unknown_year)])
    assert result.exit_code == 1
    assert (
        "monitoraggio_senza_anno.txt: l'anno monitorato non è indicato nel documento"
        in result.output
    )
    assert natural_dump() == before
    assert SourceDocument.objects.filter(format=KIND).count() == 1
