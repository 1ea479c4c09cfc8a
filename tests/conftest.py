"""Shared fixtures: the seed documents and a database with the Turin report loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from pytest_django import DjangoDbBlocker

from cruscotto.core.models import Ente, OrgUnit, SourceDocument
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Plan, Taxonomy

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
RENDICONTO_SEED = SAMPLES_DIR / "000_014bd498e15be787.txt"

# Test speed: hashing passwords is the slowest thing a test can do (hc/api/tests).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def empty_db(db: None) -> None:
    """A database where nothing has been imported yet (reference taxonomies only).

    The session's seed may already be loaded; its rows are removed inside the
    test's transaction, which is rolled back afterwards.
    """
    Plan.objects.all().delete()
    SourceDocument.objects.all().delete()
    OrgUnit.objects.all().delete()
    Ente.objects.all().delete()
    Taxonomy.objects.filter(is_reference=False).delete()
