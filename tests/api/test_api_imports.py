"""An amministratore imports a document through the API with the command line's rules: the
same diagnostics, dry run and refusals; whoever may not import for the document's ente
is refused, and every refusal leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import CMTO_SEEDS
from campaign_people import People, make_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.tokens import create_token
from cruscotto.core.models import AuditEntry, Ente, SourceDocument
from cruscotto.indicators.models import Measurement
from cruscotto.plans.models import PlanItem

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/importazioni/"
COUNCIL = CMTO_SEEDS["consiglio"]  # a document of the other ente, small enough to load often
RENDICONTO = Path(__file__).resolve().parent.parent.parent / "samples" / "000_014bd498e15be787.txt"


def headers_of(user: Any, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user.username, scope).secret}"}


def upload(client: Client, name: str, data: bytes, headers: dict[str, str], **options: str) -> Any:
    sent = {"file": SimpleUploadedFile(name, data), **options}
    return client.post(IMPORTS, sent, headers=headers)


def answer(response: Any, status: int) -> Any:
    assert response.status_code == status, response.content[:800]
    return json.loads(response.content)


def snapshot() -> tuple[int, ...]:
    """The documents, plans' items, values and the audit trail: what a refusal leaves."""
    return (
        SourceDocument.objects.count(),
        PlanItem.objects.count(),
        Measurement.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def admin_cmto(people: People) -> Any:
    return make_user("amministratore.cmto", Role.Kind.AMMINISTRATORE, Ente.objects.get(code="cmto"))


@pytest.fixture
def admin_torino(people: People) -> Any:
    return make_user("amministratore.torino", Role.Kind.AMMINISTRATORE, people.torino)


def test_an_amministratore_tries_then_imports_a_document(admin_cmto: Any, client: Client) -> None:
    headers = headers_of(admin_cmto)
    data = COUNCIL.read_bytes()
    before = snapshot()
    tried = answer(upload(client, COUNCIL.name, data, headers, dry_run="true"), 200)
    assert snapshot() == before  # a dry run writes nothing
    assert tried["dry_run"] is True
    assert (tried["documento"]["id"], tried["documento"]["page"]) == (None, None)
    assert tried["documento"]["format"] == "consiglio"
    assert tried["documento"]["ente_code"] == "cmto"
    assert tried["modifiche"] and all(
        change["created"] > 0 for change in tried["modifiche"].values()
    )

    imported = answer(upload(client, COUNCIL.name, data, headers), 201)
    document = SourceDocument.objects.get(pk=imported["documento"]["id"])
    assert (document.file_name, document.format, document.ente.code) == (
        COUNCIL.name,
        "consiglio",
        "cmto",
    )
    assert imported["documento"]["page"] == reverse("web:source", args=[document.pk])
    # What the dry run said it would write is what the import wrote.
    assert imported["modifiche"] == tried["modifiche"]
    assert imported["contenuto"] == tried["contenuto"]
    assert imported["diagnostica"] == tried["diagnostica"]
    assert AuditEntry.objects.filter(document=document).get().actor == admin_cmto.username

    # Sent again: the same document, nothing changed (a client may simply retry).
    again = answer(upload(client, COUNCIL.name, data, headers), 200)
    assert again["documento"]["id"] == document.pk
    assert again["modifiche"] == {}
    assert SourceDocument.objects.filter(format="consiglio").count() == 1


def test_a_revision_removing_most_of_its_document_is_refused(
    admin_torino: Any, client: Client
) -> None:
    headers = headers_of(admin_torino)
    lines = RENDICONTO.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = "".join(lines[: len(lines) // 10]).encode()
    before = snapshot()
    refused = answer(upload(client, RENDICONTO.name, cut, headers), 422)
    assert "nessuna modifica al database" in refused["errore"]
    tried = answer(upload(client, RENDICONTO.name, cut, headers, dry_run="true"), 422)
    assert "l'importazione sarebbe rifiutata" in tried["errore"]
    assert tried["dettagli"] and {"modello", "record"} == set(tried["dettagli"][0])
    assert snapshot() == before


def test_what_cannot_be_read_or_recognised_is_refused(admin_cmto: Any, client: Client) -> None:
    headers = headers_of(admin_cmto)
    before = snapshot()
    latin = answer(upload(client, "verbale.txt", "città\n".encode("latin-1"), headers), 400)
    assert latin == {
        "errore": "verbale.txt:1: il file non è testo UTF-8 (invalid continuation byte)",
        "dettagli": [],
    }
    unknown = answer(upload(client, "note.txt", b"Una nota qualsiasi.\n", headers), 422)
    assert unknown["errore"].startswith("note.txt: formato non riconosciuto (formati: ")
    forced = answer(
        upload(client, COUNCIL.name, COUNCIL.read_bytes(), headers, formato="rendiconto"), 422
    )
    assert forced["errore"].startswith(
        f"{COUNCIL.name}: non è un documento di formato «rendiconto»"
    )
    no_format = answer(
        upload(client, COUNCIL.name, COUNCIL.read_bytes(), headers, formato="nessuno"), 422
    )
    assert no_format["errore"].startswith("formato sconosciuto «nessuno»")
    no_ente = answer(
        upload(client, COUNCIL.name, COUNCIL.read_bytes(), headers, ente="nessuno"), 404
    )
    assert no_ente["errore"] == "ente sconosciuto «nessuno»"
    assert snapshot() == before


# Who may not import the other ente's document: (who, scope of their token, status).
REFUSALS = [
    ("anonymous", None, 401),
    ("admin_cmto", "read", 403),
    ("admin_torino", "write", 403),  # an amministratore of another ente
    ("ufficio_cmto", "write", 403),
    ("ufficio", "write", 403),
    ("referente", "write", 403),
    ("valutatore", "write", 403),
]


@pytest.mark.parametrize(("who", "scope", "status"), REFUSALS)
def test_who_may_not_import_is_refused_and_nothing_changes(
    people: People, admin_cmto: Any, admin_torino: Any, client: Client,
    who: str, scope: str | None, status: int,
) -> None:  # fmt: skip
    users = {"admin_cmto": admin_cmto, "admin_torino": admin_torino}
    user = users.get(who) or getattr(people, who)
    headers = headers_of(user, scope) if scope else {}
    before = snapshot()
    refused = answer(upload(client, COUNCIL.name, COUNCIL.read_bytes(), headers), status)
    assert refused["errore"]
    assert snapshot() == before


def test_an_amministratore_may_not_name_another_ente(
    people: People, admin_cmto: Any, client: Client
) -> None:
    headers = headers_of(admin_cmto)
    before = snapshot()
    refused = answer(
        upload(client, COUNCIL.name, COUNCIL.read_bytes(), headers, ente="torino"), 403
    )
    assert refused == {
        "errore": f"Non consentito: solo un amministratore importa documenti ({people.torino.name}).",
        "dettagli": [],
    }
    assert snapshot() == before
