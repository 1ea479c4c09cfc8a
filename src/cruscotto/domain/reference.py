"""The reference data shipped with the code, read as plain data: the enti
(core/reference/enti.json) and the taxonomies (plans/reference/*.json: SDG, PNRR,
D.Lgs. 118/2011 …).

Database-free, so that parsers may learn how a known ente is printed and which terms a
taxonomy has; the database's enti and taxonomies are loaded from the same files
(core.services.enti.sync_reference_enti, plans.services.reference.sync_reference_taxonomies).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REFERENCE_ENTI = PACKAGE_DIR / "core" / "reference" / "enti.json"
REFERENCE_DIR = PACKAGE_DIR / "plans" / "reference"


@lru_cache(maxsize=1)
def read_reference_enti() -> tuple[dict[str, Any], ...]:
    """The entries of the file: code, name, kind, istat_code, aliases."""
    return tuple(json.loads(REFERENCE_ENTI.read_text(encoding="utf-8")))


def read_reference_files() -> list[dict[str, Any]]:
    """Return the parsed JSON of every reference taxonomy file, sorted by file name."""
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(REFERENCE_DIR.glob("*.json"))
    ]


def read_reference_file(code: str) -> dict[str, Any]:
    """Return the parsed JSON of the reference taxonomy `code` (its file is `<code>.json`)."""
    return json.loads((REFERENCE_DIR / f"{code}.json").read_text(encoding="utf-8"))
