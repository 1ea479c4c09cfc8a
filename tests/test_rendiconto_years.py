"""Every year kept: the rendiconto of 2026 adds its esercizio and leaves 2025's as stated."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from cruscotto.core.models import AuditEntry, SourceDocument, Statement, UserEdit
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Link, PlanItem, Responsibility, StatusReport, Term
from cruscotto.reports.services.controllo_strategico import build_strategic_control_report
from cruscotto.reports.services.exports import STRATEGIC_CONTROL_FORMATS
from empty_database import empty_the_database
from imported_once import imported_once
from rendiconto_editions import EditionChanges, next_year_edition

ImportText = Callable[[str, str], LoadResult]


@pytest.fixture(scope="session")
def next_edition(rendiconto_text: str) -> tuple[str, EditionChanges]:
    return next_year_edition(rendiconto_text)


def import_into(directory: Path, name: str, text: str) -> LoadResult:
    """Import `text` as the file `name` (written in `directory`), as `cruscotto import` does."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    source = SourceFile.read(path)
    fmt = FORMATS["rendiconto"]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


@imported_once
def rendiconto_2025(
    empty_db: None, rendiconto_text: str, tmp_path_factory: pytest.TempPathFactory
) -> LoadResult:
    """The seed imported as the rendiconto of 2025, where every test here starts: once for
    the module's tests, not once for each."""
    return import_into(
        tmp_path_factory.mktemp("rendiconti"), "rendiconto-2025.txt", rendiconto_text
    )


@pytest.fixture
def import_text(rendiconto_2025: LoadResult, tmp_path: Path) -> ImportText:
    """Import `text` as the file `name`, as `cruscotto import` does, over the 2025 edition."""

    def import_text(name: str, text: str) -> LoadResult:
        return import_into(tmp_path, name, text)

    return import_text


def published(year: int) -> dict[str, object]:
    """The report of `year` as published: HTML and text, every XLSX cell. Built once and
    rendered in each format, as `export_strategic_control` renders it (tests/test_reports.py
    checks that function's output)."""
    report = build_strategic_control_report("torino", year)
    rendered = {name: STRATEGIC_CONTROL_FORMATS[name].render(report) for name in ("html", "txt")}
    xlsx = STRATEGIC_CONTROL_FORMATS["xlsx"].render(report)
    assert isinstance(xlsx, bytes)
    workbook = load_workbook(io.BytesIO(xlsx))
    return {
        **rendered,
        "xlsx": {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        },
    }


def status_history(key: str) -> list[tuple[int, str]]:
    return list(
        StatusReport.objects.filter(responsibility__item__key=key)
        .order_by("year")
        .values_list("year", "status_as_printed")
    )


def test_the_next_year_adds_its_esercizio_and_keeps_the_first(
    import_text: ImportText, rendiconto_text: str, next_edition: tuple[str, EditionChanges]
) -> None:
    text_2026, changes = next_edition
    before = published(2025)

    result = import_text("rendiconto-2026.txt", text_2026)

    assert result.document.identity == "torino/rendiconto/2026"
    assert published(2025) == before
    # Each esercizio's status, as its report prints it; the current one is the latest.
    assert status_history("M01.P01.a") == [(2025, "In corso"), (2026, "Concluso")]
    assert Responsibility.objects.get(item__key="M01.P01.a").status_as_printed == "Concluso"
    assert status_history("M01.P01.d") == [(2025, "In corso"), (2026, "In corso")]
    # The dropped activity is kept, stated only by 2025; the new one only by 2026.
    dropped = PlanItem.objects.get(key="M01.P01.j")
    added = PlanItem.objects.get(key="M01.P01.zz")
    documents = {d.reference_year: d for d in SourceDocument.objects.filter(format="rendiconto")}
    assert set(statements_of(dropped)) == {documents[2025].pk}
    assert set(statements_of(added)) == {documents[2026].pk}
    assert dropped.source_document_id == documents[2025].pk
    report_2025 = build_strategic_control_report("torino", 2025)
    report_2026 = build_strategic_control_report("torino", 2026)
    assert "j" in letters_of(report_2025, "1", "1") and "zz" not in letters_of(
        report_2025, "1", "1"
    )
    assert "j" not in letters_of(report_2026, "1", "1") and "zz" in letters_of(
        report_2026, "1", "1"
    )
    # The log of each year's report: 2026's adds its entry; 2025's is as it was.
    first_2026 = report_2026.programmi[0].activities[0]
    first_2025 = report_2025.programmi[0].activities[0]
    assert [line.years for line in first_2026.rows[0].log][-1] == "2026"
    assert [line.years for line in first_2025.rows[0].log][-1] == "2025"
    assert first_2026.concluded and not first_2025.concluded
    assert report_2026.todo_label.endswith("gennaio 2027 – fine mandato")
    # Values: 2026's column filled, a 2025 value revised by 2026 only.
    revised = Indicator.objects.get(key="M01.P01/vp/a.1")
    assert dict(
        Measurement.objects.filter(indicator=revised, year=2025).values_list(
            "reported_year", "as_printed"
        )
    ) == {2025: "0", 2026: "11"}
    latest = {m.year: m.as_printed for m in Measurement.objects.as_of().filter(indicator=revised)}
    assert latest[2025] == "11" and latest[2026] == "10"
    as_of_2025 = Measurement.objects.as_of(2025).filter(indicator=revised)
    assert {m.year: m.as_printed for m in as_of_2025}[2025] == "0"
    assert len(changes.filled) == 5


