"""Navigation that answers questions: facets with counts, the bilancio's missioni and
programmi as filters, the filtered list as CSV and XLSX, on the imported seed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from openpyxl import load_workbook

from cruscotto.core.models import SourceDocument
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem, Responsibility, StatusReport, Taxonomy
from cruscotto.plans.services.browse import ItemFilters
from cruscotto.plans.services.facets import facet_items, load_plan_facts

pytestmark = pytest.mark.django_db

FOUND = re.compile(r"(\d+) voci trovate")
ITEM_LINK = re.compile(r'<a href="/voci/(\d+)/"><strong>')


def dup_plan() -> Plan:
    return Plan.objects.get(kind=Plan.Kind.DUP)


def activities_under(prefix: str, status: str = "") -> set[int]:
    """The activities whose key, built by the importer from the printed codes, starts with
    `prefix` ("M01." for Missione 1), and that a department answers for."""
    found = PlanItem.objects.filter(
        plan=dup_plan(), level=PlanItem.Level.ATTIVITA, key__startswith=prefix
    ).filter(responsibilities__isnull=False)
    if status:
        found = found.filter(
            responsibilities__role=Responsibility.Role.RESPONSIBLE,
            responsibilities__status__code=status,
        )
    return set(found.values_list("pk", flat=True))


def found_on_every_page(client: Client, url: str) -> tuple[int, list[int]]:
    """The count the page states and the items its pages list, following "Successiva"."""
    html = client.get(url).content.decode()
    match = FOUND.search(html)
    assert match is not None, url
    items = [int(pk) for pk in ITEM_LINK.findall(html)]
    while (following := re.search(r'href="\?([^"]*pagina=\d+)">Successiva', html)) is not None:
        html = client.get(url.split("?")[0] + "?" + following.group(1).replace("&amp;", "&"))
        html = html.content.decode()
        items += [int(pk) for pk in ITEM_LINK.findall(html)]
    return int(match.group(1)), items


def test_a_missione_of_the_bilancio_finds_the_activities_under_it(
    seeded_db: LoadResult, client: Client
) -> None:
    """Issue 16: "Missioni e programmi del bilancio" answered "0 voci trovate" because the
    missione is tagged, not its activities; an activity is in its programma's missione."""
    plan = dup_plan()
    for query, prefix, status in [
        ("tag=bilancio_118:01", "M01.", ""),
        ("tag=bilancio_118:01&stato=concluso", "M01.", "concluso"),
        ("tag=bilancio_118:01.02", "M01.P02.", ""),
        ("tag=bilancio_118:12&stato=in_corso", "M12.", "in_corso"),
    ]:
        expected = activities_under(prefix, status)
        assert expected, query  # the seed has them: the filter must find them
        count, items = found_on_every_page(client, f"/piani/{plan.pk}/?{query}")
        assert count == len(expected), query
        assert sorted(items) == sorted(expected), query


def test_missione_and_programma_are_facets_of_their_own(
    seeded_db: LoadResult, client: Client
) -> None:
    plan = dup_plan()
    html = client.get(f"/piani/{plan.pk}/?tag=bilancio_118:01").content.decode()
    assert '<label for="f-tag-bilancio_118-0" class="form-label">Missione</label>' in html
    assert '<label for="f-tag-bilancio_118-1" class="form-label">Programma</label>' in html
    missione_1 = len(activities_under("M01."))
    assert (
        f'<option value="bilancio_118:01" selected>01 – Servizi istituzionali, generali e di '
        f"gestione ({missione_1})</option>" in html
    )
    # Only the programmi of the chosen missione are offered, each with its count.
    programmi = re.findall(r'<option value="bilancio_118:(\d\d\.\d\d)" >[^<]* \((\d+)\)<', html)
    assert programmi and {code[:2] for code, _ in programmi} == {"01"}
    for code, count in programmi:
        assert int(count) == len(activities_under(f"M01.P{code[3:]}.")), code


def test_every_option_counts_what_choosing_it_finds(seeded_db: LoadResult) -> None:
    """Whatever is chosen, each option of each facet says how many items choosing it gives,
    and options that give none are not offered."""
    plan = dup_plan()
    facts = load_plan_facts(plan)
    for query in ["", "stato=concluso", "tag=gruppi-torino-mandato-2021-2026:1&anno=2023"]:
        filters = ItemFilters.from_query(QueryDict(query))
        result = facet_items(facts, filters)
        assert {facet.label for facet in result.facets} >= {
            "Stato",
            "Struttura",
            "Impatto",
            "Missione",
            "Programma",
            "Obiettivi di sviluppo sostenibile (Agenda 2030)",
            "Linea di mandato",
            "Anno",
        }
        for facet in result.facets:
            for option in facet.options:
                assert option.count > 0 or option.selected
                chosen = QueryDict(query, mutable=True)
                if facet.param == "tag":  # a tag of another facet stays
                    kept = [tag for tag in chosen.getlist("tag") if tag not in facet_values(facet)]
                    chosen.setlist("tag", [*kept, option.value])
                else:
                    chosen[facet.param] = option.value
                found = facet_items(facts, ItemFilters.from_query(chosen)).item_ids
                assert len(found) == option.count, (query, facet.label, option.label)


