"""API tokens in the web app: a user creates one (its secret shown once), lists and revokes
their own; staff see and revoke everyone's; the history says who created or revoked
which token, and when. Another user's token is refused as if it did not exist."""

from __future__ import annotations

import re
from typing import Any

import pytest
from campaign_people import People
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import ApiToken
from cruscotto.accounts.services.tokens import create_token
from cruscotto.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE = "/riservata/token/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_history() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(action=AuditEntry.Action.API_TOKEN)
        .order_by("id")
        .values_list("actor", "summary")
    )


def test_a_user_creates_a_token_sees_it_once_and_revokes_it(people: People) -> None:
    client = logged_in(people.referente)
    answer = client.post(PAGE, {"nome": "gestionale", "ambito": "write", "scadenza": "30"})
    assert answer.status_code == 200
    page = answer.content.decode()
    secret = re.search(r'id="segreto"[^>]*value="(crs_[^"]+)"', page)
    assert secret is not None
    token = ApiToken.objects.get(user=people.referente)
    assert (token.name, token.scope, token.expires_at is not None) == ("gestionale", "write", True)
    # The secret works on the API as its user, and is never shown again.
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    assert client.get("/api/v1/riepilogo/", headers=headers).status_code == 200
    listed = client.get(PAGE).content.decode()
    assert secret.group(1) not in listed and f"{token.prefix}…" in listed
    assert token_history() == [
        (
            people.referente.username,
            f"Creato il token {token.prefix}… per «{people.referente.username}» (write)",
        )
    ]

    revoked = client.post(PAGE, {"revoca": str(token.pk)}, follow=True)
    assert f"Token {token.prefix}… revocato" in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/riepilogo/", headers=headers).status_code == 401
    assert token_history()[-1] == (
        people.referente.username,
        f"Revocato il token {token.prefix}… di «{people.referente.username}»",
    )


def test_a_user_sees_and_revokes_only_their_own_tokens(people: People) -> None:
    others = create_token(people.other_referente.username, "write").token
    own = create_token(people.referente.username, "read").token
    client = logged_in(people.referente)
    page = client.get(PAGE).content.decode()
    assert f"{own.prefix}…" in page and f"{others.prefix}…" not in page
    history = token_history()
    refused = client.post(PAGE, {"revoca": str(others.pk)}, follow=True).content.decode()
    assert f"Token non revocato: token {others.pk} non trovato." in refused
    others.refresh_from_db()
    assert others.revoked_at is None
    assert token_history() == history
    # Creating is for oneself only: a bad scope or expiry is refused, nothing created.
    for asked in ({"ambito": "admin"}, {"ambito": "read", "scadenza": "mai"}):
        answer = client.post(PAGE, asked, follow=True).content.decode()
        assert "Token non creato" in answer
    assert ApiToken.objects.count() == 2 and token_history() == history


def test_staff_see_and_revoke_everyones_tokens(people: People) -> None:
    staff = User.objects.create_user("personale", password="x", is_staff=True)
    tokens = [
        create_token(person.username, "read").token for person in (people.referente, people.ufficio)
    ]
    client = logged_in(staff)
    page = client.get(PAGE).content.decode()
    assert "I token di tutti gli utenti" in page
    assert all(f"{token.prefix}…" in page for token in tokens)
    client.post(PAGE, {"revoca": str(tokens[0].pk)})
    tokens[0].refresh_from_db()
    assert tokens[0].revoked_at is not None
    assert token_history()[-1][0] == "personale"


def test_the_page_asks_to_log_in(people: People, client: Client) -> None:
    answer = client.get(PAGE)
    assert answer.status_code == 302 and "/accesso/" in answer["Location"]
