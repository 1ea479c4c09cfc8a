"""Making the test database a new one again, inside the test's transaction."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection

from cruscotto.core.models import Ente
from cruscotto.core.services.enti import sync_reference_enti
from cruscotto.plans.models import Taxonomy, Term
from cruscotto.plans.services.reference import sync_reference_taxonomies

# Django's own rows that `migrate` writes and no import touches.
MIGRATION_BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}


def empty_the_database() -> None:
    """Leave what `migrate` leaves: every table but Django's bookkeeping emptied, then the
    reference enti and taxonomies written again as the migrations write them.

    One statement per table, as `cruscotto restore` empties them (Django's `sql_flush`:
    TRUNCATE on PostgreSQL, DELETE in any order on SQLite, whose foreign keys are deferred),
    not the ORM's cascading delete, which reads every row of the seed into Python first.
    Run inside a test's (or an imported-once fixture's) transaction, the rollback brings
    everything back.
    """
    if connection.vendor == "postgresql":
        # TRUNCATE refuses a table with foreign key checks still deferred in the transaction
        # (rows the test wrote): run them now, as Django does (then deferred again).
        connection.check_constraints()
    with connection.cursor() as cursor:
        tables = [
            table
            for table in connection.introspection.table_names(cursor)
            if table not in MIGRATION_BOOKKEEPING
        ]
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)
    sync_reference_enti(Ente)  # the enti a new database starts with
    sync_reference_taxonomies(Taxonomy, Term, Ente)  # and their reference taxonomies
