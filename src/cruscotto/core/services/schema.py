"""The database schema: created or brought up to date by one process at a time.

Every command migrates a database it finds behind; two commands started at once
on a new database would both try, and the second would find half the tables
already there. The lock makes the second wait and then find nothing to do: a
file lock beside a SQLite database, an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import fcntl
import importlib.util
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# The PostgreSQL advisory lock's key: "crus" in ASCII, unlikely to meet another application's.
ADVISORY_LOCK_KEY = 0x63727573


def sqlite_file() -> Path | None:
    """The file of a SQLite database, None for PostgreSQL or an in-memory database."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(connection.settings_dict["NAME"])


def migration_files() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration module of the installed apps, found
    by their file names, as Django's MigrationLoader finds them, without importing them."""
    found = set()
    for app_config in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app_config.label)
        spec = importlib.util.find_spec(module_name) if module_name else None
        if spec is None or spec.submodule_search_locations is None:
            continue
        found |= {
            (app_config.label, name)
            for _, name, is_package in pkgutil.iter_modules(spec.submodule_search_locations)
            if not is_package and name[0] not in "_~"
        }
    return found


def pending_migrations() -> bool:
    """Whether the database lacks migrations the code has."""
    # A database up to date has every migration file's name recorded as applied (a squashed
    # migration too, once its replaced ones are): that is answered from the file names and
    # one query. Otherwise Django's loader, which imports every migration module (0.1 s of
    # each command's start), works out the plan.
    if migration_files() <= set(MigrationRecorder(connection).applied_migrations()):
        return False
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
