"""PostgreSQL's full-text index over the stored Italian stems.

The stems are made in Python by Snowball's Italian stemmer (the one PostgreSQL's
`italian` configuration uses), accents folded, so that SQLite and PostgreSQL find the
same entries. On PostgreSQL a GIN index over the stems as a `tsvector` finds the entries
that hold every stem without reading the whole table. The `simple` configuration indexes
them as they are: `italian` would stem the stems a second time and drop its own stop
words, and PostgreSQL would then find entries SQLite does not.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Value
from django.db.models.sql.compiler import SQLCompiler

INDEX_NAME = "search_entry_stems_fts"
# The expression the index is built on; a query uses the same one, or the index is not used.
STEMS_VECTOR = "to_tsvector('simple'::regconfig, {column})"


class StemsMatch(Func):
    """True where an entry's stems hold every one of `stems` (PostgreSQL only): the
    condition the GIN index answers."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, stems: list[str]) -> None:
        super().__init__(F("stems"), Value(" ".join(stems)))

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column_expression, query_expression = self.get_source_expressions()
        column, column_params = compiler.compile(column_expression)
        query, query_params = compiler.compile(query_expression)
        sql = (
            f"{STEMS_VECTOR.format(column=column)} @@ plainto_tsquery('simple'::regconfig, {query})"
        )
        return sql, [*column_params, *query_params]
