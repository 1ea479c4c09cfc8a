"""The search on PostgreSQL goes through a GIN full-text index over the stems and finds
exactly what it finds on SQLite (run on both databases, as bin/test does)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cruscotto.loaders.common import LoadResult
from cruscotto.search.models import SearchEntry
from cruscotto.search.postgresql import INDEX_NAME, StemsMatch
from cruscotto.search.services import search, stem_text

pytestmark = pytest.mark.django_db

# One word, two words, a word and a year, a word found in titles and texts alike.
QUERIES = ["scuola", "servizi sociali", "attività 2023", "piano", "trasporto pubblico locale"]


def entries_holding(query: str) -> set[int]:
    """The entries whose stems hold every stem of `query`, read row by row in Python."""
    stems = stem_text(query)
    return {
        pk
        for pk, entry_stems in SearchEntry.objects.values_list("pk", "stems")
        if all(f" {stem} " in entry_stems for stem in stems)
    }


@pytest.mark.parametrize("query", QUERIES)
def test_the_search_finds_exactly_the_entries_holding_every_word(
    seeded_db: LoadResult, query: str
) -> None:
    expected = entries_holding(query)
    assert expected, query  # the seed holds each of these words
    assert {result.entry.pk for result in search(query)} == expected


def test_on_postgresql_the_full_text_index_answers_the_search(seeded_db: LoadResult) -> None:
    with CaptureQueriesContext(connection) as queries:
        search("servizi sociali")
    (sql,) = [query["sql"] for query in queries.captured_queries if "stems" in query["sql"]]
    if connection.vendor == "postgresql":
        # The search asks the condition the index is built on ...
        assert "to_tsvector('simple'::regconfig" in sql
        # ... and the index answers that condition. Only the condition: with statistics of a
        # seed this small (an import analyses its tables) the planner rightly starts the
        # whole search from the plans' side.
        condition_only = SearchEntry.objects.filter(StemsMatch(stem_text("servizi sociali")))
        condition_sql, params = condition_only.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            # A table this small is read whole anyway: forbid that, to see the index is usable.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {condition_sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert INDEX_NAME in plan
    else:  # SQLite: no GIN index, the stems are read with LIKE
        assert "to_tsvector" not in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            assert INDEX_NAME not in {row[0] for row in cursor.fetchall()}
