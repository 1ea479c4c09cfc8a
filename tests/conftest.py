"""Shared fixtures: the seed documents and a database with the Turin report loaded once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client
from playwright.sync_api import Page, sync_playwright
from pytest_django import DjangoDbBlocker

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.reports.render.pdf import find_chromium
from cruscotto.runtime import tune_garbage_collector
from database_free import deselect_database_free
from empty_database import empty_the_database
from imported_once import (  # noqa: F401 (the hooks that make `@imported_once` fixtures work)
    imported_once,
    order_by_imports,
    pytest_fixture_post_finalizer,
    pytest_fixture_setup,
    pytest_runtest_protocol,
    pytest_sessionfinish,
)


def pytest_configure(config: pytest.Config) -> None:
    tune_garbage_collector()  # as every Cruscotto process runs (cruscotto.runtime)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    deselect_database_free(config, items)
    order_by_imports(items)


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
RENDICONTO_SEED = SAMPLES_DIR / "000_014bd498e15be787.txt"

# Test speed: hashing passwords is the slowest thing a test can do (hc/api/tests).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The page tests count and read what a page renders; tests/test_page_cache.py turns the
# cache of the rendered public pages back on.
settings.CRUSCOTTO_PAGE_CACHE = False


@pytest.fixture(scope="session")
def rendiconto_path() -> Path:
    return RENDICONTO_SEED


@pytest.fixture(scope="session")
def rendiconto_text() -> str:
    return RENDICONTO_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeded_db(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> LoadResult:
    """The test database with the Turin strategic control report imported, once per session.

    Tests that use it run inside a transaction that is rolled back, so the
    seed stays as imported.
    """
    with django_db_blocker.unblock():
        source = SourceFile.read(RENDICONTO_SEED)
        return FORMATS["rendiconto"].import_document(
            parse_rendiconto(source.text), source, "test", SilentProgress()
        )


@contextmanager
def open_print_page() -> Iterator[Page]:
    """A Chromium page laid out for print, as the PDFs are (the Chromium that prints them,
    Debian's, as bin/test installs).

    Its window is narrower than a printed page, so that what a document holds, not the
    window, sets the width a test measures. Playwright runs an event loop while the page is
    open, where Django refuses database queries: read the database before opening it.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 600, "height": 800})
        page.emulate_media(media="print")
        yield page
        browser.close()


@pytest.fixture
def print_page() -> Callable[[], AbstractContextManager[Page]]:
    """`with print_page() as page:` opens a page laid out for print (see open_print_page)."""
    return open_print_page


@pytest.fixture(scope="session", autouse=True)
def pdf_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Printed PDFs are cached under var/: the tests print into a cache of their own, so
    that each run prints its PDFs with Chromium rather than reading an earlier run's."""
    from unittest import mock

    directory = tmp_path_factory.mktemp("pdf-cache")
    with mock.patch("cruscotto.reports.render.pdf.pdf_cache_dir", lambda: directory):
        yield


@pytest.fixture(scope="session", autouse=True)
def published_documents_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The documents the site builds are kept under var/: the tests keep theirs apart."""
    from unittest import mock

    directory = tmp_path_factory.mktemp("published")
    with mock.patch("cruscotto.reports.services.publishing.published_dir", lambda: directory):
        yield


@pytest.fixture
def fetch_document(client: Client) -> Callable[[str], HttpResponseBase]:
    """`fetch_document(url)` asks the site for a published document as a reader would, lets
    the worker build it (the request only queues it), and returns the response with the file."""
    from cruscotto.reports.services.publishing import process_queue

    def fetch(url: str) -> HttpResponseBase:
        asked = client.get(url)
        if asked.status_code != 202:
            return asked  # served already, or no such document
        process_queue()
        return client.get(url)

    return fetch


@imported_once
def empty_db() -> None:
    """A database where nothing has been imported yet (reference taxonomies and enti only).

    The session's seed may already be loaded: the tables are emptied (empty_the_database)
    inside a transaction that is rolled back afterwards (once for the tests that follow each
    other, see imported_once).
    """
    empty_the_database()


def dump_every_table() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the database (Django's own included), in a stable order.

    Two dumps are equal when nothing was written in between: what a refused or
    dry-run import must leave.
    """
    dumped = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dumped[table] = sorted(cursor.fetchall(), key=repr)
    return dumped


@pytest.fixture
def dump_tables() -> Callable[[], dict[str, list[tuple[object, ...]]]]:
    """`dump_tables()` returns every row of every table (see dump_every_table)."""
    return dump_every_table


def create_user_with_role(
    username: str, kind: str | None, ente: Ente | None = None, units: Iterable[OrgUnit] = ()
) -> User:
    """A user holding one role (`kind` None: a logged-in citizen without any role)."""
    user = User.objects.create_user(username, password="una-password-di-prova")
    if kind is not None:
        role = Role.objects.create(user=user, ente=ente, kind=kind)
        role.org_units.set(list(units))
    return user


@pytest.fixture
def user_with_role(db: None) -> Callable[..., User]:
    """`user_with_role("oiv", Role.Kind.VALUTATORE, ente)`: the people of permission tests."""
    return create_user_with_role
