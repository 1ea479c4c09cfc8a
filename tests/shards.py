"""Shares of the suite run side by side: `pytest --shard 1/2` runs the first of two.

`bin/test` runs each database's suite as two processes at once. On PostgreSQL one process
is one chain, the test waiting on the server and the server on the test, so it never uses
more than one core of the two; two shares of it keep both busy (measured in
docs/development.md).

A share is made of whole test modules: their module-scoped fixtures and imported-once
groups (tests/imported_once.py, grouped within a module) are built in one process only.
The modules are dealt out by their running time, the longest first, each to the share with
the least time so far, from `tests/module_durations.json` (per database; a module not
listed counts as the mean of those listed). `pytest --store-durations` writes the times of
the modules it ran into that file: run it on the whole suite after adding or moving slow
tests, as the shares otherwise drift apart (never wrong, only slower).

With `--shard`, the test databases get the share's number as a suffix (PostgreSQL), so the
shares of one run never share a test database.
"""

from __future__ import annotations

import fcntl
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

DURATIONS_FILE = Path(__file__).resolve().parent / "module_durations.json"
module_seconds = pytest.StashKey[dict[str, float]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cruscotto")
    group.addoption(
        "--shard",
        metavar="K/N",
        help="run only the K-th of N shares of the test modules (balanced by their times)",
    )
    group.addoption(
        "--store-durations",
        action="store_true",
        help=f"write the running time of each module run into {DURATIONS_FILE.name}",
    )


def shard_of(config: pytest.Config) -> tuple[int, int] | None:
    """(K, N) of `--shard K/N`, or None; refused unless 1 ≤ K ≤ N."""
    value = config.getoption("shard")
    if not value:
        return None
    try:
        number, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--shard {value}: atteso K/N, per esempio 1/2") from None
    if not 1 <= number <= count:
        raise pytest.UsageError(f"--shard {value}: K deve essere tra 1 e N")
    return number, count


def database_kind() -> str:
    return str(connection.vendor)


def known_durations() -> dict[str, float]:
    """The stored running time of each module on this run's database."""
    if not DURATIONS_FILE.exists():
        return {}
    stored = json.loads(DURATIONS_FILE.read_text(encoding="utf-8"))
    return {module: float(seconds) for module, seconds in stored.get(database_kind(), {}).items()}


def module_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def deal_modules(modules: list[str], durations: dict[str, float], count: int) -> list[set[str]]:
    """The modules dealt into `count` shares of nearly equal time (longest first, each to
    the share with the least so far; ties by name, so every process deals the same)."""
    default = sum(durations.values()) / len(durations) if durations else 1.0
    shares: list[set[str]] = [set() for _ in range(count)]
    loads = [0.0] * count
    for module in sorted(modules, key=lambda name: (-durations.get(name, default), name)):
        lightest = loads.index(min(loads))
        shares[lightest].add(module)
        loads[lightest] += durations.get(module, default)
    return shares


def keep_shard(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests of the modules outside this process's share."""
    shard = shard_of(config)
    if shard is None:
        return
    number, count = shard
    modules = sorted({module_of(item) for item in items})
    mine = deal_modules(modules, known_durations(), count)[number - 1]
    kept = [item for item in items if module_of(item) in mine]
    others = [item for item in items if module_of(item) not in mine]
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> None:
    """pytest-django's hook before the test databases are made: a share's suffix on their
    names (as pytest-xdist's workers get theirs)."""
    shard = shard_of(request.config)
    if shard is None:
        return
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            continue  # in memory, one per process
        test = database.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_shard{shard[0]}"


class DurationStore:
    """`--store-durations`: adds up each module's time (setup, call, teardown) and merges
    them into the file at the end, under this run's database (locked: the shares of one
    run store at once)."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid.split("::", 1)[0]] += report.duration

    def pytest_sessionfinish(self) -> None:
        if not self.seconds:
            return
        DURATIONS_FILE.touch()
        with DURATIONS_FILE.open("r+", encoding="utf-8") as stored_file:
            fcntl.flock(stored_file, fcntl.LOCK_EX)
            text = stored_file.read()
            stored = json.loads(text) if text.strip() else {}
            times = stored.get(database_kind(), {})
            times.update({module: round(time, 1) for module, time in self.seconds.items()})
            stored[database_kind()] = dict(sorted(times.items()))
            stored_file.seek(0)
            stored_file.truncate()
            stored_file.write(json.dumps(dict(sorted(stored.items())), indent=1) + "\n")


def register_duration_store(config: pytest.Config) -> None:
    if config.getoption("store_durations"):
        config.pluginmanager.register(DurationStore(), "cruscotto-duration-store")
