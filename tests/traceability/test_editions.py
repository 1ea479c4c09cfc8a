"""PSM 2021-23 → 2024-26: each strategy kept, renamed, dropped or new; links a user enters stand.

The expected answers are the tables of test_trace_coverage, counted by hand in
the seeds (002 the mandate lines, 003 the preliminary phase, 001 the monitoring
of PSM 2024-26).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.apps import apps
from django.test import Client

from cruscotto.cli import main
from cruscotto.core.services.sync import SyncCounts
from cruscotto.plans.models import Link, LinkRejection, PlanItem
from cruscotto.traceability.services.editions import compare_editions, describe_editions
from cruscotto.traceability.services.links import refresh_derived_links
from imported_once import imported_once

from .conftest import SEEDS, dump_database, import_file
from .test_trace_coverage import (
    CONTINUED_2021_23_STRATEGY,
    DROPPED_2021_23,
    NEED_ADDRESSED,
    NEW_2024_26,
)

pytestmark = pytest.mark.django_db

# The PSM editions with strategies (1), their strategies with their axis (2), the
# `continues` links between them (3), the mandate actions that reprint the
# earlier edition's strategies (4): whatever the number of strategies.
EDITIONS_PAGE_QUERIES = 4


@imported_once
def cmto_plans() -> None:
    for format_name in ["consiglio", "psm-preliminare", "psm-monitoraggio"]:
        import_file(SEEDS[format_name], format_name)


def strategy(plan: str, code: str) -> PlanItem:
    return PlanItem.objects.get(plan__code=plan, level=PlanItem.Level.STRATEGIA, code=code)


def rows_by_change(comparison: dict[str, Any]) -> dict[str, list[tuple[str | None, str | None]]]:
    found: dict[str, list[tuple[str | None, str | None]]] = {}
    for row in comparison["rows"]:
        old = row["old"]["code"] if row["old"] else None
        new = row["new"]["code"] if row["new"] else None
        found.setdefault(row["change"], []).append((old, new))
    return found


def test_kept_renamed_dropped_and_new_read_like_the_documents(cmto_plans: None) -> None:
    (comparison,) = describe_editions()
    assert (comparison["ente"], comparison["from"]["plan"], comparison["to"]["plan"]) == (
        "cmto",
        "2021-2023",
        "2024-2026",
    )
    # 24 strategies cited in 003 (7+5+4+2+4+2), 25 headed in 001 (5+5+4+3+5+3)
    assert comparison["counts"] == {"kept": 2, "renamed": 19, "dropped": 3, "new": 4}
    by_change = rows_by_change(comparison)
    continued = {
        new: (old, change) for change in ["kept", "renamed"] for old, new in by_change[change]
    }
    assert continued == CONTINUED_2021_23_STRATEGY
    assert [old for old, _ in by_change["dropped"]] == DROPPED_2021_23
    assert [new for _, new in by_change["new"]] == NEW_2024_26
    # rows follow the axes: axis 2's new strategy 2.4 after its four continued and 2.4 dropped
    assert [row["axis"] for row in comparison["rows"]] == sorted(
        row["axis"] for row in comparison["rows"]
    )
    kept = next(row for row in comparison["rows"] if row["change"] == "kept")
    # compared by the bold title the mandate reprints ("ed" for "e" is no renaming)
    assert kept["old_title"] == "Costruire ed infrastrutturare la metropoli verde"
    assert kept["new"]["title"] == "Costruire e infrastrutturare la metropoli verde"
    dropped = next(row for row in comparison["rows"] if row["change"] == "dropped")
    assert dropped["new"] is None and dropped["origin"] == ""


def test_the_editions_command(cmto_plans: None) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["editions", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(json.dumps(describe_editions()))
    table = runner.invoke(main, ["editions"])
    assert table.exit_code == 0 and "non proseguita" in table.output
    helped = runner.invoke(main, ["editions", "--help"])
    assert helped.exit_code == 0 and "kept, renamed, dropped, new" in " ".join(
        helped.output.split()
    )


def test_the_editions_page(
    cmto_plans: None, client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(EDITIONS_PAGE_QUERIES):
        response = client.get("/tracciabilita/edizioni/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<caption>Strategie del piano 2021-2023 e del piano 2024-2026, per asse</caption>" in html
    )
    assert html.count('<th scope="col">') == 5
    assert "invariata: <strong>2</strong>" in html and "nuova: <strong>4</strong>" in html
    # every strategy of both editions links to its chain
    for item in PlanItem.objects.filter(
        plan__code__in=["2021-2023", "2024-2026"], level=PlanItem.Level.STRATEGIA
    ):
        assert f'href="/tracciabilita/voci/{item.pk}/"' in html


def test_the_editions_page_with_no_two_editions(db: None, client: Client) -> None:
    import_file(SEEDS["psm-monitoraggio"], "psm-monitoraggio")
    assert compare_editions() == []
    response = client.get("/tracciabilita/edizioni/")
    assert "Nessun piano ha due edizioni caricate." in response.content.decode()


def admin_form(link: Link | None = None, **values: Any) -> dict[str, Any]:
    fields = ["from_item", "to_item", "kind", "change", "local_code"]
    data = {field: "" for field in [*fields, "source_document", "source_line"]}
    if link is not None:
        data.update(
            {field: getattr(link, f"{field}_id", getattr(link, field, "")) for field in fields}
        )
    data.update(values)
    return data


def test_a_link_entered_in_the_admin_is_the_users_and_binds_the_rules(
    cmto_plans: None, admin_client: Client
) -> None:
    # Say that 2024-26's 4.2 ("formazione di eccellenza per tutti/e e su tutto il
    # territorio") is what continues 2021-23's 4.1, whose words it partly takes.
    old, new = strategy("2021-2023", "4.1"), strategy("2024-2026", "4.2")
    response = admin_client.post(
        "/admin/plans/link/add/",
        admin_form(from_item=new.pk, to_item=old.pk, kind="continues"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entered = Link.objects.get(from_item=new, to_item=old)
    assert (entered.origin, entered.change) == ("user", "renamed")
    counts = SyncCounts()
    refresh_derived_links(counts)
    entered.refresh_from_db()
    assert (entered.origin, entered.kind, entered.change) == ("user", "continues", "renamed")
    # one to one: 2021-23's 4.1 is taken, so 2024-26's 4.1 continues nothing now
    assert not Link.objects.filter(from_item=strategy("2024-2026", "4.1"), kind="continues")
    (comparison,) = describe_editions()
    assert comparison["counts"] == {"kept": 2, "renamed": 19, "dropped": 3, "new": 4}
    assert ("4.1", "4.2") in rows_by_change(comparison)["renamed"]
    assert (None, "4.1") in rows_by_change(comparison)["new"]
    # a second refresh, and a second import of every document, keep it as entered
    before = dump_database()
    for format_name in ["consiglio", "psm-preliminare", "psm-monitoraggio"]:
        import_file(SEEDS[format_name], format_name)
    assert dump_database() == before


def test_editing_a_derived_link_in_the_admin_makes_it_the_users(
    cmto_plans: None, admin_client: Client
) -> None:
    # 2024-26's 5.2 answers need 5.5 ("popolazione giovanile"), not 5.4: put it right
    derived = Link.objects.get(
        from_item=strategy("2024-2026", "5.2"), kind="addresses", origin="derived"
    )
    need = PlanItem.objects.get(plan__code="2024-2026-fase-preliminare", key="bisogno-5.5")
    response = admin_client.post(
        f"/admin/plans/link/{derived.pk}/change/", admin_form(derived, to_item=need.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    derived.refresh_from_db()
    assert (derived.origin, derived.to_item_id) == ("user", need.pk)
    counts = SyncCounts()
    refresh_derived_links(counts)
    assert counts.changed == 0  # the rule leaves a strategy a user linked to a need alone
    addressed = Link.objects.filter(from_item=strategy("2024-2026", "5.2"), kind="addresses")
    assert [(link.to_item.key, link.origin) for link in addressed] == [("bisogno-5.5", "user")]
    assert len(NEED_ADDRESSED) == Link.objects.filter(kind="addresses").count()


def test_a_derived_link_deleted_in_the_admin_stays_deleted(
    cmto_plans: None, admin_client: Client
) -> None:
    # 2024-26's 5.2 does not answer need 5.4: the user removes the derived link
    derived = Link.objects.get(
        from_item=strategy("2024-2026", "5.2"), kind="addresses", origin="derived"
    )
    assert derived.to_item.key == "bisogno-5.4"
    response = admin_client.post(f"/admin/plans/link/{derived.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    rejection = LinkRejection.objects.get()
    assert (rejection.from_item.code, rejection.to_item.key, rejection.kind) == (
        "5.2", "bisogno-5.4", "addresses",
    )  # fmt: skip
    assert (rejection.origin, rejection.rejected_by) == ("derived", "admin")
    # neither the rule nor a second import of every document makes it again
    counts = SyncCounts()
    refresh_derived_links(counts)
    assert counts.changed == 0
    before = dump_database()
    for format_name in ["consiglio", "psm-preliminare", "psm-monitoraggio"]:
        import_file(SEEDS[format_name], format_name)
    assert dump_database() == before
    assert not Link.objects.filter(from_item=strategy("2024-2026", "5.2"), kind="addresses")
    # removing the rejection gives the link back to the rule
    response = admin_client.post(
        f"/admin/plans/linkrejection/{rejection.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    refresh_derived_links(SyncCounts())
    restored = Link.objects.get(from_item=strategy("2024-2026", "5.2"), kind="addresses")
    assert (restored.to_item.key, restored.origin) == ("bisogno-5.4", "derived")


def test_a_stated_link_moved_in_the_admin_is_not_stated_again(
    cmto_plans: None, admin_client: Client
) -> None:
    # a project printed under a strategy: the user says it serves another one
    printed = (
        Link.objects.filter(
            from_item__level=PlanItem.Level.PROGETTO,
            to_item__level=PlanItem.Level.STRATEGIA,
            origin="stated",
        )
        .order_by("pk")
        .first()
    )
    assert printed is not None
    was_to = printed.to_item
    other = (
        PlanItem.objects.filter(plan=was_to.plan, level=PlanItem.Level.STRATEGIA)
        .exclude(pk=was_to.pk)
        .exclude(links_in__from_item=printed.from_item)
        .order_by("code")
        .first()
    )
    assert other is not None
    response = admin_client.post(
        f"/admin/plans/link/{printed.pk}/change/", admin_form(printed, to_item=other.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    result = import_file(SEEDS["psm-monitoraggio"], "psm-monitoraggio")
    assert result.counts.changed == 0  # the printed link is not made again beside the user's
    links = Link.objects.filter(from_item=printed.from_item, kind=printed.kind)
    assert was_to.pk not in {link.to_item_id for link in links}
    assert Link.objects.get(pk=printed.pk).origin == "user"
    assert LinkRejection.objects.filter(to_item=was_to, origin="stated").count() == 1


def test_deleting_a_users_own_link_rejects_nothing(cmto_plans: None, admin_client: Client) -> None:
    theme = PlanItem.objects.get(plan__code="2024-2026-fase-preliminare", key="tema-3")
    axis = PlanItem.objects.get(plan__code="2024-2026-fase-preliminare", key="asse-6")
    mine = Link.objects.create(
        from_item=theme, to_item=axis, kind=Link.Kind.POSSIBLE_AXIS, origin=Link.Origin.USER
    )
    response = admin_client.post(f"/admin/plans/link/{mine.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Link.objects.filter(pk=mine.pk).exists()
    assert not LinkRejection.objects.exists()


def test_a_user_link_with_the_key_of_a_derived_one_replaces_it(cmto_plans: None) -> None:
    derived = Link.objects.get(
        from_item=strategy("2021-2023", "1.7"), kind="serves", origin="derived"
    )
    derived.origin = Link.Origin.USER
    derived.save()
    counts = SyncCounts()
    refresh_derived_links(counts)  # makes no second link with the same key, deletes nothing
    assert counts.changed == 0
    assert Link.objects.get(pk=derived.pk).origin == "user"


def test_a_user_link_from_a_theme_survives_a_second_import(cmto_plans: None) -> None:
    theme = PlanItem.objects.get(plan__code="2024-2026-fase-preliminare", key="tema-3")
    axis = PlanItem.objects.get(plan__code="2024-2026-fase-preliminare", key="asse-6")
    Link.objects.create(
        from_item=theme, to_item=axis, kind=Link.Kind.POSSIBLE_AXIS, origin=Link.Origin.USER
    )
    assert import_file(SEEDS["psm-preliminare"], "psm-preliminare").counts.changed == 0
    assert Link.objects.filter(from_item=theme, to_item=axis, origin="user").exists()


def test_a_new_edition_that_prints_the_earlier_code_states_the_link(cmto_plans: None) -> None:
    # No seed prints one; a later edition of 001 could head "STRATEGIA 2.4 (ex 2.4)".
    water = strategy("2024-2026", "2.4")
    water.description += " (ex strategia 2.4)"
    water.save()
    counts = SyncCounts()
    refresh_derived_links(counts)
    stated = Link.objects.get(from_item=water, kind="continues")
    assert (stated.to_item.plan.code, stated.to_item.code) == ("2021-2023", "2.4")
    assert (stated.origin, stated.change) == ("stated", "renamed")
    assert (stated.source_document_id, stated.source_line) == (
        water.source_document_id,
        water.source_line,
    )
    assert counts.created == 1 and counts.deleted == 0
    water.description = water.description.removesuffix(" (ex strategia 2.4)")
    water.save()
    refresh_derived_links(SyncCounts())
    assert not Link.objects.filter(from_item=water, kind="continues").exists()


def test_the_migration_converts_the_borrowed_kinds(cmto_plans: None) -> None:
    migration = importlib.import_module(
        "cruscotto.plans.migrations.0005_link_kinds_and_edition_change"
    )
    addresses = set(Link.objects.filter(kind="addresses").values_list("pk", flat=True))
    possible = set(Link.objects.filter(kind="possible_axis").values_list("pk", flat=True))
    migration.backwards(apps, None)
    assert (
        set(
            Link.objects.filter(kind="serves", to_item__level="bisogno").values_list(
                "pk", flat=True
            )
        )
        == addresses
    )
    assert (
        set(
            Link.objects.filter(kind="refers_to", from_item__level="tema").values_list(
                "pk", flat=True
            )
        )
        == possible
    )
    migration.forwards(apps, None)
    assert set(Link.objects.filter(kind="addresses").values_list("pk", flat=True)) == addresses
    assert set(Link.objects.filter(kind="possible_axis").values_list("pk", flat=True)) == possible


def test_a_stated_link_a_user_took_over_survives_a_second_import(cmto_plans: None) -> None:
    # a project's strategy, as printed in the monitoring report, edited in the admin
    printed = Link.objects.filter(from_item__level=PlanItem.Level.PROGETTO, origin="stated").first()
    assert printed is not None
    printed.origin = Link.Origin.USER
    printed.save()
    result = import_file(SEEDS["psm-monitoraggio"], "psm-monitoraggio")
    assert result.counts.changed == 0  # no second link with its key, nothing deleted
    assert Link.objects.get(pk=printed.pk).origin == "user"


def test_a_turin_link_a_user_took_over_survives_a_second_import(
    seeded_db: Any, db: None, rendiconto_path: Path
) -> None:
    printed = Link.objects.filter(kind="refers_to", origin="stated").order_by("pk").first()
    assert printed is not None
    printed.origin = Link.Origin.USER
    printed.save()
    result = import_file(rendiconto_path, "rendiconto")
    assert result.counts.changed == 0
    assert Link.objects.get(pk=printed.pk).origin == "user"
