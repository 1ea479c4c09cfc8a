"""Search as a citizen uses it: facets by year and status that combine with the others,
the matched words marked (and nothing a query holds run as markup), every result's plan
named so that two plans of the same title differ, and a page of a fixed number of queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from cruscotto.domain.diagnostics import Severity
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import detect_source_format
from cruscotto.plans.models import LogEntry, Plan, PlanItem, Responsibility, StatusReport
from cruscotto.search import services as search_services
from cruscotto.search.services import (
    PAGE_SIZE,
    SearchFilters,
    highlight,
    search,
    search_page,
    snippet,
    stem_text,
    stem_word,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def matching_items(query: str) -> set[int]:
    """The plan items whose title, description or actions hold every word of `query`."""
    stems = stem_text(query)
    found = set()
    for item in PlanItem.objects.prefetch_related(
        "responsibilities__log", "responsibilities__org_unit"
    ):
        words = [item.title, item.description]
        for responsibility in item.responsibilities.all():
            for entry in responsibility.log.all():
                words += [responsibility.org_unit.name, entry.text]
        text_stems = set(stem_text(" ".join(words)))
        if all(stem in text_stems for stem in stems):
            found.add(item.pk)
    return found


def concluded(items: set[int]) -> set[int]:
    return set(
        Responsibility.objects.filter(
            item__in=items, role=Responsibility.Role.RESPONSIBLE, status__code="concluso"
        ).values_list("item_id", flat=True)
    )


def of_year(items: set[int], year: int) -> set[int]:
    logged = LogEntry.objects.filter(
        responsibility__item__in=items, year_from__lte=year, year_to__gte=year
    ).values_list("responsibility__item_id", flat=True)
    reported = StatusReport.objects.filter(responsibility__item__in=items, year=year).values_list(
        "responsibility__item_id", flat=True
    )
    own = set(logged) | set(reported)
    # A record that names no year of its own is of its plan's period.
    dated = set(
        LogEntry.objects.filter(
            responsibility__item__in=items, year_from__isnull=False
        ).values_list("responsibility__item_id", flat=True)
    ) | set(
        StatusReport.objects.filter(responsibility__item__in=items).values_list(
            "responsibility__item_id", flat=True
        )
    )
    undated = PlanItem.objects.filter(pk__in=items - dated)
    in_period = undated.filter(plan__period_start__lte=year, plan__period_end__gte=year)
    return own | set(in_period.values_list("pk", flat=True))


def result_links(html: str) -> list[str]:
    return re.findall(r'<a href="/(?:voci|indicatori)/(\d+)/">', html)


def test_year_and_status_facets_count_the_matches_and_combine_with_the_others(
    seeded_db: LoadResult, client: Client
) -> None:
    query = "scuola"
    items = matching_items(query)
    page = search_page(query, SearchFilters(kind="item"))
    statuses = {facet.label: facet.count for facet in page.statuses}
    assert statuses["Concluso"] == len(concluded(items))
    assert set(statuses) <= {"In corso", "Concluso", "Avviato"}
    years = {facet.value: facet.count for facet in page.years}
    assert years["2024"] == len(of_year(items, 2024))
    assert [int(year) for year in years] == sorted(map(int, years), reverse=True)

    both = concluded(items) & of_year(items, 2024)
    html = client.get(
        "/cerca", {"q": query, "tipo": "item", "stato": "concluso", "anno": "2024"}
    ).content.decode()
    assert f"{len(both)} risultati per «{query}»" in html
    assert {int(pk) for pk in result_links(html)} == both
    # Each facet counts what choosing it would give with the other filters kept.
    narrowed = search_page(query, SearchFilters(kind="item", status="concluso"))
    assert {f.value: f.count for f in narrowed.years}["2024"] == len(both)
    chosen = [f for f in narrowed.statuses if f.selected]
    assert [(f.label, f.count) for f in chosen] == [("Concluso", len(concluded(items)))]
    # Dropping the status keeps the kind and the year.
    assert chosen[0].query == f"q={query}&tipo=item"
    assert "q=scuola&amp;tipo=item&amp;anno=2024" in html


def test_the_matched_words_are_marked_in_titles_and_snippets(
    seeded_db: LoadResult, client: Client
) -> None:
    html = client.get("/cerca", {"q": "scuole"}).content.decode()
    marked = re.findall(r"<mark>([^<]*)</mark>", html)
    assert marked and {stem_word(word.lower()) for word in marked} == {"scuol"}
    # A word matched only in what the activity's units did is shown there, marked.
    snippets = re.findall(r'<span class="small">(.*?)</span></li>', html, re.S)
    assert any("<mark>" in text for text in snippets)


def test_markup_in_a_query_or_a_text_is_shown_not_run(
    seeded_db: LoadResult, client: Client
) -> None:
    html = client.get("/cerca", {"q": "<script>alert(1)</script> scuola"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; scuola" in html
    marked = highlight(
        '<script>alert("x")</script> Scuole & <b>scuola</b>', stem_text("script scuola")
    )
    assert marked == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; "
        "<mark>Scuole</mark> &amp; &lt;b&gt;<mark>scuola</mark>&lt;/b&gt;"
    )


def test_a_snippet_is_cut_around_the_first_matched_word() -> None:
    text = " ".join(["parola"] * 60 + ["scuole"] + ["altro"] * 60)
    cut = snippet(text, stem_text("scuola"), length=100)
    assert cut.startswith("…") and cut.endswith("…") and "scuole" in cut
    assert len(cut) <= 102


def test_two_plans_of_the_same_title_are_told_apart(seeded_db: LoadResult, client: Client) -> None:
    path = SAMPLES / "002_a40a8705e1971a15.txt"
    source = SourceFile.read(path)
    document_format = detect_source_format(source)
    assert document_format is not None
    result = document_format.import_document(
        document_format.parse(source.text), source, "test", SilentProgress()
    )
    assert not [d for d in result.diagnostics if d.severity == Severity.ERROR]
    mandates = list(Plan.objects.filter(kind=Plan.Kind.MANDATO).select_related("ente"))
    assert len(mandates) == 2 and mandates[0].title == mandates[1].title

    page = search_page("scuola", SearchFilters())
    labels = {facet.value: facet.label for facet in page.plans}
    for plan in mandates:
        assert labels[str(plan.pk)] == f"{plan.title} ({plan.ente.name})"
    html = client.get("/cerca", {"q": "sviluppo", "piano": mandates[1].pk}).content.decode()
    assert f"· {mandates[1].title} ({mandates[1].ente.name})</span>" in html
    assert f"· {mandates[0].title} ({mandates[0].ente.name})</span>" not in html


@pytest.mark.parametrize("parameters", [{}, {"tipo": "item", "anno": "2024", "stato": "in_corso"}])
def test_the_search_page_makes_a_fixed_number_of_queries(
    seeded_db: LoadResult,
    client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    parameters: dict[str, str],
) -> None:
    # The matches counted in groups, the enti of their plans, the page's entries, the plans
    # named, the status names: the same for 3 results or 500.
    for query in ["scuola", "attività"]:
        with django_assert_num_queries(5):
            response = client.get("/cerca", {"q": query, **parameters})
        assert response.status_code == 200


def ranked_by_hand(query: str, filters: SearchFilters) -> list[int]:
    """Every entry `query` finds and `filters` keep, in the results' order: the title
    holding every word first, plan items before indicators, then by plan and entry."""
    kinds = {"item": 0, "indicator": 1}
    kept = [
        result
        for result in search(query)
        if (not filters.kind or result.entry.kind == filters.kind)
        and (filters.year is None or f" {filters.year} " in result.entry.years)
        and (not filters.status or f" {filters.status} " in result.entry.statuses)
        and (filters.plan is None or result.entry.plan_id == filters.plan)
    ]
    kept.sort(
        key=lambda result: (
            not result.in_title,
            kinds[result.entry.kind],
            result.entry.plan_id,
            result.entry.pk,
        )
    )
    return [result.entry.pk for result in kept]


@pytest.mark.parametrize(
    "filters", [SearchFilters(), SearchFilters(kind="item", year=2024), SearchFilters(year=2023)]
)
def test_the_pages_of_results_are_every_match_ranked_once(
    seeded_db: LoadResult, filters: SearchFilters
) -> None:
    """Each page is read from the plans the counted groups say hold it: together the pages
    are every match, in rank order, each once."""
    import_sample("002_a40a8705e1971a15.txt")  # a second ente's mandate: matches in two enti
    for query in ["scuola", "attività", "sviluppo"]:
        expected = ranked_by_hand(query, filters)
        first = search_page(query, filters)
        assert first.total == len(expected) > PAGE_SIZE, query
        shown: list[int] = []
        for number in range(1, first.pages + 1):
            page = search_page(query, filters, number)
            assert (page.page, page.total) == (number, len(expected))
            shown += [result.entry.pk for result in page.results]
            assert all(
                result.in_title == (query_stems_in(result.entry.title_stems, query))
                for result in page.results
            )
        assert shown == expected, query


def query_stems_in(title_stems: str, query: str) -> bool:
    return all(f" {stem} " in title_stems for stem in stem_text(query))


def test_a_facet_lists_the_values_with_most_matches_and_counts_the_others(
    seeded_db: LoadResult, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_sample("002_a40a8705e1971a15.txt")
    everything = search_page("sviluppo", SearchFilters())
    plans = {facet.value: facet.count for facet in everything.plans}
    assert len(plans) >= 3 and everything.more_plans == 0
    monkeypatch.setattr(search_services, "FACET_VALUES", 1)
    page = search_page("sviluppo", SearchFilters())
    most = max(plans.values())
    assert [(facet.value, facet.count) for facet in page.plans] == [
        (value, count) for value, count in plans.items() if count == most
    ][:1]
    assert page.more_plans == len(plans) - 1
    assert len(page.enti) == 1 and page.more_enti == len(everything.enti) - 1
    # A plan chosen is listed, whatever its count, with the way to drop it.
    fewest = min(plans, key=lambda value: plans[value])
    chosen = search_page("sviluppo", SearchFilters(plan=int(fewest)))
    assert fewest in [facet.value for facet in chosen.plans if facet.selected]
    assert chosen.total == plans[fewest]
    html = client.get("/cerca", {"q": "sviluppo"}).content.decode()
    assert f"e altri {len(plans) - 1} con meno risultati" in html


def import_sample(name: str) -> None:
    source = SourceFile.read(SAMPLES / name)
    document_format = detect_source_format(source)
    assert document_format is not None
    document_format.import_document(
        document_format.parse(source.text), source, "test", SilentProgress()
    )
