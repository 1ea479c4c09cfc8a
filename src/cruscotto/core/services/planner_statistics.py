"""The query planner's statistics brought up to date inside a write that added many rows.

PostgreSQL plans a query from statistics that autovacuum refreshes after a transaction
commits, and only once a tenth of a table has changed. An import writes hundreds of rows
under new keys (a new plan's id) and then, in the same transaction, reads them back
(derived links, search index, checks); the pages read them right after. Until the table
is analysed again the new id lies outside the statistics, the planner expects one row
where there are hundreds, and it chooses nested loops that scan a whole table per row: a
page query of a new plan measured 0.7-0.9 s instead of a few milliseconds. However large
the table, the new keys are missing from its statistics, so autovacuum's tenth is no
guide: PostgreSQL's advice after a bulk load is to run ANALYZE, and this does it for the
tables the transaction changed by more rows than autovacuum's base threshold (50). ANALYZE
in a transaction is part of it: rolled back (a dry run, a refused import), the columns'
statistics are as they were. SQLite keeps no statistics of this kind: nothing to do there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

# What this transaction changed in each table, and autovacuum's base threshold of changes
# before it analyses a table (its scale factor left out: see the module's docstring).
CHANGES_AND_THRESHOLDS = """
    SELECT quote_ident(schemaname) || '.' || quote_ident(relname),
           n_tup_ins + n_tup_upd + n_tup_del,
           current_setting('autovacuum_analyze_threshold')::float,
           pg_current_xact_id_if_assigned()::text
    FROM pg_stat_xact_user_tables
    WHERE n_tup_ins + n_tup_upd + n_tup_del > 0
    ORDER BY 1
"""


@dataclass
class AnalysedChanges:
    """The changes of one transaction its last ANALYZE saw, by table."""

    transaction_id: str | None = None
    changes: dict[str, int] = field(default_factory=dict)


def analyze_changed_tables() -> list[str]:
    """ANALYZE the tables this transaction changed past autovacuum's base threshold (PostgreSQL).

    Counted from the last time this transaction analysed the table: a transaction that
    imports several documents analyses a table again only when it has grown again. Returns
    the names. A table the database user does not own is skipped by PostgreSQL with a
    warning, not an error: the write goes on with the statistics it had.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(CHANGES_AND_THRESHOLDS)
        rows = cursor.fetchall()
        analysed = analysed_changes_of(rows[0][3] if rows else None)
        tables = [
            name
            for name, changes, threshold, _ in rows
            if changes - analysed.changes.get(name, 0) > threshold
        ]
        if tables:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    analysed.changes.update({name: changes for name, changes, _, _ in rows if name in tables})
    return tables


def analysed_changes_of(transaction_id: str | None) -> AnalysedChanges:
    """What the connection's last ANALYZE saw in this transaction (nothing in a new one)."""
    analysed: AnalysedChanges | None = getattr(connection, "cruscotto_analysed_changes", None)
    if analysed is None or analysed.transaction_id != transaction_id:
        analysed = AnalysedChanges(transaction_id)
        connection.cruscotto_analysed_changes = analysed  # type: ignore[attr-defined]
    return analysed
