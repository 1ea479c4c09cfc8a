"""The web pages, through Django's test client and through the real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan


@pytest.mark.django_db
def test_home_lists_missioni_programmi_and_activities_in_few_queries(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Missione 1: SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE" in page
    assert "Programma 1: ORGANI ISTITUZIONALI" in page
    assert "Coordinare in fase attuativa una Cabina di Regia Istituzionale" in page
    assert "Servizi Sociali, Sociosanitari e Abitativi" in page


@pytest.mark.django_db
def test_plan_page_and_missing_plan(seeded_db: LoadResult, client: Client) -> None:
    plan = Plan.objects.get(kind=Plan.Kind.DUP)
    assert client.get(f"/piani/{plan.pk}/").status_code == 200
    assert client.get("/piani/999999/").status_code == 404


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_serves_the_sample_with_gunicorn(tmp_path: Path) -> None:
    """`cruscotto demo` on a fresh SQLite file: imports the sample, then serves it."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3"}
    server = subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
        assert "Programma 1: ORGANI ISTITUZIONALI" in page
        assert "Servizi Sociali, Sociosanitari e Abitativi" in page
    finally:
        server.terminate()
        server.wait(timeout=20)
