"""A referente's write token posts a year's indicator values for their unit through the
campaign service the forms use, and reads them back; the refusals are the service's,
with their status; an Idempotency-Key makes a retry answer the same without writing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_people import YEAR, People
from django.test import Client

from cruscotto.accounts.services.tokens import create_token
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.review import submit_unit
from cruscotto.core.models import UserEdit
from cruscotto.core.services.user_edits import field_values

pytestmark = pytest.mark.django_db

CAMPAIGN = f"/api/v1/campagne/torino/dup/2021-2026/{YEAR}/"
VALUES = CAMPAIGN + "valori/"
# A value of each indicator type the campaign asks for, as a referente would type it.
TYPED_VALUES = {"count": "12", "percent": "45%", "": "7"}


def token_headers(username: str, scope: str = "write", **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(username, scope).secret}", **more}


def post(client: Client, body: Any, headers: dict[str, str]) -> Any:
    return client.post(VALUES, json.dumps(body), content_type="application/json", headers=headers)


def answer(response: Any, status: int) -> Any:
    assert response.status_code == status, response.content[:800]
    return json.loads(response.content)


def indicator_entries(campaign: Campaign, unit: Any, count: int = 3) -> list[Entry]:
    entries = list(
        Entry.objects.filter(
            campaign=campaign,
            org_unit=unit,
            kind=Entry.Kind.INDICATOR,
            expected_type__in=list(TYPED_VALUES),
        ).order_by("position")[:count]
    )
    assert len(entries) == count
    return entries


def snapshot(campaign: Campaign) -> tuple[list[dict[str, Any]], int]:
    """Every entry of the campaign and the history's length: what a refusal must not change."""
    entries = [field_values(entry) for entry in Entry.objects.filter(campaign=campaign)]
    return entries, UserEdit.objects.count()


def test_a_referente_posts_a_years_indicator_values_and_reads_them_back(
    people: People, campaign: Campaign, client: Client
) -> None:
    headers = token_headers(people.referente.username)
    todo = answer(client.get(CAMPAIGN, headers=headers), 200)
    assert [unit["unit_name"] for unit in todo] == [people.unit.name]  # their unit only
    entries = indicator_entries(campaign, people.unit)
    sent = [
        {"chiave": entry.key, "valore": TYPED_VALUES[entry.expected_type], "versione": 0}
        for entry in entries
    ]
    edits_before = UserEdit.objects.count()
    assert answer(post(client, {"valori": sent}, headers), 200) == {
        "salvati": 3,
        "invariati": 0,
        "valori": [{"chiave": entry.key, "versione": 1, "salvato": True} for entry in entries],
    }
    # Read back: the values, at their new version, entered by the referente.
    items = {
        item["key"]: item for item in answer(client.get(CAMPAIGN, headers=headers), 200)[0]["items"]
    }
    for value in sent:
        item = items[value["chiave"]]
        assert (item["text"], item["version"], item["filled"]) == (value["valore"], 1, True)
    for entry in Entry.objects.filter(pk__in=[entry.pk for entry in entries]):
        assert entry.entered_by == people.referente
    # The history names the token's user and the way it came.
    edits = UserEdit.objects.order_by("id")[edits_before:]
    assert {edit.actor for edit in edits} == {people.referente.username}
    assert all(
        edit.reason.startswith(f"campagna {YEAR} – DUP 2021-2026, API, token crs_")
        for edit in edits
    )
    assert UnitProgress.objects.get(campaign=campaign, org_unit=people.unit).state == "bozza"
    # Sent again, unchanged: nothing written.
    again = answer(
        post(client, {"valori": [{**value, "versione": 1} for value in sent]}, headers), 200
    )
    assert (again["salvati"], again["invariati"]) == (0, 3)
    assert UserEdit.objects.count() == edits_before + len(list(edits))


