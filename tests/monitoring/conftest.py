"""Fixtures of the PSM monitoring tests: the seed, parsed once, and a database with it loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cruscotto.core.models import SourceDocument
from cruscotto.importers.psm_monitoring import parse_psm_monitoring
from cruscotto.importers.psm_monitoring.records import PsmMonitoringDocument
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.psm_monitoring import load_psm_monitoring
from cruscotto.plans.models import Plan

SAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "samples"
PSM_MONITORING_SEED = SAMPLES_DIR / "001_c8fc3c27ab7903b2.txt"
FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "psm_monitoring"


@pytest.fixture(scope="session")
def psm_monitoring_path() -> Path:
    return PSM_MONITORING_SEED


@pytest.fixture(scope="session")
def psm_document() -> PsmMonitoringDocument:
    return parse_psm_monitoring(PSM_MONITORING_SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def psm_db(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[LoadResult]:
    """The test database with the PSM monitoring report imported, for one test module.

    Removed afterwards, so that the other modules find the database as the
    session's seed left it (some assert that it holds one document only).
    """
    with django_db_blocker.unblock():
        source = SourceFile.read(PSM_MONITORING_SEED)
        result = load_psm_monitoring(parse_psm_monitoring(source.text), source, actor="test")
    yield result
    with django_db_blocker.unblock():
        Plan.objects.filter(ente__code="cmto", kind=Plan.Kind.PSM).delete()
        SourceDocument.objects.filter(format="psm-monitoraggio").delete()
