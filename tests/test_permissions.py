"""Every reserved page, download and API call refuses every role that may not read it,
a user of another ente included; the published plan stays public.

One test per person (as hc's alice, bob and charlie): each walks every reserved
address and is refused where its roles do not reach, and let in where they do, so
that a refusal cannot pass by a page that refuses everybody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, OrgUnit, Person
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.models import StructureManager
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.plans.models import Plan, PlanItem

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PERFORMANCE_SEED = SAMPLES / "004_63c10e375ed7a47e.txt"

# What a refusal answers: the login page for an anonymous visitor of a page behind
# login, 403 for everybody else (and for the JSON API, which has no login page).
REFUSED = {302, 403}


@dataclass
class Addresses:
    """The reserved addresses of the two enti's data, and whose they are."""

    dashboard: str  # Turin's DUP: the ufficio's and valutatore's of Turin
    history: str  # an item of Turin's DUP: its history, for whom reads Turin's reserved data
    matrix_xlsx: str  # every cmto manager's scores
    own_scorecard: str  # the cmto dirigente's own scorecard
    own_scorecard_xlsx: str
    other_scorecard: str  # another cmto manager's
    scores_api: str
    admin: str

    def every(self) -> dict[str, str]:
        return dict(vars(self))


@pytest.fixture
def addresses(seeded_db: LoadResult, db: None) -> Addresses:
    source = SourceFile.read(PERFORMANCE_SEED)
    load_performance_plan(parse_and_check(source.text), source, actor="test")
    performance = Plan.objects.get(kind=Plan.Kind.PERFORMANCE, ente__code="cmto")
    managers = StructureManager.objects.filter(plan=performance, person__isnull=False)
    own, other = managers.order_by("org_unit__code")[0], managers.order_by("-org_unit__code")[0]
    assert own.person_id != other.person_id
    dup = Plan.objects.get(kind=Plan.Kind.DUP, ente__code="torino")
    item = PlanItem.objects.filter(plan=dup).order_by("pk").first()
    assert item is not None
    base = f"/performance/{performance.pk}"
    return Addresses(
        dashboard=f"/riservata/piani/{dup.pk}/",
        history=f"/voci/{item.pk}/storia/",
        matrix_xlsx=f"{base}/assegnazioni.xlsx",
        own_scorecard=f"{base}/dirigenti/{own.person_id}/",
        own_scorecard_xlsx=f"{base}/dirigenti/{own.person_id}/scheda.xlsx",
        other_scorecard=f"{base}/dirigenti/{other.person_id}/",
        scores_api=f"/api/piani/cmto/performance/{performance.code}/punteggi/",
        admin="/admin/plans/planitem/",
    )


def own_unit() -> OrgUnit:
    """The structure of the cmto dirigente (the first by code, as `addresses` picks)."""
    return (
        StructureManager.objects.filter(plan__ente__code="cmto", person__isnull=False)
        .order_by("org_unit__code")[0]
        .org_unit
    )


def ente(code: str) -> Ente:
    return Ente.objects.get(code=code)


# Each person, and the addresses they may open; every other address refuses them.
PEOPLE: dict[str, tuple[Callable[[], tuple[str | None, Ente | None, list[OrgUnit]]], set[str]]] = {
    "anonimo": (lambda: ("-", None, []), set()),
    "cittadino": (lambda: (None, None, []), set()),
    "referente cmto": (lambda: (Role.Kind.REFERENTE, ente("cmto"), [own_unit()]), set()),
    "dirigente cmto": (
        lambda: (Role.Kind.DIRIGENTE, ente("cmto"), [own_unit()]),
        {"own_scorecard", "own_scorecard_xlsx"},
    ),
    "ufficio cmto": (
        lambda: (Role.Kind.UFFICIO, ente("cmto"), []),
        {"matrix_xlsx", "own_scorecard", "own_scorecard_xlsx", "other_scorecard", "scores_api"},
    ),
    "valutatore cmto": (
        lambda: (Role.Kind.VALUTATORE, ente("cmto"), []),
        {"matrix_xlsx", "own_scorecard", "own_scorecard_xlsx", "other_scorecard", "scores_api"},
    ),
    "ufficio torino": (lambda: (Role.Kind.UFFICIO, ente("torino"), []), {"dashboard", "history"}),
    "valutatore torino": (
        lambda: (Role.Kind.VALUTATORE, ente("torino"), []),
        {"dashboard", "history"},
    ),
    "amministratore torino": (
        lambda: (Role.Kind.AMMINISTRATORE, ente("torino"), []),
        {"dashboard", "history"},  # of one ente: not the admin, which shows every ente
    ),
    "amministratore di tutti": (
        lambda: (Role.Kind.AMMINISTRATORE, None, []),
        set(Addresses.__dataclass_fields__),
    ),
}