def test_a_second_import_of_either_year_changes_nothing(
    import_text: ImportText, rendiconto_text: str, next_edition: tuple[str, EditionChanges]
) -> None:
    text_2026, _ = next_edition
    import_text("rendiconto-2026.txt", text_2026)
    for name, text in [
        ("rendiconto-2025.txt", rendiconto_text),
        ("rendiconto-2026.txt", text_2026),
    ]:
        counts = import_text(name, text).counts
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), name


def test_the_order_of_the_imports_does_not_matter(
    import_text: ImportText, rendiconto_text: str, next_edition: tuple[str, EditionChanges]
) -> None:
    text_2026, _ = next_edition
    import_text("rendiconto-2026.txt", text_2026)
    in_order = {2025: published(2025), 2026: published(2026)}
    history = status_history("M01.P01.a")

    empty_the_database()
    import_text("rendiconto-2026.txt", text_2026)
    import_text("rendiconto-2025.txt", rendiconto_text)

    assert published(2025) == in_order[2025]
    assert published(2026) == in_order[2026]
    assert status_history("M01.P01.a") == history
    # The latest esercizio's wording stays the current one.
    assert Responsibility.objects.get(item__key="M01.P01.a").status_as_printed == "Concluso"


def test_a_revision_removes_what_only_it_stated_but_not_what_a_user_holds(
    import_text: ImportText, rendiconto_text: str
) -> None:
    # Two activities of one row each: one a user linked, one nobody holds.
    held, free = (PlanItem.objects.get(key=key) for key in ["M01.P01.j", "M01.P01.k"])
    dropped = {held.source_line, free.source_line}
    assert all(
        f"\t{item.code}\t" in rendiconto_text.split("\n")[item.source_line - 1]
        for item in [held, free]
    )  # type: ignore[operator]
    mandate_line = PlanItem.objects.filter(level=PlanItem.Level.LINEA).first()
    assert mandate_line is not None
    Link.objects.create(
        from_item=held, to_item=mandate_line, kind=Link.Kind.REFERS_TO, origin=Link.Origin.USER
    )
    revision = "\n".join(
        line for number, line in enumerate(rendiconto_text.split("\n"), 1) if number not in dropped
    )

    result = import_text("rendiconto-2025-corretto.txt", revision)

    assert result.document.identity == "torino/rendiconto/2025"
    assert not PlanItem.objects.filter(pk=free.pk).exists()
    assert not Statement.objects.filter(model="plans.planitem", object_id=free.pk).exists()
    # Kept with the user's link, stated by no document any more.
    assert PlanItem.objects.filter(pk=held.pk).exists()
    assert Link.objects.filter(from_item=held, origin=Link.Origin.USER).count() == 1
    assert statements_of(held) == []


def test_the_item_page_shows_the_latest_year_and_any_earlier_one(
    import_text: ImportText,
    rendiconto_text: str,
    next_edition: tuple[str, EditionChanges],
    client: Client,
) -> None:
    import_text("rendiconto-2026.txt", next_edition[0])
    item = PlanItem.objects.get(key="M01.P01.a")

    latest = client.get(f"/voci/{item.pk}/").content.decode()
    earlier = client.get(f"/voci/{item.pk}/?anno=2025").content.decode()

    assert "Stato per esercizio: 2025 In corso · 2026 Concluso" in latest
    assert badge(latest) == "Concluso" and badge(earlier) == "In corso"
    assert "Attività conclusa nell&#x27;esercizio." in latest
    assert "Attività conclusa nell&#x27;esercizio." not in earlier
    dropped = PlanItem.objects.get(key="M01.P01.j")
    page = client.get(f"/voci/{dropped.pk}/").content.decode()
    assert "Non presente in" in page and "(2026)" in page


