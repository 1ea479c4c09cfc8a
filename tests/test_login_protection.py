"""Guessing passwords: every login form locks an account, and an address, after a few failures.

30 wrong passwords and then the right one, as an attacker who finally guesses it:
refused, with the Italian lock-out page and status 429, on the reserved area's
login and on the admin's, and the lock-out logged.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings

CRUSCOTTO = Path(sys.executable).parent / "cruscotto"
# The commands run without the test run's database and settings.
CLEAN_ENV = {
    name: value
    for name, value in os.environ.items()
    if not name.startswith(("CRUSCOTTO_", "DATABASE_URL", "DJANGO_"))
}
PASSWORD = "la-password-giusta-2026"


@pytest.fixture
def amministratore(db: None) -> User:
    return User.objects.create_superuser("amministratore", password=PASSWORD)


def log_in(client: Client, url: str, password: str, username: str = "amministratore") -> int:
    response = client.post(url, {"username": username, "password": password})
    return response.status_code


@pytest.mark.parametrize("url", ["/accesso/", "/admin/login/"])
def test_thirty_wrong_passwords_lock_the_account_out(
    amministratore: User, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    with caplog.at_level(logging.WARNING, logger="cruscotto.accessi"):
        statuses = [log_in(client, url, f"tentativo-{n}") for n in range(30)]
        right = client.post(url, {"username": "amministratore", "password": PASSWORD})
    limit = settings.AXES_FAILURE_LIMIT
    # The form answers the first failures, the lock-out page every one after the limit.
    assert statuses == [200] * (limit - 1) + [429] * (30 - limit + 1)
    assert right.status_code == 429
    page = right.content.decode()
    assert "Accesso temporaneamente bloccato" in page
    assert f"dopo {limit} tentativi" in page
    assert "_auth_user_id" not in client.session
    lockouts = [record.getMessage() for record in caplog.records]
    assert any("Accesso bloccato" in m and "amministratore" in m for m in lockouts), lockouts


def test_one_address_trying_many_accounts_is_locked_out(amministratore: User) -> None:
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    answers = [log_in(client, "/accesso/", "sbagliata", f"utente-{n}") for n in range(limit)]
    assert answers == [200] * (limit - 1) + [429]  # the failure that reaches the limit locks
    assert log_in(client, "/accesso/", PASSWORD) == 429


def test_another_address_still_logs_in_while_one_is_locked_out(amministratore: User) -> None:
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "/accesso/", "sbagliata", username="qualcuno")
    assert log_in(guesser, "/accesso/", PASSWORD) == 429
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(owner, "/accesso/", PASSWORD) == 302  # to the reserved area
    assert owner.session["_auth_user_id"] == str(amministratore.pk)


def test_a_success_before_the_limit_clears_the_failures(amministratore: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "/accesso/", "sbagliata")
    assert log_in(client, "/accesso/", PASSWORD) == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "/accesso/", "sbagliata")
    assert log_in(client, "/accesso/", PASSWORD) == 302


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_serve_refuses_the_public_development_key_beyond_the_loopback(
    tmp_path: Path, host: str
) -> None:
    result = subprocess.run(
        [str(CRUSCOTTO), "serve", "--host", host, "--port", "1"],
        env={**CLEAN_ENV, "CRUSCOTTO_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "chiave segreta di sviluppo" in result.stderr
    assert "CRUSCOTTO_SECRET_KEY" in result.stderr
    assert not (tmp_path / "var" / "cruscotto.sqlite3").exists()  # refused before anything


def deploy_check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CRUSCOTTO), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        # the checkout's home, where bin/setup put the static assets the check looks for
        env={**CLEAN_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_the_deploy_check(tmp_path: Path) -> None:
    development = deploy_check({}, tmp_path)
    assert development.returncode != 0
    assert "security.W012" in development.stderr  # the session cookie sent over HTTP
    production = deploy_check(
        {
            "CRUSCOTTO_HTTPS": "1",
            "CRUSCOTTO_SECRET_KEY": "k" * 20 + "una-chiave-lunga-e-segreta-di-prova-0123456789",
            "CRUSCOTTO_ALLOWED_HOSTS": "cruscotto.example.it",
        },
        tmp_path,
    )
    assert production.returncode == 0, production.stderr
    assert "no issues" in production.stdout


def test_production_mode_refuses_the_development_key(tmp_path: Path) -> None:
    refused = deploy_check({"CRUSCOTTO_HTTPS": "1"}, tmp_path)
    assert refused.returncode != 0
    assert "CRUSCOTTO_HTTPS=1 richiede CRUSCOTTO_SECRET_KEY" in refused.stderr


def test_production_mode_sends_secure_cookies_and_hsts(tmp_path: Path) -> None:
    script = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='cruscotto.settings'; "
        "django.setup(); from django.test import Client; "
        "c = Client(HTTP_X_FORWARDED_PROTO='https', HTTP_HOST='cruscotto.example.it'); "
        "r = c.get('/accesso/'); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security'), "
        "r.cookies['csrftoken']['secure']); "
        "print(Client(HTTP_HOST='cruscotto.example.it').get('/accesso/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **CLEAN_ENV,
            "CRUSCOTTO_HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "CRUSCOTTO_HTTPS": "1",
            "CRUSCOTTO_SECRET_KEY": "una-chiave-lunga-e-segreta-di-prova-0123456789-abcdefghij",
            "CRUSCOTTO_ALLOWED_HOSTS": "cruscotto.example.it",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    secure_answer, plain_answer = result.stdout.splitlines()
    assert secure_answer == "200 max-age=31536000; includeSubDomains; preload True"
    assert plain_answer == "301"  # plain HTTP is redirected to HTTPS


def test_behind_a_proxy_the_client_address_is_locked_not_the_proxy(amministratore: User) -> None:
    """CRUSCOTTO_CLIENT_IP_HEADER=X-Real-IP: the proxy's header names the client."""
    with override_settings(CLIENT_IP_HEADER="X-Real-IP"):
        guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7")
        for n in range(settings.AXES_FAILURE_LIMIT):
            log_in(guesser, "/accesso/", "sbagliata", username=f"utente-{n}")
        assert log_in(guesser, "/accesso/", PASSWORD) == 429
        owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")
        assert log_in(owner, "/accesso/", PASSWORD) == 302


def test_without_a_proxy_header_a_client_cannot_choose_its_address(amministratore: User) -> None:
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "/accesso/", "sbagliata", username=f"utente-{n}")
    disguised = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_REAL_IP="198.51.100.20")
    assert log_in(disguised, "/accesso/", PASSWORD) == 429
