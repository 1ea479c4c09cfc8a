"""A document pasted into itself imports: each repeated key is reported once and loaded once.

The loaders synchronise by natural key and refuse two records with one key
(`sync_rows` raises ValueError); before issue 13 the council act pasted three
times gave three votes on each point, the preliminary report three needs 4.1.
Now the parser keeps the first and reports the others (`duplicate_*`), so
what the document numbers is loaded as often as one copy of it holds.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from cruscotto.loaders.common import SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
SEED_OF_FORMAT = {
    "rendiconto": "000_014bd498e15be787.txt",
    "psm-monitoraggio": "001_c8fc3c27ab7903b2.txt",
    "consiglio": "002_a40a8705e1971a15.txt",
    "psm-preliminare": "003_cb1b0797773d428b.txt",
    "performance": "004_63c10e375ed7a47e.txt",
}

# What one copy holds, of the kinds whose key the document prints (numbers, codes).
ONE_COPY_TOTALS = {
    "rendiconto": {"missioni": 16, "programmi": 52, "linee programmatiche": 75},
    "psm-monitoraggio": {"assi": 6, "strategie": 25, "azioni": 113, "progetti": 121},
    "consiglio": {"presenti": 19, "portavoce": 6, "punti votati": 3, "firme": 2, "assi": 6,
                  "azioni": 29},
    "psm-preliminare": {"strategie del piano precedente": 24, "esigenze": 30,
                        "sotto-indicazioni": 89, "temi": 10},
    "performance": {"strutture": 28, "obiettivi": 96, "assegnazioni": 233},
}  # fmt: skip
# The repeats each parser reports in three copies: the second and third copy of each key.
DUPLICATES_REPORTED = {
    "rendiconto": {"duplicate_mandate_number": 186},
    "psm-monitoraggio": {},
    "consiglio": {"duplicate_vote": 6},
    "psm-preliminare": {"duplicate_axis": 24, "duplicate_need": 60},
    "performance": {"duplicate_objective_id": 384},
}


@pytest.mark.parametrize("format_name", sorted(SEED_OF_FORMAT))
def test_a_document_pasted_three_times_imports_each_key_once(
    empty_db: None, format_name: str
) -> None:
    seed = (SAMPLES_DIR / SEED_OF_FORMAT[format_name]).read_text(encoding="utf-8")
    text = "\n".join([seed] * 3)
    parsed = FORMATS[format_name].parse(text)
    source = SourceFile("tre_copie.txt", text, hashlib.sha256(text.encode()).hexdigest())
    result = FORMATS[format_name].load(parsed, source, "test", SilentProgress())
    totals = {kind: result.totals[kind] for kind in ONE_COPY_TOTALS[format_name]}
    assert totals == ONE_COPY_TOTALS[format_name]
    reported = Counter(d.code for d in parsed.diagnostics if d.code.startswith("duplicate_"))
    assert reported == DUPLICATES_REPORTED[format_name]
