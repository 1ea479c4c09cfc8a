"""The year a PSM monitoring report covers, read from its introduction and kept on the document."""

from __future__ import annotations

import pytest

from cruscotto.core.models import SourceDocument
from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.psm_monitoring.monitoring_year import read_monitoring_year
from cruscotto.importers.psm_monitoring.records import PsmMonitoringDocument
from cruscotto.importers.psm_monitoring.text import read_pairs
from cruscotto.loaders.common import LoadResult

# Line 39 of the seed, as printed.
SEED_SENTENCE = (
    "Di seguito si riportano gli esiti dell’attività di monitoraggio relativa al primo anno di "
    "operatività del Piano Strategico Metropolitano 2024-2026. "
)


def read_year(text: str) -> tuple[int | None, list[tuple[int, str]]]:
    diagnostics: list[Diagnostic] = []
    year = read_monitoring_year(read_pairs(text), diagnostics)
    return year, [(d.line, d.code) for d in diagnostics]


def test_the_seed_monitors_the_first_year_of_the_plan(psm_document: PsmMonitoringDocument) -> None:
    assert (psm_document.plan_start, psm_document.plan_end) == (2024, 2026)
    assert psm_document.monitoring_year == 2024
    assert not [d for d in psm_document.diagnostics if d.code.startswith("monitoring_year")]


def test_the_ordinal_counts_from_the_first_year_of_the_period() -> None:
    assert read_year(SEED_SENTENCE) == (2024, [])
    assert read_year(SEED_SENTENCE.replace("primo", "terzo")) == (2026, [])
    # The sentence wrapped over two lines, as the converter often leaves it.
    wrapped = "Introduzione\n\nrelativa al secondo anno di operatività\ndel PSM 2024-2026.\n"
    assert read_year(wrapped) == (2025, [])


def test_a_year_not_stated_is_unknown_and_reported() -> None:
    # "nel corso del primo anno di operatività del PSM," (line 57 of the seed) names no period.
    assert read_year("nel corso del primo anno di operatività del PSM, di specifici progetti") == (
        None,
        [(1, "monitoring_year_not_found")],
    )
    assert read_year("x\nrelativa al quarto anno di operatività del PSM 2024-2026") == (
        None,
        [(2, "monitoring_year_outside_period")],
    )


@pytest.mark.django_db
def test_the_loader_keeps_the_year_on_the_document(psm_db: LoadResult) -> None:
    document = SourceDocument.objects.get(format="psm-monitoraggio")
    assert (document.identity, document.reference_year) == (
        "cmto/psm-monitoraggio/2024-2026/2024",
        2024,
    )
