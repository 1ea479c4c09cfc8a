"""The browser tests' demo database, built once for the session (each module serves a copy)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_paths import build_demo_database


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by the `cruscotto` commands, as a site is set up: the slowest step of a browser
    test module's setup, made once instead of once for each module."""
    return build_demo_database(tmp_path_factory.mktemp("demo"))
