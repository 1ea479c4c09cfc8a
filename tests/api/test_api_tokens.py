"""API tokens: created by the CLI with the secret shown once and stored hashed, listed and
revoked; a token reads as its user, with the permissions the web checks; a revoked,
expired or unknown token is a 401; each token is rate-limited."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from api_fixtures import get_json
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from cruscotto.accounts.models import ApiToken, Role
from cruscotto.cli import main
from cruscotto.core.models import Ente
from cruscotto.loaders.common import LoadResult

pytestmark = pytest.mark.django_db

SCORES = "/api/v1/piani/cmto/performance/2024/punteggi/?anno=2024"


def cli(*args: str, exit_code: int = 0) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == exit_code, result.output
    return result


def create_token(*args: str) -> str:
    """The secret `cruscotto tokens create` prints on standard output."""
    return cli("tokens", "create", *args).stdout.strip()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_the_cli_creates_lists_and_revokes_tokens_stored_hashed(
    user_with_role: Callable[..., User],
) -> None:
    user_with_role("oiv", Role.Kind.VALUTATORE, Ente.objects.create(code="ente-a", name="Ente A"))
    secret = create_token(
        "oiv", "--scope", "read", "--expires", "30", "--name", "cruscotto regionale"
    )
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(secret) > 40
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret in value for value in stored)  # the secret itself is nowhere
    assert (token.user.username, token.scope, token.name) == ("oiv", "read", "cruscotto regionale")
    assert token.expires_at is not None
    assert datetime.timedelta(days=30) - (token.expires_at - token.created_at) < datetime.timedelta(
        seconds=1
    )
    listed = json.loads(cli("tokens", "list", "--json").stdout)
    assert [(t["id"], t["user"], t["scope"], t["prefix"], t["state"]) for t in listed] == [
        (token.pk, "oiv", "read", token.prefix, "attivo")
    ]
    assert secret not in cli("tokens", "list").stdout
    cli("tokens", "revoke", str(token.pk))
    assert json.loads(cli("tokens", "list", "--json").stdout)[0]["state"] == "revocato"
    again = cli("tokens", "revoke", str(token.pk), exit_code=1)
    assert "già stato revocato" in again.output
    assert "non trovato" in cli("tokens", "create", "nessuno", exit_code=1).output
    assert "non trovato" in cli("tokens", "revoke", "999999", exit_code=1).output


def test_a_token_reads_with_its_users_permissions(
    seeded_db: LoadResult,
    cmto_seeds: None,
    client: Client,
    user_with_role: Callable[..., User],
) -> None:
    cmto = Ente.objects.get(code="cmto")
    valutatore = user_with_role("oiv", Role.Kind.VALUTATORE, cmto)
    user_with_role("dirigente", Role.Kind.DIRIGENTE, cmto)
    user_with_role("ufficio.torino", Role.Kind.UFFICIO, Ente.objects.get(code="torino"))
    # The reserved scores: to the valutatore's token as to the valutatore's session.
    by_token = get_json(client, SCORES, **bearer(create_token("oiv")))
    session = Client()
    session.force_login(valutatore)
    assert by_token == get_json(session, SCORES)
    # The same refusals as the web: a dirigente, the ufficio of another ente.
    for username, ente in (("dirigente", cmto.name), ("ufficio.torino", cmto.name)):
        refused = get_json(client, SCORES, 403, **bearer(create_token(username)))
        assert refused["errore"].endswith(f"({ente}).") and refused["dettagli"] == [], username
    assert get_json(client, SCORES, 401)["errore"].startswith("autenticazione richiesta")
    # Public reads with a token too, and the token's use is recorded.
    secret = create_token("dirigente")
    assert get_json(client, "/api/v1/piani/", **bearer(secret))["totale"] > 0
    used = ApiToken.objects.get(prefix=secret[:12])
    assert used.last_used_at is not None and used.window_requests == 1


def test_revoked_expired_and_unknown_tokens_are_refused(
    seeded_db: LoadResult, client: Client, user_with_role: Callable[..., User]
) -> None:
    user_with_role("oiv", Role.Kind.VALUTATORE, Ente.objects.get(code="torino"))
    revoked, expired = create_token("oiv"), create_token("oiv", "--expires", "1")
    get_json(client, "/api/v1/piani/", **bearer(revoked))
    cli("tokens", "revoke", str(ApiToken.objects.get(prefix=revoked[:12]).pk))
    # A day and a second later, as the clock would say:
    ApiToken.objects.filter(prefix=expired[:12]).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    today = timezone.localdate().strftime("%d/%m/%Y")
    for headers, message in (
        (bearer(revoked), f"token revocato il {today}"),
        (bearer(expired), f"token scaduto il {today}"),
        (bearer("crs_" + "x" * 43), "token non valido"),
        (
            {"Authorization": revoked},
            "intestazione Authorization non valida: serve «Bearer <token>»",
        ),
    ):
        response = client.get("/api/v1/piani/", headers=headers)
        assert response.status_code == 401, message
        assert json.loads(response.content) == {"errore": message, "dettagli": []}
        assert response["WWW-Authenticate"].startswith("Bearer")
    User.objects.filter(username="oiv").update(is_active=False)
    # A disabled user's token, even a new one:
    disabled = create_token("oiv")
    assert get_json(client, "/api/v1/piani/", 401, **bearer(disabled)) == {
        "errore": "l'utente del token è disattivato",
        "dettagli": [],
    }


@override_settings(CRUSCOTTO_API_REQUESTS_PER_MINUTE=3)
def test_each_token_is_rate_limited(
    seeded_db: LoadResult, client: Client, user_with_role: Callable[..., User]
) -> None:
    user_with_role("oiv", Role.Kind.VALUTATORE, Ente.objects.get(code="torino"))
    busy, other = create_token("oiv"), create_token("oiv")
    for _ in range(3):
        get_json(client, "/api/v1/piani/", **bearer(busy))
    refused = client.get("/api/v1/piani/", headers=bearer(busy))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert json.loads(refused.content) == {
        "errore": f"troppe richieste con questo token: riprovare tra {refused['Retry-After']} "
        "secondi",
        "dettagli": [],
    }
    get_json(client, "/api/v1/piani/", **bearer(other))  # another token has its own window
    # A minute later the window starts again.
    ApiToken.objects.filter(prefix=busy[:12]).update(
        window_started_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    get_json(client, "/api/v1/piani/", **bearer(busy))
