"""Two `cruscotto import` processes started at once on a new database.

Each round starts from a database without tables: both processes find it
unmigrated, one migrates while the other waits for the migration lock, then
their imports take turns (SQLite's write lock taken at the start of the
transaction; on PostgreSQL, the import's advisory lock). Five rounds, some on
two seeds and some on the same seed twice, on SQLite in the SQLite run and on a
fresh database of the test server in the PostgreSQL run.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
COUNCIL = SAMPLES_DIR / "002_a40a8705e1971a15.txt"  # the two smallest seeds
PRELIMINARY = SAMPLES_DIR / "003_cb1b0797773d428b.txt"
ROUNDS = [(COUNCIL, PRELIMINARY), (PRELIMINARY, PRELIMINARY)] * 2 + [(PRELIMINARY, COUNCIL)]
CRUSCOTTO = Path(sys.executable).parent / "cruscotto"

SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgres")
DUPLICATE_MIGRATIONS = (
    "SELECT app, name FROM django_migrations GROUP BY app, name HAVING COUNT(*) > 1"
)


@contextmanager
def new_database(home: Path, name: str) -> Iterator[str]:
    """The DATABASE_URL of a database with no tables yet, removed afterwards on PostgreSQL."""
    if not ON_POSTGRES:
        yield f"sqlite:///{home / 'var' / 'cruscotto.sqlite3'}"
        return
    server = urlsplit(SERVER_URL)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(server._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def table_counts(url: str) -> dict[str, int]:
    """Rows per table, checking that the database is sound and was migrated once."""
    if ON_POSTGRES:
        with psycopg.connect(url) as connection:
            listed = connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            return count_rows(connection, [name for (name,) in listed])
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        listed = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return count_rows(connection, [name for (name,) in listed])


def count_rows(connection: Any, tables: list[str]) -> dict[str, int]:
    counts = {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert connection.execute(DUPLICATE_MIGRATIONS).fetchall() == []
    identities = {i for (i,) in connection.execute("SELECT identity FROM core_sourcedocument")}
    counts["documents"] = len(identities)
    return counts


def run_at_once(seeds: tuple[Path, ...], env: dict[str, str]) -> list[tuple[str, str, int]]:
    """Start one `cruscotto import` per seed at once; their output and exit status."""
    processes = [
        subprocess.Popen(
            [str(CRUSCOTTO), "import", "--max-diagnostics", "0", str(seed)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in seeds
    ]
    outputs = [process.communicate(timeout=180) for process in processes]
    return [
        (stdout, stderr, process.returncode)
        for process, (stdout, stderr) in zip(processes, outputs, strict=True)
    ]


def test_two_imports_at_once_on_a_new_database(tmp_path: Path) -> None:
    by_seeds: dict[frozenset[str], dict[str, int]] = {}
    for round_number, seeds in enumerate(ROUNDS):
        home = tmp_path / f"round-{round_number}"
        home.mkdir()
        with new_database(home, f"cruscotto_concurrent_{os.getpid()}_{round_number}") as url:
            env = {**os.environ, "CRUSCOTTO_HOME": str(home), "DATABASE_URL": url}
            outputs = run_at_once(seeds, env)
            counts = table_counts(url)
        for stdout, stderr, returncode in outputs:
            assert returncode == 0, (round_number, stdout, stderr)
            assert "Traceback" not in stderr and "locked" not in stderr, stderr
        names = frozenset(seed.name for seed in seeds)
        assert counts["documents"] == len(names)
        # The search index holds every item and indicator: the imports were whole.
        assert (
            counts["search_searchentry"]
            == counts["plans_planitem"] + counts["indicators_indicator"]
        )
        # One audit entry per document: the second import of one seed changed nothing.
        assert counts["core_auditentry"] == len(names)
        if len(names) == 1:
            assert sum("nessuna modifica" in stderr for _, stderr, _ in outputs) == 1
        # Every round on the same seeds ends with the same rows.
        assert by_seeds.setdefault(names, counts) == counts
    assert len(by_seeds) == 2
