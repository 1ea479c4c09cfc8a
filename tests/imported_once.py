"""Imports made once for a run of tests that need them, undone by a rollback, never redone per test.

A fixture that imports seed documents for each test pays the import every time. Written as

    @imported_once
    def cmto_plans() -> None:
        import_file(...)

its body runs once for consecutive tests that use it, inside an outer transaction opened just
before pytest-django's per-test transaction. Each test still runs in its own savepoint (the
`db` fixture, nested in the outer transaction), so whatever a test writes is rolled back as
before; the outer transaction, and with it the import, is rolled back as soon as the next test
needs something else. Every test sees the database exactly as if the fixture had imported the
documents for it alone: this is Django's `setUpTestData`, driven by fixtures.

The tests of a module are reordered so that those needing the same imports, with the same
module and session fixtures, run one after the other (see `order_by_imports`).

The rules for a fixture written this way:
- its parameters may only be session-scoped fixtures (`seeded_db`, a path), resolved before the
  outer transaction opens, or other imported-once fixtures (built first, in the same
  transaction); `db` is implied;
- it may not be used by a test that needs `transactional_db` or `live_server` (refused);
- what it returns is deep-copied for each test, so no test sees objects another test changed.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

BUILDER_ATTRIBUTE = "imported_once_builder"
Builder = Callable[..., Any]
GroupKey = tuple[object, ...]

group_key_of_item = pytest.StashKey[GroupKey | None]()
next_item_of_item = pytest.StashKey[pytest.Item | None]()

# pytest-django's fixture that opens (and rolls back) the transaction of each test.
PER_TEST_TRANSACTION_FIXTURE = "_django_db_helper"


def imported_once(builder: Builder) -> Any:
    """Turn `builder` into a fixture whose imports are made once per group of tests.

    Returns the pytest fixture, named as the builder; the value it gives a test is a deep copy
    of what the builder returned.
    """
    builder_parameters = [name for name in inspect.signature(builder).parameters if name != "db"]

    def fixture(request: pytest.FixtureRequest, **_: object) -> Any:
        return copy.deepcopy(open_imports.value_of(builder.__name__))

    # pytest reads a fixture's dependencies from its signature: `db` gives the test its
    # transaction, the builder's own parameters are set up (once, session-scoped) before it.
    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in ["request", "db", *builder_parameters]
    ]
    fixture.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    fixture.__name__ = builder.__name__
    fixture.__qualname__ = builder.__qualname__
    fixture.__module__ = builder.__module__
    fixture.__doc__ = builder.__doc__
    setattr(fixture, BUILDER_ATTRIBUTE, builder)
    return pytest.fixture(fixture)


def builders_of(item: pytest.Item) -> dict[str, Builder]:
    """The imported-once builders among the fixtures `item` uses, by fixture name."""
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return {}
    builders = {}
    for name in fixture_info.names_closure:
        definitions = fixture_info.name2fixturedefs.get(name)
        if definitions:
            builder = getattr(definitions[-1].func, BUILDER_ATTRIBUTE, None)
            if builder is not None:
                builders[name] = builder
    return builders


def build_in_order(builders: dict[str, Builder], request: pytest.FixtureRequest) -> dict[str, Any]:
    """Run every builder once, each after the builders it takes as parameters.

    Returns what each returned, by fixture name.
    """
    values: dict[str, Any] = {}
    waiting = dict(builders)
    while waiting:
        ready = [
            name
            for name, builder in waiting.items()
            if all(
                parameter not in waiting
                for parameter in inspect.signature(builder).parameters
                if parameter != name
            )
        ]
        if not ready:
            raise pytest.UsageError(f"imported-once fixtures that need each other: {list(waiting)}")
        for name in ready:
            builder = waiting.pop(name)
            arguments = {
                parameter: values[parameter]
                if parameter in builders
                else request.getfixturevalue(parameter)
                for parameter in inspect.signature(builder).parameters
                if parameter != "db"
            }
            values[name] = builder(**arguments)
    return values


def group_key(item: pytest.Item) -> GroupKey | None:
    """What two consecutive tests must share to share one import (None: the test has none).

    The same builders, and the same module, class and higher-scoped fixtures with the same
    parameters: then no fixture of a wider scope is set up between the two tests, which would
    otherwise write its rows inside the outer transaction and lose them at its rollback.
    """
    builders = builders_of(item)
    if not builders:
        return None
    fixture_info = item._fixtureinfo  # type: ignore[attr-defined]
    wider_fixtures = tuple(
        sorted(
            name
            for name in fixture_info.names_closure
            if (definitions := fixture_info.name2fixturedefs.get(name))
            and definitions[-1].scope != "function"
        )
    )
    callspec = getattr(item, "callspec", None)
    wider_parameters = tuple(
        (name, repr(callspec.params[name]))
        for name in wider_fixtures
        if callspec is not None and name in callspec.params
    )
    return (
        item.parent.nodeid if item.parent is not None else "",
        tuple(f"{builder.__module__}.{builder.__qualname__}" for builder in builders.values()),
        wider_fixtures,
        wider_parameters,
    )


def order_by_imports(items: list[pytest.Item]) -> None:
    """Bring together, within each run of consecutive tests of one module, the tests that share
    a group key (in the order of their first test), so that each group imports once."""
    start = 0
    while start < len(items):
        module = items[start].module if hasattr(items[start], "module") else None
        end = start
        while end < len(items) and getattr(items[end], "module", None) is module:
            end += 1
        run = items[start:end]
        keys = [group_key(item) for item in run]
        first_position: dict[GroupKey | None, int] = {}
        for position, key in enumerate(keys):
            first_position.setdefault(key, position)
        order = sorted(range(len(run)), key=lambda index: first_position[keys[index]])
        items[start:end] = [run[index] for index in order]
        for item, key in zip(run, keys, strict=True):
            item.stash[group_key_of_item] = key
        start = end


@dataclass
class OpenImports:
    """The outer transaction of the group of tests running now, and what its builders returned."""

    key: GroupKey | None = None
    atomic: Any = None
    blocker: DjangoDbBlocker | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def value_of(self, name: str) -> Any:
        return self.values[name]

    def open_for(self, item: pytest.Item, request: pytest.FixtureRequest) -> None:
        """Make the database hold the imports of `item`'s group (made now if not already)."""
        key = item.stash.get(group_key_of_item, None)
        if key == self.key:
            return
        self.close()
        if key is None:
            return
        if "transactional_db" in item.fixturenames or "live_server" in item.fixturenames:
            raise pytest.UsageError(
                f"{item.nodeid}: an imported-once fixture cannot serve a transactional test"
            )
        builders = builders_of(item)
        # The session fixtures the builders take are set up before the transaction opens.
        for builder in builders.values():
            for name in inspect.signature(builder).parameters:
                if name != "db" and name not in builders:
                    request.getfixturevalue(name)
        blocker: DjangoDbBlocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            # As Django's TestCase marks its own: code under test may open durable blocks.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            try:
                values = build_in_order(builders, request)
                # What the builders wrote is checked against its foreign keys here, once, as
                # a commit would check it. Left deferred, each test's closing check (Django's
                # TestCase checks the constraints before its rollback) checked all of it again:
                # on PostgreSQL, rolling back a test's savepoint puts the checks it fired back
                # in the queue (657 checks of 52 ms in a run, a third of the server's time).
                connection.check_constraints()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self.key, self.atomic, self.blocker, self.values = key, atomic, blocker, values

    def close(self) -> None:
        """Roll back the group's imports, leaving the database as the session fixtures left it."""
        if self.atomic is None or self.blocker is None:
            return
        atomic, blocker = self.atomic, self.blocker
        self.key, self.atomic, self.blocker, self.values = None, None, None, {}
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    def close_unless_next_shares(self, item: pytest.Item) -> None:
        next_item = item.stash.get(next_item_of_item, None)
        if next_item is None or next_item.stash.get(group_key_of_item, None) != self.key:
            self.close()


open_imports = OpenImports()


# The hooks, registered by tests/conftest.py.


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    item.stash[next_item_of_item] = nextitem


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[Any], request: Any) -> Iterator[None]:
    # Just before a test's own transaction opens, every wider-scoped fixture is set up: the
    # moment to open the outer transaction of the test's group.
    if fixturedef.argname == PER_TEST_TRANSACTION_FIXTURE:
        open_imports.open_for(request.node, request)
    return (yield)


def pytest_fixture_post_finalizer(fixturedef: pytest.FixtureDef[Any], request: Any) -> None:
    # Right after a test's own transaction is rolled back, before any wider fixture is torn
    # down (which may write to the database, and must not write inside the outer transaction).
    if fixturedef.argname == PER_TEST_TRANSACTION_FIXTURE:
        open_imports.close_unless_next_shares(request.node)


def pytest_sessionfinish() -> None:
    open_imports.close()
