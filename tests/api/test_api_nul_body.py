"""A NUL character in a JSON body is refused before any view reads it: PostgreSQL text
cannot hold one, and comparing a key with it failed inside the database (a 500 found by
the write fuzz on PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/campagne/torino/dup/2021-2026/2026/valori/"


@pytest.mark.parametrize(
    "body",
    [
        {"valori": [{"chiave": "a\u0000b", "valore": "1"}]},
        {"valori": [{"chiave\u0000": "a"}]},
        ["\u0000"],
    ],
)
def test_a_nul_in_a_json_body_is_refused_in_the_apis_words(client: Client, body: object) -> None:
    response = client.post(VALUES, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    answer = json.loads(response.content)
    assert "carattere nullo" in answer["errore"] and answer["dettagli"] == []


def test_a_body_without_nul_goes_on_to_the_view(client: Client) -> None:
    response = client.post(VALUES, json.dumps({"valori": []}), content_type="application/json")
    assert "carattere nullo" not in json.loads(response.content)["errore"]
