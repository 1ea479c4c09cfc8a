"""The tests that cannot reach a database, run once rather than once per database.

`bin/test` runs the suite on SQLite and on PostgreSQL. A parser's test, or a check of the
code's layers, gives the same answer on both, and the PostgreSQL run only repeats it: with
CRUSCOTTO_TESTS_DATABASE_ONLY=1 (the PostgreSQL run of bin/test) they are deselected there,
and pytest says how many.

A test cannot reach a database when it uses none of pytest-django's database fixtures nor
its mark (pytest-django then refuses any query in the test's process), and its module
starts no other process (which would read DATABASE_URL on its own). Both are read from the
test, not declared by hand, so a test that starts using a database runs on both again.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

ONLY_DATABASE_TESTS = "CRUSCOTTO_TESTS_DATABASE_ONLY"
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_blocker",
}
# What in a module's source starts a process of its own, or hands one a database.
OTHER_PROCESSES = ("subprocess", "Popen", "multiprocessing", "DATABASE_URL", "os.system")


@cache
def starts_other_processes(module: Path) -> bool:
    source = module.read_text(encoding="utf-8")
    return any(marker in source for marker in OTHER_PROCESSES)


def reaches_a_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if requested_fixtures(item) & DATABASE_FIXTURES:
        return True
    return starts_other_processes(Path(str(item.path)))


def requested_fixtures(item: pytest.Item) -> set[str]:
    """The fixtures the test asks for (arguments, `usefixtures`) and those they ask for: not
    the autouse ones every test has, some of which hold pytest-django's database blocker."""
    info = item._fixtureinfo  # type: ignore[attr-defined]
    waiting = list(info.argnames)
    for mark in item.iter_markers("usefixtures"):
        waiting.extend(mark.args)
    requested: set[str] = set()
    while waiting:
        name = waiting.pop()
        if name not in requested:
            requested.add(name)
            for definition in info.name2fixturedefs.get(name, ()):
                waiting.extend(definition.argnames)
    return requested


def deselect_database_free(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(ONLY_DATABASE_TESTS) != "1":
        return
    kept, deselected = [], []
    for item in items:
        (kept if reaches_a_database(item) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
