"""An import reads and writes its own ente's rows: the removal guard counts the imported
document's records only, and the search index's sweep of entries whose record is gone
stays within the importing ente, however many other enti the database holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cruscotto.core.models import Ente, SourceDocument
from cruscotto.core.services.enti import add_ente
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile, watching_documents
from cruscotto.loaders.formats import FORMATS
from cruscotto.loaders.removals import RecordSnapshot, sourced_models
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.plans.services.links import user_link_keys
from cruscotto.search.models import SearchEntry
from cruscotto.search.services import refresh_search_index

pytestmark = pytest.mark.django_db

COUNCIL_SEED = Path(__file__).resolve().parent.parent / "samples" / "002_a40a8705e1971a15.txt"


def import_mandate_for(ente_code: str) -> LoadResult:
    """The council's mandate lines imported as this comune's (`--ente`)."""
    if not Ente.objects.filter(code=ente_code).exists():
        add_ente(ente_code, f"Comune di prova {ente_code}", "comune")
    source = SourceFile.read(COUNCIL_SEED)
    council = FORMATS["consiglio"]
    return council.import_document(
        council.parse(source.text), source, "test", SilentProgress(), ente_code=ente_code
    )


def records_of(document: SourceDocument) -> int:
    return sum(
        model._default_manager.filter(source_document=document).count()
        for model in sourced_models()
    )


def orphan_entry_of(ente_code: str) -> SearchEntry:
    """An entry of the ente's mandate whose item no longer exists, as a deletion made
    outside an import leaves it until the next refresh of that ente's entries."""
    plan = Plan.objects.get(ente__code=ente_code, kind=Plan.Kind.MANDATO)
    last_item = PlanItem.objects.order_by("-pk").values_list("pk", flat=True)[0]
    existing = SearchEntry.objects.filter(plan=plan, kind=SearchEntry.Kind.ITEM).first()
    assert existing is not None
    return SearchEntry.objects.create(
        kind=SearchEntry.Kind.ITEM,
        object_id=last_item + 1 + SearchEntry.objects.count(),
        plan=plan,
        title=existing.title,
        label=existing.label,
        title_stems=existing.title_stems,
        stems=existing.stems,
    )


@pytest.mark.usefixtures("empty_db")
def test_the_removal_guard_counts_the_records_of_the_imported_document_only() -> None:
    first = import_mandate_for("comune-uno").document
    second = import_mandate_for("comune-due").document
    snapshot = RecordSnapshot()

    with watching_documents(snapshot.add_document):
        import_mandate_for("comune-due")

    counted = {document for held in snapshot.held.values() for document in held}
    assert counted == {second.pk}
    assert snapshot.held_by(second.pk) == records_of(second) > 0
    assert snapshot.held_by(first.pk) == 0
    assert snapshot.removed_of(second.pk) == {}


@pytest.mark.usefixtures("empty_db")
def test_refreshing_an_ente_s_entries_removes_its_orphans_and_leaves_the_other_ente_s() -> None:
    import_mandate_for("comune-uno")
    import_mandate_for("comune-due")
    orphan_of_uno = orphan_entry_of("comune-uno")
    orphan_of_due = orphan_entry_of("comune-due")
    plans_of_due = list(Plan.objects.filter(ente__code="comune-due").values_list("pk", flat=True))

    counts = refresh_search_index(plan_ids=plans_of_due)

    assert not SearchEntry.objects.filter(pk=orphan_of_due.pk).exists()
    assert SearchEntry.objects.filter(pk=orphan_of_uno.pk).exists()
    assert counts.by_model["search.SearchEntry"].deleted == 1
    # The whole rebuild, as `cruscotto manage reindex_search` does it, finds the other.
    assert refresh_search_index().by_model["search.SearchEntry"].deleted == 1
    assert not SearchEntry.objects.filter(pk=orphan_of_uno.pk).exists()


@pytest.mark.usefixtures("empty_db")
def test_an_import_sweeps_the_orphan_entries_of_its_own_ente_only() -> None:
    import_mandate_for("comune-uno")
    import_mandate_for("comune-due")
    orphan_of_uno = orphan_entry_of("comune-uno")
    entries_of_uno = set(
        SearchEntry.objects.filter(plan__ente__code="comune-uno").values_list("pk", "stems")
    )
    with CaptureQueriesContext(connection) as queries:
        import_mandate_for("comune-tre")

    sweeps = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('DELETE FROM "search_searchentry"') and "EXISTS" in query["sql"]
    ]
    assert sweeps  # the import refreshed the index of its new plan
    plans_of_uno = Plan.objects.filter(ente__code="comune-uno").values_list("pk", flat=True)
    for sql in sweeps:
        assert '"plan_id" IN (' in sql
        listed = sql.split('"plan_id" IN (')[1].split(")")[0]
        assert not {str(pk) for pk in plans_of_uno} & {p.strip() for p in listed.split(",")}
    assert SearchEntry.objects.filter(pk=orphan_of_uno.pk).exists()
    assert (
        set(SearchEntry.objects.filter(plan__ente__code="comune-uno").values_list("pk", "stems"))
        == entries_of_uno
    )


def test_the_links_users_entered_are_found_through_their_own_index(
    seeded_db: LoadResult,
) -> None:
    """Every import leaves out the links users entered: found without reading every link."""
    assert Link.objects.exclude(origin=Link.Origin.USER).count() > 100
    with CaptureQueriesContext(connection) as queries:
        user_link_keys()
    (sql,) = [
        query["sql"] for query in queries.captured_queries if 'FROM "plans_link"' in query["sql"]
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # the seed is small: see the index
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "link_entered_by_user" in plan