def test_the_refusals_write_nothing_and_say_why(
    people: People, campaign: Campaign, client: Client
) -> None:
    headers = token_headers(people.referente.username)
    own = indicator_entries(campaign, people.unit, 1)[0]
    others = indicator_entries(campaign, people.other_unit, 1)[0]
    good = {"chiave": own.key, "valore": TYPED_VALUES[own.expected_type], "versione": 0}
    before = snapshot(campaign)

    def refused(body: Any, status: int, request_headers: dict[str, str] = headers) -> Any:
        found = answer(post(client, body, request_headers), status)
        assert snapshot(campaign) == before, body  # nothing written, not even the good value
        return found

    # Another unit's value: 403, and the batch's good value is not written either.
    other = {"chiave": others.key, "valore": "3", "versione": 0}
    assert refused({"valori": [good, other]}, 403) == {
        "errore": "nessun valore salvato: 1 rifiutati su 2",
        "dettagli": [
            {
                "chiave": others.key,
                "messaggio": "solo i referenti dell'unità organizzativa possono modificarne "
                f"i dati ({people.other_unit.name}).",
            }
        ],
    }
    count_entry = Entry.objects.filter(
        campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR, expected_type="count"
    ).first()
    assert count_entry is not None
    bad = refused({"valori": [{"chiave": count_entry.key, "valore": "molti", "versione": 0}]}, 422)
    assert bad["dettagli"] == [
        {"chiave": count_entry.key, "messaggio": "valore «molti» non valido: serve un numero"}
    ]
    unknown = refused(
        {"valori": [{"chiave": "indicatore:nessuno", "valore": "1", "versione": 0}]}, 404
    )
    assert unknown["dettagli"][0]["messaggio"] == "non è un dato della campagna"
    malformed = refused({"valori": [{"chiave": own.key, "versione": -1}]}, 422)
    assert malformed == {
        "errore": "parametri non validi",
        "dettagli": [
            {"campo": "body.valori.0.valore", "messaggio": "obbligatorio"},
            {"campo": "body.valori.0.versione", "messaggio": "deve essere almeno 0"},
        ],
    }
    # Who: a read token, no token (the session is for reading), the dirigente's write token.
    assert refused({"valori": [good]}, 403, token_headers(people.referente.username, "read"))[
        "errore"
    ].startswith("il token è di sola lettura")
    client.force_login(people.referente)
    assert refused({"valori": [good]}, 401, {})["errore"].startswith("per scrivere serve un token")
    client.logout()
    refused({"valori": [good]}, 403, token_headers(people.dirigente.username))
    # A stale version: someone saved since it was read.
    saved = answer(post(client, {"valori": [good]}, headers), 200)
    assert saved["valori"][0]["versione"] == 1
    before = snapshot(campaign)
    stale = refused({"valori": [{**good, "valore": "99"}]}, 409)
    assert (
        "è stato modificato da referente.uno dopo che lo avete letto"
        in stale["dettagli"][0]["messaggio"]
    )
    # A submitted unit is locked: 409.
    submit_unit(people.referente, campaign, people.unit)
    before = snapshot(campaign)
    locked = refused({"valori": [{**good, "valore": "99", "versione": 1}]}, 409)
    assert "è stata inviata all'ufficio di controllo" in locked["dettagli"][0]["messaggio"]


def test_an_idempotency_key_answers_a_retry_without_writing_again(
    people: People, campaign: Campaign, client: Client
) -> None:
    headers = token_headers(people.referente.username, **{"Idempotency-Key": "invio-2026-01"})
    own = indicator_entries(campaign, people.unit, 1)[0]
    body = {"valori": [{"chiave": own.key, "valore": "31", "versione": 0}]}
    if own.expected_type == "percent":
        body["valori"][0]["valore"] = "31%"
    first = post(client, body, headers)
    first_answer = answer(first, 200)
    assert first_answer["salvati"] == 1 and "Idempotent-Replayed" not in first
    after_first = snapshot(campaign)
    retried = post(client, body, headers)
    assert answer(retried, 200) == first_answer
    assert retried["Idempotent-Replayed"] == "true"
    assert snapshot(campaign) == after_first  # no second write, no second history record
    changed = {"valori": [{**body["valori"][0], "valore": "32", "versione": 1}]}
    reused = answer(post(client, changed, headers), 422)
    assert (
        reused["errore"]
        == "Idempotency-Key «invio-2026-01» già usata per un'altra richiesta: usarne una nuova"
    )
    assert snapshot(campaign) == after_first
    # A refusal is an answer too: replayed as it was.
    other_key = {**headers, "Idempotency-Key": "invio-2026-02"}
    stale = answer(post(client, body, other_key), 409)
    assert answer(post(client, body, other_key), 409) == stale