def facet_values(facet: Any) -> set[str]:
    return {option.value for option in facet.options}


def test_the_filtered_page_runs_the_same_few_queries_whatever_is_chosen(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    """Facets are counted from four queries, not one per option: choosing more filters or
    opening the tree page costs no more queries."""
    plan = dup_plan()
    for query in [
        "",
        "tag=bilancio_118:01",
        "tag=bilancio_118:01&tag=gruppi-torino-mandato-2021-2026:1&stato=concluso&anno=2024",
        "impatto=sociale&tag=sdg:11&linea=999999&pagina=2",
    ]:
        with django_assert_max_num_queries(9):
            response = client.get(f"/piani/{plan.pk}/?{query}")
        assert response.status_code == 200


def test_the_download_lists_every_item_the_filters_find(
    seeded_db: LoadResult, client: Client
) -> None:
    """The CSV and the XLSX carry the page's filters and list all its items, every page."""
    plan = dup_plan()
    query = "tag=bilancio_118:01"
    count, items = found_on_every_page(client, f"/piani/{plan.pk}/?{query}")
    assert count > 50  # more than one page
    html = client.get(f"/piani/{plan.pk}/?{query}").content.decode()
    assert f'href="?{query.replace(":", "%3A")}&amp;formato=xlsx"' in html

    response = client.get(f"/piani/{plan.pk}/?{query}&formato=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Livello", "Codice", "Voce"]
    assert [int(row[-1]) for row in rows[1:]] == items

    response = client.get(f"/piani/{plan.pk}/?{query}&formato=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    read_back = [row for row in sheet.iter_rows(values_only=True)]
    assert [int(str(row[-1])) for row in read_back[1:]] == items
    first = PlanItem.objects.get(pk=items[0])
    assert read_back[1][1] == first.code and read_back[1][2] == first.title
    assert str(read_back[1][3]).startswith("Missione 1 › Programma ")


def test_the_ente_home_shows_the_latest_progress_by_missione_and_group(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    plan = dup_plan()
    ente = plan.ente
    home = client.get("/").content.decode()
    assert f'href="/enti/{ente.code}/"' in home
    with django_assert_max_num_queries(8):
        response = client.get(f"/enti/{ente.code}/")
    html = response.content.decode()
    assert f"<h1>{ente.name}</h1>" in html
    latest = StatusReport.objects.filter(responsibility__item__plan=plan).order_by("-year")[0]
    assert f"esercizio {latest.year}, l'ultimo rendicontato" in html
    # Missione 1's row: every number is the count the plan page gives for the same filters.
    row = re.search(r'<tr><th scope="row">01 – [^<]*</th>(.*?)</tr>', html)
    assert row is not None
    concluded = f'href="/piani/{plan.pk}/?tag=bilancio_118%3A01&amp;stato=concluso">'
    assert f"{concluded}{len(activities_under('M01.', 'concluso'))}</a>" in row.group(1)
    total = f'href="/piani/{plan.pk}/?tag=bilancio_118%3A01">{len(activities_under("M01."))}<'
    assert total in row.group(1)
    links = re.findall(r'href="(/piani/\d+/\?[^"]+)">(\d+)</a>', html)
    groups = Taxonomy.objects.get(kind=Taxonomy.Kind.MANDATE_GROUPS)
    assert any(groups.code in url for url, _ in links)  # the mandate's groups too
    for url, count in links[:: max(1, len(links) // 12)]:
        page = client.get(url.replace("&amp;", "&")).content.decode()
        assert f"{count} voci trovate" in page, url
    for document in SourceDocument.objects.filter(ente=ente):
        assert f'href="/documenti/sorgenti/{document.pk}/"' in html
    assert client.get("/enti/ente-che-non-esiste/").status_code == 404


def test_the_unfiltered_plan_downloads_every_item_the_filters_choose_among(
    seeded_db: LoadResult, client: Client
) -> None:
    plan = dup_plan()
    html = client.get(f"/piani/{plan.pk}/").content.decode()
    assert 'href="?formato=csv"' in html
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/piani/{plan.pk}/?formato=csv").content.decode("utf-8-sig"))
        )
    )
    answered = PlanItem.objects.filter(plan=plan, responsibilities__isnull=False).exclude(
        level__in=[PlanItem.Level.MISSIONE, PlanItem.Level.PROGRAMMA]
    )
    assert sorted(int(row[-1]) for row in rows[1:]) == sorted(
        set(answered.values_list("pk", flat=True))
    )
