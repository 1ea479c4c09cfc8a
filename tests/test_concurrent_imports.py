"""Two `cruscotto import` processes started at once on a new SQLite database.

Each round starts from no database at all: both processes find it missing,
one migrates while the other waits for the migration lock, then their imports
take turns on SQLite's write lock. Five rounds, some on two seeds and some on
the same seed twice.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
COUNCIL = SAMPLES_DIR / "002_a40a8705e1971a15.txt"  # the two smallest seeds
PRELIMINARY = SAMPLES_DIR / "003_cb1b0797773d428b.txt"
ROUNDS = [(COUNCIL, PRELIMINARY), (PRELIMINARY, PRELIMINARY)] * 2 + [(PRELIMINARY, COUNCIL)]
CRUSCOTTO = Path(sys.executable).parent / "cruscotto"

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite's locks: the processes use a SQLite file of their own on either run",
)


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
        }
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert (
            connection.execute(
                "SELECT app, name FROM django_migrations GROUP BY app, name HAVING COUNT(*) > 1"
            ).fetchall()
            == []
        )
        identities = {i for (i,) in connection.execute("SELECT identity FROM core_sourcedocument")}
        counts["documents"] = len(identities)
    return counts


def test_two_imports_at_once_on_a_new_database(tmp_path: Path) -> None:
    by_seeds: dict[frozenset[str], dict[str, int]] = {}
    for round_number, seeds in enumerate(ROUNDS):
        home = tmp_path / f"round-{round_number}"
        home.mkdir()
        database = home / "var" / "cruscotto.sqlite3"
        env = {**os.environ, "CRUSCOTTO_HOME": str(home), "DATABASE_URL": f"sqlite:///{database}"}
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
        outputs = [process.communicate(timeout=120) for process in processes]
        for process, (stdout, stderr) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, (round_number, stdout, stderr)
            assert "Traceback" not in stderr and "locked" not in stderr, stderr
        counts = table_counts(database)
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
            assert sum("nessuna modifica" in stderr for _, stderr in outputs) == 1
        # Every round on the same seeds ends with the same rows.
        assert by_seeds.setdefault(names, counts) == counts
    assert len(by_seeds) == 2
