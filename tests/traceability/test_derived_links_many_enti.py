"""The links derived after every import cost the same queries however many comuni
the database holds: a comune's mandate, with no PSM to pair it with, costs none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cruscotto.core.services.enti import add_ente
from cruscotto.core.services.sync import SyncCounts
from cruscotto.loaders.common import SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Link, Plan
from cruscotto.traceability.services.links import refresh_derived_links

from .conftest import SEEDS


def import_mandate_for(ente_code: str) -> None:
    """The council's mandate lines imported as another comune's (`--ente`)."""
    add_ente(ente_code, f"Comune di prova {ente_code}", "comune")
    source = SourceFile.read(SEEDS["consiglio"])
    council = FORMATS["consiglio"]
    council.import_document(
        council.parse(source.text), source, "test", SilentProgress(), ente_code=ente_code
    )


def queries_of_refreshing_links() -> int:
    with CaptureQueriesContext(connection) as queries:
        refresh_derived_links(SyncCounts())
    return len(queries)


@pytest.mark.usefixtures("empty_db")
def test_comuni_without_a_psm_add_no_query_to_the_derived_links() -> None:
    import_mandate_for("comune-uno")
    with_one = queries_of_refreshing_links()
    import_mandate_for("comune-due")
    import_mandate_for("comune-tre")

    assert queries_of_refreshing_links() == with_one
    assert Plan.objects.filter(kind=Plan.Kind.MANDATO).count() == 3
    assert not Link.objects.filter(origin=Link.Origin.DERIVED).exists()
