"""The scale generator (bench/generate.py) writes its enti through the loaders, as an
import of each ente's own documents would: provenance, audit records, the same records
for every ente."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cruscotto.campaigns.models import Campaign
from cruscotto.core.models import AuditEntry, Ente, SourceDocument
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import Plan, PlanItem, StatusReport

GENERATOR_PATH = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def load_generator() -> ModuleType:
    """bench/generate.py as a module (the bench folder is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("scale_generator", GENERATOR_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_two_enti_of_two_years_are_imported_through_the_loaders() -> None:
    generator = load_generator()
    samples = generator.SampleDocuments()
    programmi = samples.rendiconto.programmi
    activities = sum(len(programma.activities) for programma in programmi)
    indicators = [indicator for programma in programmi for indicator in programma.indicators]
    years = samples.years(2)

    generation = generator.generate(2, 2, quiet=True)

    assert [ente.code for ente in generation.enti] == ["scala-001", "scala-002"]
    assert [ente.documents for ente in generation.enti] == [5, 5]
    for code in ["scala-001", "scala-002"]:
        ente = Ente.objects.get(code=code)
        documents = SourceDocument.objects.filter(ente=ente)
        assert sorted(documents.values_list("format", flat=True)) == sorted(
            ["campagna", "consiglio", "performance", "performance", "rendiconto", "rendiconto"]
        )
        assert (
            sorted(documents.filter(format="rendiconto").values_list("reference_year", flat=True))
            == years
        )
        performance_plans = Plan.objects.filter(ente=ente, kind=Plan.Kind.PERFORMANCE)
        assert sorted(performance_plans.values_list("code", flat=True)) == [str(y) for y in years]
        # Each import wrote its audit record, naming its document, in its transaction.
        imported = AuditEntry.objects.filter(
            document__ente=ente, action=AuditEntry.Action.DOCUMENT_IMPORTED
        )
        assert imported.count() == 5
        assert set(imported.values_list("actor", flat=True)) == {generator.ACTOR}
        # Every record keeps the document and line it was read from.
        items = PlanItem.objects.filter(plan__ente=ente)
        assert not items.filter(source_document=None).exists()
        assert not items.filter(source_line=None).exists()
        assert items.filter(level=PlanItem.Level.ATTIVITA).count() == activities
        assert Indicator.objects.filter(plan__ente=ente).count() == len(indicators)
        # The statuses are per esercizio: each edition reports its own year.
        reported_years = StatusReport.objects.filter(
            responsibility__item__plan__ente=ente
        ).values_list("year", flat=True)
        assert sorted(set(reported_years)) == years
        assert Campaign.objects.filter(ente=ente, year=years[-1]).count() == 1
    # The same documents give every ente the same records.
    values = [
        Measurement.objects.filter(indicator__plan__ente__code=code).count()
        for code in ["scala-001", "scala-002"]
    ]
    assert values[0] == values[1] > len(indicators)
