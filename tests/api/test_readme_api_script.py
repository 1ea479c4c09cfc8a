"""The README's script, exactly as printed, against a live server: a referente's write token
posts a year's indicator values and reads them back; sent again, nothing is written.

The server runs as in production (`cruscotto serve`) on a fresh SQLite database with the
Turin report imported, a campaign opened by the ufficio and a referente of a unit that
has indicators to update, all through the command line.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDICONTO = ROOT / "samples" / "000_014bd498e15be787.txt"
CAMPAIGN = "torino/dup/2021-2026/2026"
VALUES_SENT = 5


def readme_script() -> str:
    """The Python block after the README's `api-write-script` marker."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- api-write-script -->\n```python\n(.*?)\n```\n", readme, re.DOTALL)
    assert found is not None, "the README lost its API script"
    return found.group(1) + "\n"


def cruscotto(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cruscotto", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    database = tmp_path_factory.mktemp("readme-api") / "cruscotto.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "CRUSCOTTO_PASSWORD": "x-2026"}
    cruscotto(env, "import", str(RENDICONTO))
    cruscotto(env, "users", "add", "ufficio", "--role", "ufficio", "--ente", "torino")
    cruscotto(
        env, "campaign", "open", "--ente", "torino", "--plan", "dup/2021-2026",
        "--year", "2026", "--deadline", "2027-03-31", "--user", "ufficio",
    )  # fmt: skip
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/api/v1/", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("cruscotto serve did not start") from None
            time.sleep(0.2)
    yield url, env
    process.terminate()
    process.wait(timeout=20)


def read_campaign(url: str, token: str) -> Any:
    request = urllib.request.Request(
        f"{url}/api/v1/campagne/{CAMPAIGN}/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def token_of(env: dict[str, str], username: str, scope: str) -> str:
    return cruscotto(env, "tokens", "create", username, "--scope", scope).strip().splitlines()[-1]


def test_the_readme_script_posts_a_years_values_and_reads_them_back(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = server
    # The ufficio reads every unit: the first with indicator values stated last year.
    units = read_campaign(url, token_of(env, "ufficio", "read"))
    unit, items = next(
        (unit, indicators)
        for unit in units
        if len(
            indicators := [
                item
                for item in unit["items"]
                if item["kind"] == "indicatore" and item["previous"].strip()
            ]
        )
        >= VALUES_SENT
    )
    cruscotto(
        env, "users", "add", "referente", "--role", "referente", "--ente", "torino",
        "--unit", unit["unit_code"],
    )  # fmt: skip
    token = token_of(env, "referente", "write")
    # This year's values as last year's were printed: of the type each indicator has.
    sent = {item["key"]: item["previous"].strip() for item in items[:VALUES_SENT]}
    values = tmp_path / "valori.csv"
    values.write_text(
        "chiave;valore\n" + "".join(f"{key};{value}\n" for key, value in sent.items()),
        encoding="utf-8",
    )
    script = tmp_path / "scrivi_valori.py"
    script.write_text(readme_script(), encoding="utf-8")
    script_env = {**os.environ, "CRUSCOTTO_URL": url, "CRUSCOTTO_TOKEN": token}

    def run_script() -> list[str]:
        done = subprocess.run(
            [sys.executable, str(script), CAMPAIGN, str(values)],
            env=script_env, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (done.stdout, done.stderr)
        return done.stdout.splitlines()

    assert run_script() == [
        f"salvati {VALUES_SENT}, invariati 0",
        *(f"{key}\t{value}\tversione 1" for key, value in sent.items()),
    ]
    # Run again: the values are there at their version, nothing is written twice.
    assert run_script() == [
        f"salvati 0, invariati {VALUES_SENT}",
        *(f"{key}\t{value}\tversione 1" for key, value in sent.items()),
    ]
    # The ufficio reads what the referente wrote.
    stored = {
        item["key"]: (item["text"], item["version"], item["filled"])
        for unit in read_campaign(url, token_of(env, "ufficio", "read"))
        for item in unit["items"]
        if item["key"] in sent
    }
    assert stored == {key: (value, 1, True) for key, value in sent.items()}
