"""Fixtures for traceability: the Città metropolitana's seeds, imported in a chosen order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers

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


def dump_database() -> dict[str, Any]:
    """Every row of every table an import or a refresh of the links can touch."""
    dumped = {}
    for app_label in ["core", "plans", "indicators", "council", "monitoring", "search"]:
        for model in apps.get_app_config(app_label).get_models():
            queryset = model._default_manager.order_by("pk")
            dumped[model._meta.label] = serializers.serialize("python", queryset)
    return dumped
