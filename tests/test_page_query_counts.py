"""Each public page and API list renders in a fixed number of SQL queries: a table of
addresses and the most queries each may make, on the imported seed, with the page cache off
(what a page costs when it is rendered). A page that starts reading per item or per value
breaks it.

The same count whatever the data: every page is asked again after two more enti were
generated (bench/generate.py, through the loaders: their council, relazione, piano della
performance and campaign, and the PSM monitoring), and must make exactly as many queries as
on the seed alone. A page that reads per ente, per plan or per document breaks that.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cruscotto.core.models import Ente, SourceDocument
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.web.views import public, reports

pytestmark = pytest.mark.django_db

GENERATOR_PATH = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def dup() -> Plan:
    """The seed's DUP: the first imported, also once other enti have theirs."""
    found = Plan.objects.filter(kind=Plan.Kind.DUP).order_by("pk").first()
    assert found is not None
    return found


def first_item(level: str) -> PlanItem:
    found = PlanItem.objects.filter(plan=dup(), level=level).order_by("pk").first()
    assert found is not None, level
    return found


def an_indicator() -> Indicator:
    found = Indicator.objects.filter(plan=dup()).order_by("pk").first()
    assert found is not None
    return found


def a_document() -> SourceDocument:
    found = SourceDocument.objects.filter(ente=dup().ente).order_by("pk").first()
    assert found is not None
    return found


def seed_ente() -> str:
    return dup().ente.code


# Address (built on the seed's records) → the most queries its page may make.
PAGES: list[tuple[Callable[[], str], int]] = [
    # A page of enti counted (1), their plans with their item counts (2).
    (lambda: "/", 2),
    (lambda: f"/enti/{seed_ente()}/", 7),
    (lambda: f"/piani/{dup().pk}/", 6),
    (lambda: f"/piani/{dup().pk}/?livello=attivita", 7),
    (lambda: f"/piani/{dup().pk}/?tag=bilancio_118%3A01&stato=in_corso", 7),
    (lambda: f"/voci/{first_item(PlanItem.Level.PROGRAMMA).pk}/", 13),
    (lambda: f"/voci/{first_item(PlanItem.Level.ATTIVITA).pk}/", 13),
    (lambda: f"/indicatori/{an_indicator().pk}/", 3),
    # The matches counted in groups (search.services.search_page), their plans' enti, the
    # page's entries, the plans named, the status names.
    (lambda: "/cerca?q=scuola", 5),
    # A page of enti counted (1), the editions of each kind of document for them (2-4).
    (lambda: "/documenti/", 4),
    (lambda: f"/documenti/?ente={seed_ente()}", 5),
    (lambda: "/documenti/sorgenti/", 1),
    (lambda: f"/documenti/sorgenti/{a_document().pk}/", 6),
    (lambda: "/tracciabilita/copertura/", 7),
    (lambda: "/tracciabilita/edizioni/", 1),
    # The linked plans are read first (traceability.services.trace.linked_plans), so that the
    # tree read is of those plans only: one query more, the time flat with the enti.
    (lambda: f"/tracciabilita/voci/{first_item(PlanItem.Level.ATTIVITA).pk}/", 5),
    # An API read starts with the three queries of its validators (the data's version).
    (lambda: "/api/v1/piani/", 5),
    (lambda: "/api/v1/documenti/", 6),
    # The enti counted (4), a page of them (5), their plans and items (6), indicators (7)
    # and documents (8) counted.
    (lambda: "/api/v1/riepilogo/", 8),
    (lambda: f"/api/v1/riepilogo/?ente={seed_ente()}", 15),
    (lambda: "/api/v1/copertura/", 7),
    (lambda: "/api/v1/edizioni/", 4),
]


@pytest.mark.parametrize("address, max_queries", PAGES, ids=[str(n) for n in range(len(PAGES))])
def test_each_page_makes_a_bounded_number_of_queries(
    seeded_db: LoadResult,
    client: Client,
    django_assert_max_num_queries: Any,
    address: Callable[[], str],
    max_queries: int,
) -> None:
    url = address()
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200, url


def count_queries(client: Client) -> dict[str, int]:
    """Each page's queries, by address, asked after a first request (which may fill caches)."""
    counted = {}
    for address, _ in PAGES:
        url = address()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counted[url] = len(queries)
    return counted


def load_generator() -> ModuleType:
    """bench/generate.py as a module (the bench folder is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("scale_generator", GENERATOR_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_no_page_makes_more_queries_with_more_enti(
    seeded_db: LoadResult, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two enti a page, so that with more enti the lists of enti are paged too.
    monkeypatch.setattr(public, "ENTI_PER_PAGE", 2)
    monkeypatch.setattr(reports, "ENTI_PER_PAGE", 2)
    on_the_seed = count_queries(client)
    enti_before = Ente.objects.filter(plans__isnull=False).distinct().count()
    plans_before = Plan.objects.count()

    generation = load_generator().generate(2, 1, quiet=True)

    assert len(generation.enti) == 2
    assert Ente.objects.filter(plans__isnull=False).distinct().count() >= enti_before + 2
    assert Plan.objects.count() >= plans_before + 6
    with_more_enti = count_queries(client)
    assert with_more_enti == on_the_seed
    # The lists of enti are paged: the home and the documents show two enti and the way
    # to the others.
    home = client.get("/").content.decode()
    assert 'href="?pagina=2"' in home
    assert home.count("avanzamento, piani e documenti") == 2
    documents = client.get("/documenti/")
    listed = {
        edition.ente_code for _, editions in documents.context["kinds"] for edition in editions
    }
    assert len(listed) <= 2 and 'href="?pagina=2"' in documents.content.decode()
