"""Each public page renders in a fixed number of SQL queries: a table of addresses and the
most queries each may make, on the imported seed, with the page cache off (what a page
costs when it is rendered). A page that starts reading per item or per value breaks it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cruscotto.core.models import SourceDocument
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem

pytestmark = pytest.mark.django_db


def dup() -> Plan:
    return Plan.objects.get(kind=Plan.Kind.DUP)


def first_item(level: str) -> PlanItem:
    found = PlanItem.objects.filter(plan=dup(), level=level).order_by("pk").first()
    assert found is not None, level
    return found


def an_indicator() -> Indicator:
    found = Indicator.objects.order_by("pk").first()
    assert found is not None
    return found


def a_document() -> SourceDocument:
    found = SourceDocument.objects.order_by("pk").first()
    assert found is not None
    return found


# Address (built on the seed's records) → the most queries its page may make.
PAGES: list[tuple[Callable[[], str], int]] = [
    (lambda: "/", 1),
    (lambda: f"/enti/{dup().ente.code}/", 7),
    (lambda: f"/piani/{dup().pk}/", 6),
    (lambda: f"/piani/{dup().pk}/?livello=attivita", 7),
    (lambda: f"/piani/{dup().pk}/?tag=bilancio_118%3A01&stato=in_corso", 7),
    (lambda: f"/voci/{first_item(PlanItem.Level.PROGRAMMA).pk}/", 13),
    (lambda: f"/voci/{first_item(PlanItem.Level.ATTIVITA).pk}/", 13),
    (lambda: f"/indicatori/{an_indicator().pk}/", 3),
    (lambda: "/cerca?q=scuola", 4),
    (lambda: "/documenti/", 3),
    (lambda: "/documenti/sorgenti/", 1),
    (lambda: f"/documenti/sorgenti/{a_document().pk}/", 6),
    (lambda: "/tracciabilita/copertura/", 7),
    (lambda: "/tracciabilita/edizioni/", 1),
    # The linked plans are read first (traceability.services.trace.linked_plans), so that the
    # tree read is of those plans only: one query more, the time flat with the enti.
    (lambda: f"/tracciabilita/voci/{first_item(PlanItem.Level.ATTIVITA).pk}/", 5),
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