def badge(page: str) -> str:
    start = page.index('class="badge status')
    return page[page.index(">", start) + 1 : page.index("</span>", start)]


def statements_of(item: PlanItem) -> list[int]:
    return list(
        Statement.objects.filter(model="plans.planitem", object_id=item.pk).values_list(
            "document_id", flat=True
        )
    )


def letters_of(report: object, missione: str, programma: str) -> list[str]:
    programmi = report.programmi  # type: ignore[attr-defined]
    found = next(p for p in programmi if p.missione_code == missione and p.code == programma)
    return [activity.letter for activity in found.activities]


def test_a_status_a_user_changed_stays_through_reimports(
    import_text: ImportText, rendiconto_text: str, admin_client: Client
) -> None:
    report = StatusReport.objects.get(responsibility__item__key="M01.P01.b", year=2025)
    concluded = Term.objects.get(taxonomy__code="stato", code="concluso")

    url = f"/admin/plans/statusreport/{report.pk}/change/"
    opened = form_data(admin_client.get(url))  # the record's version as the form shows it
    response = admin_client.post(
        url,
        {
            "record_version": opened["record_version"],
            "responsibility": report.responsibility_id,
            "year": 2025,
            "status": concluded.pk,
            "status_as_printed": "Concluso (verificato)",
            "source_document": report.source_document_id,
            "source_line": report.source_line,
        },
    )

    assert response.status_code == 302
    edits = UserEdit.objects.filter(model="plans.statusreport", object_id=report.pk)
    assert sorted(edits.values_list("field", "before", "after")) == [
        ("status_as_printed", "In corso", "Concluso (verificato)"),
        ("status_id", report.status_id, concluded.pk),
    ]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECORD_EDITED).count() == 1
    # The current status follows the latest esercizio's, the user's included.
    current = Responsibility.objects.get(pk=report.responsibility_id)
    assert current.status_as_printed == "Concluso (verificato)"
    for _ in range(2):
        result = import_text("rendiconto-2025.txt", rendiconto_text)
        kept = [d for d in result.diagnostics if d.code == "user_value_kept"]
        assert len(kept) == 2 and all(d.line == report.source_line for d in kept)
    report.refresh_from_db()
    assert (report.status_id, report.status_as_printed) == (concluded.pk, "Concluso (verificato)")
    assert result.counts.changed == 0
    activity = build_strategic_control_report("torino", 2025).programmi[0].activities[1]
    assert activity.rows[0].status == "Concluso (verificato)"


def test_a_document_is_not_deleted_from_the_admin(
    rendiconto_2025: LoadResult, admin_client: Client
) -> None:
    """Deleting it would cascade to every record it was the source of, other documents' too."""
    document = rendiconto_2025.document
    before = PlanItem.objects.count()

    response = admin_client.post(
        f"/admin/core/sourcedocument/{document.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert SourceDocument.objects.filter(pk=document.pk).exists()
    assert PlanItem.objects.count() == before


def test_a_value_a_user_changed_in_an_inline_stays_through_reimports(
    import_text: ImportText, rendiconto_text: str, admin_client: Client
) -> None:
    indicator = Indicator.objects.get(key="M01.P01/vp/a.1")
    url = f"/admin/indicators/indicator/{indicator.pk}/change/"
    data = form_data(admin_client.get(url))
    changed = next(k for k, v in data.items() if k.endswith("-as_printed") and v == "4")
    data[changed] = "5"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content[:2000]
    value = Measurement.objects.get(indicator=indicator, year=2022, reported_year=2025)
    assert value.as_printed == "5"
    assert list(
        UserEdit.objects.filter(model="indicators.measurement").values_list(
            "object_id", "field", "before", "after"
        )
    ) == [(value.pk, "as_printed", "4", "5")]
    assert UserEdit.objects.count() == 1  # the indicator and the other values, posted unchanged
    result = import_text("rendiconto-2025.txt", rendiconto_text)
    value.refresh_from_db()
    assert value.as_printed == "5"
    assert [d.code for d in result.diagnostics if d.line == value.source_line] == [
        "user_value_kept"
    ]


def form_data(response: Any) -> dict[str, Any]:
    """What the admin's change form would post back unchanged: the form's and its inlines'."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, list | dict):
                value = json.dumps(value)
            data[form.add_prefix(name)] = value
    return data
