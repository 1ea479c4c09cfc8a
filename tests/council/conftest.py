"""Fixtures for the council act and the PSM preliminary phase."""

from __future__ import annotations

from pathlib import Path

import pytest

from cruscotto.importers.council import parse_council
from cruscotto.importers.council.records import CouncilDocument
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from imported_once import imported_once

ROOT = Path(__file__).resolve().parents[2]
COUNCIL_SEED = ROOT / "samples" / "002_a40a8705e1971a15.txt"
PRELIMINARY_SEED = ROOT / "samples" / "003_cb1b0797773d428b.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "council"


@pytest.fixture(scope="session")
def council_document() -> CouncilDocument:
    return parse_council(COUNCIL_SEED.read_text(encoding="utf-8"))


def import_file(path: Path, format_name: str) -> LoadResult:
    source = SourceFile.read(path)
    fmt = FORMATS[format_name]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


@imported_once
def council_loaded() -> LoadResult:
    return import_file(COUNCIL_SEED, "consiglio")
