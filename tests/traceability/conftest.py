"""Fixtures for traceability: the Città metropolitana's seeds, imported in a chosen order."""

from __future__ import annotations

from pathlib import Path

from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEEDS = {
    "consiglio": SAMPLES / "002_a40a8705e1971a15.txt",
    "psm-preliminare": SAMPLES / "003_cb1b0797773d428b.txt",
    "psm-monitoraggio": SAMPLES / "001_c8fc3c27ab7903b2.txt",
}


def import_file(path: Path, format_name: str) -> LoadResult:
    source = SourceFile.read(path)
    fmt = FORMATS[format_name]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())
