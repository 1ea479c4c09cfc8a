"""`cruscotto summary --json` on the imported seed: the same figures on SQLite and PostgreSQL.

The figures are those a careful reader counts in the document: 52 MISSIONE /
PROGRAMMA blocks over 16 missioni; 93 mandate-line rows holding 75 distinct
lines; 501 activities once "(segue)" fragments and page-split rows are merged,
with 558 activity × department pairs (469 In corso, 45 Concluso, 20 Avviato,
24 with no status or an unrecognised one); 515 public-value, 366 result
(222 plain rows + 36 pivot rows × 4 groups) and 6 common indicators.
"""

from __future__ import annotations

import pytest

from cruscotto.loaders.common import LoadResult
from cruscotto.reports.services.summary import build_summary

pytestmark = pytest.mark.django_db


def test_summary_of_the_seed(seeded_db: LoadResult, django_assert_max_num_queries: object) -> None:
    with django_assert_max_num_queries(11):  # type: ignore[operator]
        summary = build_summary()
    dup, mandato = summary["plans"]
    assert dup == {
        "ente": "Città di Torino",
        "ente_code": "torino",
        "kind": "dup",
        "code": "2021-2026",
        "title": "DUP 2021-2026: missioni, programmi e attività",
        "period": [2021, 2026],
        "items_by_level": {"attivita": 501, "missione": 16, "programma": 52},
        "statuses": {"avviato": 20, "concluso": 45, "in_corso": 469, "non_indicato": 24},
        "impacts": {"ambientale": 151, "economico": 127, "interno": 52, "sociale": 340},
        "indicators_by_kind": {"comune": 6, "risultato": 366, "valore_pubblico": 515},
        "measurements_by_year": {"2022": 723, "2023": 724, "2024": 866, "2025": 792},
    }
    assert mandato["kind"] == "mandato"
    assert mandato["items_by_level"] == {"linea": 75}
    assert mandato["statuses"] == mandato["indicators_by_kind"] == {}
    # 85 notes of the parser, 13 of the loader: the units the records show to be one
    assert summary["diagnostics"] == {"error": 0, "warning": 57, "info": 98}
    # each activity's "Rif linee CC" and each programma's table of lines, as printed
    assert set(summary["links"]) == {"lists", "refers_to"}
    assert all(set(by_origin) == {"stated"} for by_origin in summary["links"].values())
    assert [d["identity"] for d in summary["documents"]] == ["torino/rendiconto/2025"]
