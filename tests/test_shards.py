"""`pytest --shard K/N` runs whole modules, and the N shares together run the suite once
(tests/shards.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shards import DURATIONS_FILE, deal_modules

TESTS = Path(__file__).resolve().parent


def collected(*options: str) -> list[str]:
    """The test ids pytest collects from the suite (browser tests aside) with `options`."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         "--ignore", str(TESTS / "browser"), *options, str(TESTS)],
        cwd=TESTS.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def modules(tests: list[str]) -> set[str]:
    return {test.split("::", 1)[0] for test in tests}


def test_two_shares_run_every_test_once_in_whole_modules() -> None:
    every = collected()
    first, second = collected("--shard", "1/2"), collected("--shard", "2/2")
    assert sorted(first + second) == sorted(every)
    assert not modules(first) & modules(second)
    assert len(first) > len(every) / 5 and len(second) > len(every) / 5


def test_the_modules_are_dealt_by_their_times() -> None:
    durations = {"a.py": 40.0, "b.py": 30.0, "c.py": 20.0, "d.py": 10.0, "e.py": 9.0}
    shares = deal_modules([*durations, "new.py"], durations, 2)
    # longest first to the lightest share; a module without a time counts as the mean (21.8)
    assert shares == [{"a.py", "c.py", "e.py"}, {"b.py", "new.py", "d.py"}]
    assert deal_modules(["x.py", "y.py", "z.py"], {}, 3) == [{"x.py"}, {"y.py"}, {"z.py"}]


def test_every_stored_time_is_of_a_module_that_exists() -> None:
    """A module renamed or removed leaves its time behind: refresh the file
    (pytest --store-durations), or the shares are dealt by times that no longer hold."""
    stored = json.loads(DURATIONS_FILE.read_text(encoding="utf-8"))
    assert set(stored) == {"sqlite", "postgresql"}
    for times in stored.values():
        missing = [module for module in times if not (TESTS.parent / module).is_file()]
        assert not missing, missing


@pytest.mark.parametrize("value", ["3/2", "0/2", "a/b", "1"])
def test_a_share_that_does_not_exist_is_refused(value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         "--shard", value, str(TESTS / "test_shards.py")],
        cwd=TESTS.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 4, result.stdout + result.stderr
    assert f"--shard {value}" in result.stderr
