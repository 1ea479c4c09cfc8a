"""One department printed three ways: an alias joins them, the department filter lists one
unit with the activities of all three, and the next import finds the unit by its alias."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.cli import main
from cruscotto.core.models import (
    AuditEntry,
    Ente,
    ImportDiagnostic,
    OrgUnit,
    OrgUnitAlias,
    UserEdit,
)
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.plans.models import Plan, Responsibility
from cruscotto.plans.services.browse import ItemFilters, filter_items, list_filter_choices
from cruscotto.plans.services.units import (
    UnitAliasRefused,
    add_unit_alias,
    core_name,
    propose_unit_aliases,
)

PERFORMANCE_SEED = Path(__file__).resolve().parent.parent / "samples" / "004_63c10e375ed7a47e.txt"
CANONICAL = "Corpo di Polizia Locale"
ALIASES = ["Polizia Locale", "Corpo di Polizia Municipale"]


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(ente__code="torino", name=name)


def dup_plan() -> Plan:
    return Plan.objects.get(ente__code="torino", kind=Plan.Kind.DUP)


def items_of(org_unit: OrgUnit) -> set[int]:
    return {item.pk for item in filter_items(dup_plan(), ItemFilters(org_unit=org_unit.pk))}


def police_units_in_filter() -> list[str]:
    return [
        u.name for u in list_filter_choices(dup_plan()).org_units if "POLIZIA" in u.normalized_name
    ]


def test_after_the_aliases_the_department_filter_lists_one_unit_with_the_items_of_all_three(
    seeded_db: LoadResult, db: None
) -> None:
    assert police_units_in_filter() == sorted([CANONICAL, *ALIASES])
    every_item = set().union(*(items_of(unit(name)) for name in [CANONICAL, *ALIASES]))
    responsibilities = Responsibility.objects.filter(
        org_unit__name__in=[CANONICAL, *ALIASES]
    ).count()
    to_move = Responsibility.objects.filter(org_unit__name__in=ALIASES).count()
    torino = Ente.objects.get(code="torino")

    for alias in ALIASES:
        added = add_unit_alias(torino, alias, unit(CANONICAL), "ufficio", "command")
        assert added.merged is not None and added.merged.name == alias

    assert police_units_in_filter() == [CANONICAL]
    assert items_of(unit(CANONICAL)) == every_item
    assert Responsibility.objects.filter(org_unit=unit(CANONICAL)).count() == responsibilities
    assert not OrgUnit.objects.filter(name__in=ALIASES).exists()
    # The history: each moved responsibility is a user's change, each merged unit a deletion.
    assert (
        UserEdit.objects.filter(model="plans.responsibility", field="org_unit_id").count()
        == to_move
    )
    deletions = AuditEntry.objects.filter(action=AuditEntry.Action.RECORD_DELETED)
    assert sorted(entry.details["records"][0]["label"] for entry in deletions) == sorted(ALIASES)
    assert sorted(OrgUnitAlias.objects.values_list("alias", flat=True)) == sorted(ALIASES)


def test_the_next_import_finds_the_unit_by_its_alias_and_says_so(
    seeded_db: LoadResult, db: None, rendiconto_path: Path
) -> None:
    torino = Ente.objects.get(code="torino")
    for alias in ALIASES:
        add_unit_alias(torino, alias, unit(CANONICAL), "ufficio", "command")
    responsibilities = set(Responsibility.objects.values_list("pk", "item_id", "org_unit_id"))

    source = SourceFile.read(rendiconto_path)
    result = FORMATS["rendiconto"].import_document(
        parse_rendiconto(source.text), source, "test", SilentProgress()
    )

    assert not OrgUnit.objects.filter(name__in=ALIASES).exists()
    assert set(Responsibility.objects.values_list("pk", "item_id", "org_unit_id")) == (
        responsibilities
    )
    resolved = [d for d in result.diagnostics if d.code == "unit_alias_resolved"]
    assert [d.message for d in resolved] == [
        f"La struttura «{alias}» è un altro nome di «{CANONICAL}»: le sue voci sono "
        f"attribuite a «{CANONICAL}»."
        for alias in ALIASES
    ]
    assert ImportDiagnostic.objects.filter(code="unit_alias_resolved").count() == 2


def test_the_documents_propose_aliases_only_where_the_records_tie_the_names(
    seeded_db: LoadResult, db: None
) -> None:
    proposals = {
        proposal.canonical.name: sorted(unit.name for unit in proposal.aliases)
        for proposal in propose_unit_aliases(Ente.objects.get(code="torino"))
    }
    # "Polizia Locale" answers for activities of a programma that lists "DIPARTIMENTO CORPO
    # POLIZIA LOCALE" among its units, and so does "Corpo di Polizia Locale".
    assert proposals[CANONICAL] == [
        "DIPARTIMENTO CORPO DI POLIZIA LOCALE",
        "DIPARTIMENTO CORPO POLIZIA LOCALE",
        "Polizia Locale",
    ]
    # "Municipale" and "Locale" are other words: no record ties them, so nothing proposes it.
    assert proposals["Corpo di Polizia Municipale"] == ["DIPARTIMENTO CORPO DI POLIZIA MUNICIPALE"]
    # The import said so, at the line of the programma that first names the unit.
    proposed = ImportDiagnostic.objects.filter(code="unit_alias_proposed")
    assert proposed.filter(message__contains="«Polizia Locale»").count() == 1
    assert core_name("DIPARTIMENTO CORPO DI POLIZIA LOCALE") == "POLIZIA LOCALE"


def test_an_alias_of_another_unit_or_a_merge_that_would_repeat_a_responsibility_is_refused(
    seeded_db: LoadResult, db: None
) -> None:
    torino = Ente.objects.get(code="torino")
    add_unit_alias(torino, "Polizia Locale", unit(CANONICAL), "ufficio", "command")
    other = unit("Corpo di Polizia Municipale")
    with pytest.raises(UnitAliasRefused, match="già un altro nome di «Corpo di Polizia Locale»"):
        add_unit_alias(torino, "Polizia Locale", other, "ufficio", "command")

    # An activity both units answer for: merging them would make it answered for twice.
    responsibility = Responsibility.objects.filter(org_unit=other).first()
    assert responsibility is not None
    Responsibility.objects.create(
        item=responsibility.item, org_unit=unit(CANONICAL), role=responsibility.role
    )
    before = set(Responsibility.objects.values_list("pk", "org_unit_id"))
    audits = AuditEntry.objects.count()
    with pytest.raises(UnitAliasRefused, match="hanno entrambe"):
        add_unit_alias(torino, other.name, unit(CANONICAL), "ufficio", "command")
    assert set(Responsibility.objects.values_list("pk", "org_unit_id")) == before
    assert OrgUnit.objects.filter(pk=other.pk).exists()
    assert not OrgUnitAlias.objects.filter(normalized_alias=other.normalized_name).exists()
    assert AuditEntry.objects.count() == audits


def test_the_command_adds_an_alias_and_merges_the_unit(seeded_db: LoadResult, db: None) -> None:
    result = CliRunner().invoke(main, ["units", "alias", "torino", "Polizia Locale", CANONICAL])
    assert result.exit_code == 0, result.output
    assert "«Polizia Locale» è un altro nome di «Corpo di Polizia Locale»" in result.output
    assert "4 dati spostati" in " ".join(result.output.split())
    alias = OrgUnitAlias.objects.get()
    assert (alias.alias, alias.unit.name, alias.source) == ("Polizia Locale", CANONICAL, "command")
    assert alias.added_by.startswith("cli:")

    refused = CliRunner().invoke(main, ["units", "alias", "torino", "Polizia Locale", "Nessuna"])
    assert refused.exit_code == 1
    assert "nessuna unità organizzativa" in refused.output


def test_the_admin_adds_an_alias_through_the_service(seeded_db: LoadResult, db: None) -> None:
    user = User.objects.create_user("amministratrice")
    Role.objects.create(user=user, ente=None, kind=Role.Kind.AMMINISTRATORE)
    client = Client()
    client.force_login(user)
    canonical = unit(CANONICAL)

    response = client.post(
        "/admin/core/orgunitalias/add/", {"unit": canonical.pk, "alias": "Polizia Locale"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    alias = OrgUnitAlias.objects.get()
    assert (alias.alias, alias.unit_id, alias.source, alias.added_by) == (
        "Polizia Locale",
        canonical.pk,
        "admin",
        "amministratrice",
    )
    assert not OrgUnit.objects.filter(name="Polizia Locale").exists()
    assert AuditEntry.objects.filter(
        actor="amministratrice", summary__startswith="Aggiunto «Polizia Locale»"
    ).exists()
    # Its own name is refused, with the reason on the form and nothing added.
    refused = client.post(
        "/admin/core/orgunitalias/add/", {"unit": canonical.pk, "alias": CANONICAL.upper()}
    )
    assert refused.status_code == 200
    assert "è già il nome di" in refused.content.decode()
    assert OrgUnitAlias.objects.count() == 1
    # The unit's page shows its other names.
    page = client.get(f"/admin/core/orgunit/{canonical.pk}/change/").content.decode()
    assert "Polizia Locale" in page and "amministratrice" in page


def test_the_performance_plan_finds_a_structure_by_its_alias(empty_db: None) -> None:
    cmto = Ente.objects.get(code="cmto")
    police = OrgUnit.objects.create(
        ente=cmto, name="Polizia metropolitana", normalized_name="POLIZIA METROPOLITANA"
    )
    add_unit_alias(cmto, "A55 – Polizia metropolitana", police, "ufficio", "command")
    source = SourceFile.read(PERFORMANCE_SEED)

    result = load_performance_plan(parse_and_check(source.text), source, actor="test")

    police.refresh_from_db()
    assert police.code == "A55"
    assert not OrgUnit.objects.filter(ente=cmto, name__startswith="A55").exists()
    assert [d.message for d in result.diagnostics if d.code == "unit_alias_resolved"] == [
        "La struttura «A55 – Polizia metropolitana» è un altro nome di «Polizia metropolitana»: "
        "le sue voci sono attribuite a «Polizia metropolitana»."
    ]
