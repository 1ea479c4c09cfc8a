"""The reference enti shipped with the code (core/reference/enti.json), read as plain data.

Database-free, so that parsers may learn how a known ente is printed; the database's
enti are loaded from the same file (core.services.enti.sync_reference_enti).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

REFERENCE_ENTI = Path(__file__).resolve().parent / "reference" / "enti.json"


@lru_cache(maxsize=1)
def read_reference_enti() -> tuple[dict[str, Any], ...]:
    """The entries of the file: code, name, kind, istat_code, aliases."""
    return tuple(json.loads(REFERENCE_ENTI.read_text(encoding="utf-8")))
