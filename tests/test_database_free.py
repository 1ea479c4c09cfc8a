"""The PostgreSQL run of bin/test leaves out the tests that cannot reach a database, and
only those (tests/database_free.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from database_free import ONLY_DATABASE_TESTS

TESTS = Path(__file__).resolve().parent


def collected(*paths: str, only_database_tests: bool) -> set[str]:
    """The test ids pytest collects from `paths` (under tests/)."""
    env = {**os.environ, ONLY_DATABASE_TESTS: "1" if only_database_tests else ""}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         *(str(TESTS / path) for path in paths)],
        env=env, cwd=TESTS.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_only_the_tests_that_cannot_reach_a_database_are_left_out() -> None:
    files = ["importers/test_cell_values.py", "test_history.py", "test_backup.py"]
    every = collected(*files, only_database_tests=False)
    kept = collected(*files, only_database_tests=True)
    left_out = every - kept

    def of(module: str, tests: set[str]) -> set[str]:
        return {test.split("::", 1)[1] for test in tests if test.startswith(f"tests/{module}::")}

    # A parser's tests: no database fixture, no other process.
    assert of("importers/test_cell_values.py", every)
    assert not of("importers/test_cell_values.py", kept)
    # The module's tests that use the database stay, its --help test goes.
    assert of("test_history.py", left_out) == {"test_history_help"}
    assert "test_the_second_of_two_admin_saves_is_refused" in of("test_history.py", kept)
    # The round trip uses no database fixture but runs `cruscotto` on a database of its own.
    assert of("test_backup.py", kept) == of("test_backup.py", every)
