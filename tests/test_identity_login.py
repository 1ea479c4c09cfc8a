"""Login with a digital identity (SPID/CIE through an OpenID Connect gateway).

A fake provider runs on the loopback as a real one answers: its token endpoint
checks the code, the client's secret and the PKCE verifier, and returns an id
token signed with its RSA key (published at its JWKS endpoint) carrying the
nonce it was given; its userinfo endpoint answers to the access token with the
person's fiscal code, in SPID's "TINIT-" form. The app runs the code flow
against it with the settings `identity_settings` makes from the environment.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings

from cruscotto.accounts.identity_config import IDENTITY_BACKEND, identity_settings

CLIENT_ID, CLIENT_SECRET = "cruscotto", "segreto-del-client"
FISCAL_CODE = "RSSMRA80A01L219X"


class FakeProvider:
    """The provider's side of the code flow, for the codes the test hands out."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def authorize(self, location: str, claims: dict[str, Any]) -> dict[str, str]:
        """What the provider does after the person proved who they are: a code bound to
        the request's nonce and PKCE challenge; returns the callback's query."""
        query = {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}
        assert location.startswith(f"{self.url}/authorize?")
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "claims": claims}
        return {"code": code, "state": query["state"]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {"iss": self.url, "aud": CLIENT_ID, "sub": "persona-1", "nonce": nonce,
                   "iat": now, "exp": now + 300}  # fmt: skip
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": "chiave-1"})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "chiave-1", "alg": "RS256", "use": "sig"}]}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, status: int, body: dict[str, Any]) -> None:
                content = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.path == "/jwks":
                    return self.answer(200, provider.jwks())
                if self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self.answer(401, {"error": "invalid_token"})
                    return self.answer(200, provider.tokens[token])
                return self.answer(404, {"error": "not_found"})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                issued = provider.codes.pop(form.get("code", ""), None)
                if (
                    self.path != "/token"
                    or issued is None
                    or form.get("client_secret") != CLIENT_SECRET
                    or not pkce_matches(form.get("code_verifier", ""), issued["query"])
                ):
                    return self.answer(400, {"error": "invalid_grant"})
                access_token = secrets.token_urlsafe(16)
                provider.tokens[access_token] = issued["claims"]
                id_token = provider.id_token(issued["query"]["nonce"])
                return self.answer(200, {"access_token": access_token, "id_token": id_token,
                                         "token_type": "Bearer"})  # fmt: skip

        return Handler


def pkce_matches(verifier: str, query: dict[str, str]) -> bool:
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return query.get("code_challenge_method") == "S256" and query.get("code_challenge") == challenge


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()


@pytest.fixture
def identity_login_on(provider: FakeProvider) -> Iterator[None]:
    environment = {
        "CRUSCOTTO_OIDC_CLIENT_ID": CLIENT_ID,
        "CRUSCOTTO_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "CRUSCOTTO_OIDC_AUTHORIZATION_ENDPOINT": f"{provider.url}/authorize",
        "CRUSCOTTO_OIDC_TOKEN_ENDPOINT": f"{provider.url}/token",
        "CRUSCOTTO_OIDC_USERINFO_ENDPOINT": f"{provider.url}/userinfo",
        "CRUSCOTTO_OIDC_JWKS_ENDPOINT": f"{provider.url}/jwks",
    }
    backends = [*settings.AUTHENTICATION_BACKENDS, IDENTITY_BACKEND]
    with override_settings(AUTHENTICATION_BACKENDS=backends, **identity_settings(environment)):
        yield


def log_in_with_identity(client: Client, provider: FakeProvider, claims: dict[str, Any]) -> Any:
    start = client.get("/identita/accedi/?next=/riservata/")
    assert start.status_code == 302
    callback_query = provider.authorize(start["Location"], claims)
    return client.get("/identita/ritorno/", callback_query)


@pytest.mark.usefixtures("identity_login_on")
def test_a_user_logs_in_with_their_digital_identity(db: None, provider: FakeProvider) -> None:
    user = User.objects.create_user(FISCAL_CODE, password=None)
    client = Client()
    page = client.get("/accesso/").content.decode()
    assert "Entra con SPID o CIE" in page
    done = log_in_with_identity(client, provider, {"fiscal_number": f"TINIT-{FISCAL_CODE}"})
    assert done.status_code == 302 and done["Location"] == "/riservata/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["_auth_user_backend"] == IDENTITY_BACKEND


@pytest.mark.usefixtures("identity_login_on")
def test_an_identity_without_a_user_is_refused_and_creates_none(
    db: None, provider: FakeProvider
) -> None:
    client = Client()
    done = log_in_with_identity(client, provider, {"fiscal_number": "TINIT-VRDLGU70B02F205Y"})
    assert done.status_code == 302 and done["Location"] == "/accesso/?identita=sconosciuta"
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    message = client.get(done["Location"]).content.decode()
    assert "non corrisponde a nessun utente di Cruscotto" in message


@pytest.mark.usefixtures("identity_login_on")
def test_a_forged_callback_logs_nobody_in(db: None, provider: FakeProvider) -> None:
    User.objects.create_user(FISCAL_CODE, password=None)
    client = Client()
    client.get("/identita/accedi/")
    forged = client.get("/identita/ritorno/", {"code": "inventato", "state": "inventato"})
    assert forged.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_the_identity_login_is_off_by_default(db: None) -> None:
    assert settings.OIDC_ENABLED is False
    client = Client()
    assert client.get("/identita/accedi/").status_code == 404
    assert client.get("/identita/ritorno/?code=x&state=y").status_code == 404
    assert "SPID" not in client.get("/accesso/").content.decode()
