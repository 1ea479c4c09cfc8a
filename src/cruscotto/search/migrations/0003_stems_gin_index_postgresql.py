"""A GIN index over the search entries' stems, on PostgreSQL only (search.postgresql).

SQLite has no GIN index: there the search reads the stems with LIKE, as before."""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEX_NAME = "search_entry_stems_fts"


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("search", "SearchEntry")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON {table} USING gin (to_tsvector('simple'::regconfig, stems))"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_entry_body_years_statuses"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
