"""The API tests' fixtures: the other ente's seed documents, and a client of the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

from cruscotto.loaders.common import SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from imported_once import imported_once

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
CMTO_SEEDS = {
    "consiglio": SAMPLES / "002_a40a8705e1971a15.txt",
    "psm-preliminare": SAMPLES / "003_cb1b0797773d428b.txt",
    "psm-monitoraggio": SAMPLES / "001_c8fc3c27ab7903b2.txt",
    "performance": SAMPLES / "004_63c10e375ed7a47e.txt",
}


def import_seed(format_name: str) -> None:
    source = SourceFile.read(CMTO_SEEDS[format_name])
    fmt = FORMATS[format_name]
    fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


@imported_once
def cmto_seeds() -> None:
    for format_name in CMTO_SEEDS:
        import_seed(format_name)


def get_json(client: Client, url: str, status: int = 200, **headers: str) -> Any:
    """The JSON `url` answers, after checking its status and content type."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), url
    return json.loads(response.content)