@pytest.mark.parametrize("person", list(PEOPLE))
def test_each_person_opens_only_what_their_roles_reach(
    person: str, addresses: Addresses, client: Client
) -> None:
    describe, allowed = PEOPLE[person]
    kind, role_ente, units = describe()
    if kind != "-":
        user = User.objects.create_user("persona", password="una-password-di-prova")
        if kind is not None:
            role = Role.objects.create(user=user, ente=role_ente, kind=kind)
            role.org_units.set(units)
        client.force_login(user)
    for name, url in addresses.every().items():
        response = client.get(url)
        if name in allowed:
            assert response.status_code == 200, (person, url)
        else:
            assert response.status_code in REFUSED, (person, url, response.status_code)
            if response.status_code == 302:
                assert (
                    "/accesso/" in response["Location"] or "/admin/login/" in response["Location"]
                ), (person, url)
            else:
                assert "Non consentito" in response.content.decode(), (person, url)


def test_the_published_plan_stays_public(addresses: Addresses, client: Client) -> None:
    performance = Plan.objects.get(kind=Plan.Kind.PERFORMANCE, ente__code="cmto")
    dup = Plan.objects.get(kind=Plan.Kind.DUP, ente__code="torino")
    item = PlanItem.objects.filter(plan=dup).order_by("pk").first()
    assert item is not None
    for url in [
        "/",
        f"/piani/{dup.pk}/",
        f"/voci/{item.pk}/",
        f"/performance/{performance.pk}/",
        f"/api/piani/cmto/performance/{performance.code}/assegnazioni/",
        f"/api/piani/cmto/performance/{performance.code}/validazione/",
        "/api/piani/",
        "/documenti/",
        "/documenti/sorgenti/",
    ]:
        assert client.get(url).status_code == 200, url
    # The public matrix names the managers but neither links their scorecards nor offers
    # the workbook of their scores; the item page does not link the history.
    matrix = client.get(f"/performance/{performance.pk}/").content.decode()
    assert "/dirigenti/" not in matrix and "assegnazioni.xlsx" not in matrix
    assert Person.objects.get(pk=addresses.own_scorecard.split("/")[-2]).name in matrix
    assert "/storia/" not in client.get(f"/voci/{item.pk}/").content.decode()


def test_the_admin_login_refuses_who_does_not_administer_every_ente(
    addresses: Addresses, client: Client
) -> None:
    for kind, role_ente in [
        (Role.Kind.UFFICIO, ente("cmto")),
        (Role.Kind.AMMINISTRATORE, ente("torino")),
    ]:
        user = User.objects.create_user(f"u-{kind}", password="una-password-di-prova")
        Role.objects.create(user=user, ente=role_ente, kind=kind)
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": "una-password-di-prova"},
        )
        assert response.status_code == 200
        assert "Accesso negato: l&#x27;amministrazione è riservato" in response.content.decode()
        assert client.get("/admin/").status_code == 302
    admin = User.objects.create_user("amministratore", password="una-password-di-prova")
    Role.objects.create(user=admin, ente=None, kind=Role.Kind.AMMINISTRATORE)
    assert not admin.is_staff and not admin.is_superuser  # the role alone opens the admin
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "amministratore", "password": "una-password-di-prova"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(addresses.admin).status_code == 200
