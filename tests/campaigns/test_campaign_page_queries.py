"""The board and a unit's page cost the same number of queries whatever the campaign's size:
measured on two made-up enti (another ente than the seed's, of two sizes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.synthetic import build_synthetic_campaign

YEAR = 2031
# The board takes 7 and the unit page 10 in bench/campaign.py (50 units, 500 activities)
# with the session's; neither grows with the campaign.
MAX_QUERIES = 15


def page_queries(client: Client, user: Any, url: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_board_and_unit_page_queries_do_not_grow(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    counts = []
    for code, units, activities in (("piccolo", 3, 12), ("grande", 12, 96)):
        built = build_synthetic_campaign(code, units, activities, YEAR)
        campaign, ufficio, unit = built.campaign, built.ufficio, built.units[0]
        board = f"/riservata/campagne/{campaign.pk}/"
        page = f"/riservata/campagne/{campaign.pk}/unita/{unit_code(unit)}/"
        counts.append((page_queries(client, ufficio, board), page_queries(client, ufficio, page)))
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(board)
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(page)
    small, large = counts
    assert small == large, counts
