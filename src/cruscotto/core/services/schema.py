"""The database schema: created or brought up to date by one process at a time.

Every command migrates a database it finds behind; two commands started at once
on a new database would both try, and the second would find half the tables
already there. The lock makes the second wait and then find nothing to do: a
file lock beside a SQLite database, an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The PostgreSQL advisory lock's key: "crus" in ASCII, unlikely to meet another application's.
ADVISORY_LOCK_KEY = 0x63727573


def sqlite_file() -> Path | None:
    """The file of a SQLite database, None for PostgreSQL or an in-memory database."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(connection.settings_dict["NAME"])


def pending_migrations() -> bool:
    """Whether the database lacks migrations the code has."""
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@contextmanager
def schema_lock() -> Iterator[None]:
    """Hold the lock under which one process at a time migrates this database."""
    database = sqlite_file()
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{database}.migrate-lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    else:
        yield


def ensure_schema(announce: Callable[[], None] | None = None) -> bool:
    """Create the database or apply pending migrations; return whether it migrated.

    `announce` is called before migrating, by the one process that does it.
    """
    database = sqlite_file()
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
    if not pending_migrations():
        return False
    with schema_lock():
        if not pending_migrations():  # another process migrated while this one waited
            return False
        if announce is not None:
            announce()
        call_command("migrate", verbosity=0, interactive=False)
    return True
