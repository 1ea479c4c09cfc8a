"""The reference taxonomies in the database follow their files: a sync restores a term a
user changed, its parent too, and a second sync writes nothing."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cruscotto.core.models import Ente
from cruscotto.plans.models import Taxonomy, Term
from cruscotto.plans.services.reference import sync_reference_taxonomies


def terms() -> list[tuple[str, str, str, str, int, str | None]]:
    return list(
        Term.objects.filter(taxonomy__is_reference=True)
        .order_by("taxonomy__code", "code")
        .values_list("taxonomy__code", "code", "name", "description", "position", "parent__code")
    )


def test_a_sync_restores_what_the_files_say_and_a_second_writes_nothing(empty_db: None) -> None:
    synced = terms()
    child = Term.objects.filter(taxonomy__is_reference=True, parent__isnull=False).first()
    assert child is not None
    child.name, child.position, child.parent = "cambiato", 999, None
    child.save()
    Term.objects.filter(pk=Term.objects.filter(taxonomy=child.taxonomy).last().pk).delete()

    sync_reference_taxonomies(Taxonomy, Term, Ente)
    assert terms() == synced

    with CaptureQueriesContext(connection) as queries:
        sync_reference_taxonomies(Taxonomy, Term, Ente)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert terms() == synced
    assert not [sql for sql in writes if "plans_term" in sql]
