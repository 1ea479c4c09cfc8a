"""The campaign's cycle through the API, with the services' rules: the ufficio opens the
campaign, returns and accepts a unit's answer and closes it; the referente sends it.
Every role that may not is refused with its status, and the refusal changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_people import YEAR, People
from django.test import Client

from cruscotto.accounts.services.tokens import create_token
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.core.models import AuditEntry, UserEdit

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/campagne/torino/dup/2021-2026/"
CAMPAIGN = f"{PLAN}{YEAR}/"
DEADLINE = f"{YEAR + 1}-03-31"


def headers_of(user: Any, scope: str = "write", **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user.username, scope).secret}", **more}


def post(client: Client, url: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def answer(response: Any, status: int) -> Any:
    assert response.status_code == status, response.content[:800]
    return json.loads(response.content)


def unit_url(people: People, unit: Any, action: str) -> str:
    return f"{CAMPAIGN}unita/{unit_code(unit)}/{action}/"


def snapshot() -> tuple[Any, ...]:
    """The campaigns, the units' states, the history: what a refusal must not change."""
    return (
        sorted(Campaign.objects.values_list("year", "state")),
        sorted(UnitProgress.objects.values_list("campaign__year", "org_unit", "state")),
        UserEdit.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_ufficio_opens_the_years_campaign_once(people: People, client: Client) -> None:
    headers = headers_of(people.ufficio, **{"Idempotency-Key": "apertura-1"})
    body = {"anno": YEAR, "scadenza": DEADLINE}
    opened = answer(post(client, PLAN, body, headers), 201)
    campaign = Campaign.objects.get(plan=people.dup, year=YEAR)
    assert (opened["ente"], opened["piano"], opened["anno"]) == ("torino", "dup/2021-2026", YEAR)
    assert (opened["stato"], opened["scadenza"]) == ("open", DEADLINE)
    assert len(opened["unita"]) == campaign.units.count() > 0
    assert {unit["state"] for unit in opened["unita"]} == {"da_fare"}
    assert sum(unit["to_do"] for unit in opened["unita"]) == campaign.entries.count()
    audit = AuditEntry.objects.get(document=campaign.document)
    assert audit.actor == people.ufficio.username
    # Retried with the same key: the same answer, replayed, and still one campaign.
    response = post(client, PLAN, body, headers)
    assert answer(response, 201) == opened
    assert response["Idempotent-Replayed"] == "true"
    assert Campaign.objects.filter(plan=people.dup).count() == 1
    # Asked again without the key: the year's campaign exists already.
    without_key = headers_of(people.ufficio)
    before = snapshot()
    again = answer(post(client, PLAN, body, without_key), 409)
    assert again == {
        "errore": f"esiste già la campagna {YEAR} per «{people.dup}»",
        "dettagli": [],
    }
    # A year outside the plan's period is a request that cannot be done.
    outside = answer(post(client, PLAN, {**body, "anno": 2030}, without_key), 422)
    assert outside["errore"] == "l'anno 2030 è fuori dal periodo del piano 2021-2026"
    assert snapshot() == before


def test_a_unit_is_sent_returned_accepted_and_the_campaign_closed(
    people: People, campaign: Campaign, client: Client
) -> None:
    referente, ufficio = headers_of(people.referente), headers_of(people.ufficio)
    entry = (
        Entry.objects.filter(campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR)
        .exclude(expected_type="text")
        .order_by("position")
        .first()
    )
    assert entry is not None
    value = {"chiave": entry.key, "valore": "7", "versione": 0}
    answer(post(client, f"{CAMPAIGN}valori/", {"valori": [value]}, referente), 200)
    sent = answer(post(client, unit_url(people, people.unit, "invio"), {}, referente), 200)
    assert sent == {"unita": unit_code(people.unit), "nome": people.unit.name, "stato": "inviata"}

    review = unit_url(people, people.unit, "revisione")
    before = snapshot()
    without_comment = answer(post(client, review, {"esito": "restituisci"}, ufficio), 422)
    assert without_comment["errore"] == (
        "per restituire un'unità serve un commento che dica cosa correggere"
    )
    assert snapshot() == before
    returned = answer(
        post(client, review, {"esito": "restituisci", "commento": "Manca la fonte"}, ufficio), 200
    )
    assert returned["stato"] == "restituita"
    progress = UnitProgress.objects.get(campaign=campaign, org_unit=people.unit)
    assert (progress.return_comment, progress.reviewed_by) == ("Manca la fonte", people.ufficio)

    answer(post(client, unit_url(people, people.unit, "invio"), {}, referente), 200)
    accepted = answer(post(client, review, {"esito": "accetta"}, ufficio), 200)
    assert accepted["stato"] == "accettata"
    before = snapshot()
    again = answer(post(client, review, {"esito": "accetta"}, ufficio), 409)
    assert (
        again["errore"]
        == f"l'unità {people.unit.name} è già stata accettata: i suoi dati sono bloccati"
    )
    # An accepted unit's values are locked: the referente's change is a conflict.
    locked = answer(
        post(
            client,
            f"{CAMPAIGN}valori/",
            {"valori": [{**value, "valore": "8", "versione": 1}]},
            referente,
        ),
        409,
    )
    assert locked["dettagli"] == [
        {
            "chiave": entry.key,
            "messaggio": f"l'unità {people.unit.name} è stata accettata: i suoi dati sono bloccati",
        }
    ]
    assert snapshot() == before

    board = answer(client.get(f"{CAMPAIGN}avanzamento/", headers=ufficio), 200)
    states = {unit["code"]: unit["state"] for unit in board["unita"]}
    assert states[unit_code(people.unit)] == "accettata"
    assert states[unit_code(people.other_unit)] == "da_fare"

    closed = answer(post(client, f"{CAMPAIGN}chiusura/", {}, ufficio), 200)
    assert closed["applicati"] and all(count > 0 for count in closed["applicati"].values())
    assert unit_code(people.other_unit) in closed["unita_non_accettate"]
    assert unit_code(people.unit) not in closed["unita_non_accettate"]
    campaign.refresh_from_db()
    assert (campaign.state, campaign.closed_by) == ("closed", people.ufficio)
    before = snapshot()
    assert answer(post(client, f"{CAMPAIGN}chiusura/", {}, ufficio), 409) == {
        "errore": f"la campagna {YEAR} di «{people.dup}» è chiusa",
        "dettagli": [],
    }
    assert snapshot() == before


# Who may not, for each endpoint of the cycle: (role, scope of their token or None for no
# token, endpoint, status). The ufficio of another ente and the roles of Torino that do
# not run campaigns are refused as the web app refuses them.
REFUSALS = [
    ("anonymous", None, "open", 401),
    ("anonymous", None, "submit", 401),
    ("anonymous", None, "review", 401),
    ("anonymous", None, "close", 401),
    ("anonymous", None, "board", 401),
    ("ufficio", "read", "open", 403),
    ("ufficio", "read", "review", 403),
    ("ufficio", "read", "close", 403),
    ("referente", "read", "submit", 403),
    ("referente", "write", "open", 403),
    ("referente", "write", "review", 403),
    ("referente", "write", "close", 403),
    ("referente", "write", "board", 403),
    ("other_referente", "write", "submit", 403),
    ("ufficio", "write", "submit", 403),
    ("dirigente", "write", "open", 403),
    ("dirigente", "write", "submit", 403),
    ("dirigente", "write", "review", 403),
    ("dirigente", "write", "close", 403),
    ("dirigente", "write", "board", 403),
    ("valutatore", "write", "open", 403),
    ("valutatore", "write", "submit", 403),
    ("valutatore", "write", "review", 403),
    ("valutatore", "write", "close", 403),
    ("ufficio_cmto", "write", "open", 403),
    ("ufficio_cmto", "write", "submit", 403),
    ("ufficio_cmto", "write", "review", 403),
    ("ufficio_cmto", "write", "close", 403),
    ("ufficio_cmto", "write", "board", 403),
]


@pytest.mark.parametrize(("role", "scope", "endpoint", "status"), REFUSALS)
def test_who_may_not_is_refused_and_nothing_changes(
    people: People, campaign: Campaign, client: Client, role: str, scope: str | None,
    endpoint: str, status: int,
) -> None:  # fmt: skip
    headers = headers_of(getattr(people, role), scope) if scope else {}
    requests = {
        "open": (PLAN, {"anno": YEAR - 1, "scadenza": DEADLINE}),
        "submit": (unit_url(people, people.unit, "invio"), {}),
        "review": (unit_url(people, people.unit, "revisione"), {"esito": "accetta"}),
        "close": (f"{CAMPAIGN}chiusura/", {}),
    }
    before = snapshot()
    if endpoint == "board":
        response = client.get(f"{CAMPAIGN}avanzamento/", headers=headers)
    else:
        url, body = requests[endpoint]
        response = post(client, url, body, headers)
    refused = answer(response, status)
    assert refused["errore"] and refused["dettagli"] == []
    assert snapshot() == before


def test_an_unknown_campaign_or_unit_is_not_found(
    people: People, campaign: Campaign, client: Client
) -> None:
    ufficio = headers_of(people.ufficio)
    before = snapshot()
    missing_year = f"{PLAN}{YEAR - 1}/chiusura/"
    assert answer(post(client, missing_year, {}, ufficio), 404) == {
        "errore": f"campagna non trovata: torino/dup/2021-2026/{YEAR - 1}",
        "dettagli": [],
    }
    unknown_unit = answer(
        post(client, f"{CAMPAIGN}unita/nessuna-unita/revisione/", {"esito": "accetta"}, ufficio),
        404,
    )
    assert "nessuna-unita" in unknown_unit["errore"]
    assert snapshot() == before
