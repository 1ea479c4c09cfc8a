"""/api/v1/ on the seeds: every endpoint answers the JSON the unversioned /api/ endpoint
gave (which is the CLI's --json, tests/test_api.py), the schema is valid OpenAPI 3, the
refusals are Italian `{"errore", "dettagli"}` bodies, lists come in pages, and reads
carry validators that answer 304 while the data is unchanged."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from api_fixtures import get_json, import_seed
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, ImportDiagnostic
from cruscotto.loaders.common import LoadResult

pytestmark = pytest.mark.django_db

PERFORMANCE = "piani/cmto/performance/2024/"
# Old address → v1 address, for every endpoint whose JSON is the same list or object.
SAME_JSON = [
    "piani/torino/dup/2021-2026/",
    "piani/cmto/mandato/2021-2026/voci/azione-3.3/catena/",
    "piani/torino/dup/2021-2026/indicatori/M01.P01/vp/a.1/",
    "edizioni/",
    PERFORMANCE + "assegnazioni/",
    PERFORMANCE + "validazione/",
]
# Lists that v1 pages: the old list is the concatenation of the pages' results.
PAGED = ["consiglio/votazioni/?ente=cmto", "documenti/"]


def test_the_schema_is_valid_openapi_3_and_documents_every_endpoint(client: Client) -> None:
    schema = get_json(client, "/api/v1/openapi.json")
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == sorted(
        [
            "/api/v1/",
            "/api/v1/riepilogo/",
            "/api/v1/piani/",
            "/api/v1/piani/{ente}/{kind}/{code}/",
            "/api/v1/piani/{ente}/{kind}/{code}/voci/{key}/catena/",
            "/api/v1/piani/{ente}/{kind}/{code}/indicatori/{key}/",
            "/api/v1/piani/{ente}/performance/{code}/assegnazioni/",
            "/api/v1/piani/{ente}/performance/{code}/validazione/",
            "/api/v1/piani/{ente}/performance/{code}/punteggi/",
            "/api/v1/copertura/",
            "/api/v1/edizioni/",
            "/api/v1/consiglio/votazioni/",
            "/api/v1/documenti/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/valori/",
            "/api/v1/campagne/{ente}/{kind}/{code}/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/avanzamento/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/unita/{unit}/invio/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/unita/{unit}/revisione/",
            "/api/v1/campagne/{ente}/{kind}/{code}/{year}/chiusura/",
            "/api/v1/importazioni/",
            "/api/v1/dizionario-dati/",
            "/api/v1/metadati/piani/{ente}/{kind}/{code}/indicatori/{key}/",
            "/api/v1/dati/piani/{ente}/{kind}/{code}/indicatori/{key}/valori.csv",
        ]
    )
    # typed: a plan's fields are declared, not an open object
    plan_fields = schema["components"]["schemas"]["Plan"]["properties"]
    assert set(plan_fields) == {"id", "url", "ente", "ente_code", "kind", "code", "title", "period"}
    scores = schema["paths"]["/api/v1/piani/{ente}/performance/{code}/punteggi/"]["get"]
    assert {"401", "403", "404", "422"} <= set(scores["responses"])
    values = schema["paths"]["/api/v1/campagne/{ente}/{kind}/{code}/{year}/valori/"]["post"]
    assert {"200", "401", "403", "404", "409", "422", "429"} <= set(values["responses"])
    for path in [
        "/api/v1/campagne/{ente}/{kind}/{code}/{year}/unita/{unit}/revisione/",
        "/api/v1/campagne/{ente}/{kind}/{code}/{year}/chiusura/",
    ]:
        assert {"200", "401", "403", "404", "409", "422"} <= set(
            schema["paths"][path]["post"]["responses"]
        )
    opening = schema["paths"]["/api/v1/campagne/{ente}/{kind}/{code}/"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(opening["responses"])
    upload = schema["paths"]["/api/v1/importazioni/"]["post"]
    assert {"201", "200", "400", "401", "403", "422"} <= set(upload["responses"])
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert schema["components"]["securitySchemes"]["TokenOrSession"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_documentation_page_is_served_from_our_own_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/ninja/") for source in sources), sources
    # No inline script to allow in a Content-Security-Policy: the settings are JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="swagger-settings"'], inline
    assert "/api/v1/openapi.json" in page
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_every_endpoint_answers_the_old_json(
    seeded_db: LoadResult, cmto_seeds: None, client: Client, user_with_role: Callable[..., User]
) -> None:
    for address in SAME_JSON:
        assert get_json(client, "/api/v1/" + address) == get_json(client, "/api/" + address), (
            address
        )
    for address in PAGED:
        separator = "&" if "?" in address else "?"
        page = get_json(client, f"/api/v1/{address}{separator}per_pagina=1000")
        old = get_json(client, "/api/" + address)
        assert (page["totale"], page["pagina"], page["risultati"]) == (len(old), 1, old), address
    plans = get_json(client, "/api/v1/piani/?per_pagina=1000")
    old_plans = get_json(client, "/api/piani/")
    assert plans["totale"] == len(old_plans)
    assert plans["risultati"] == [
        {**plan, "url": plan["url"].replace("/api/", "/api/v1/")} for plan in old_plans
    ]
    for plan in plans["risultati"]:  # each plan's address answers
        assert get_json(client, plan["url"])["plan"]["id"] == plan["id"]
    # The reserved scores, to a valutatore of the ente, as the old endpoint gave them.
    client.force_login(user_with_role("oiv", Role.Kind.VALUTATORE, Ente.objects.get(code="cmto")))
    scores = PERFORMANCE + "punteggi/?anno=2024"
    assert get_json(client, "/api/v1/" + scores) == get_json(client, "/api/" + scores)
    assert get_json(client, "/api/v1/" + PERFORMANCE + "punteggi/") == get_json(
        client, "/api/" + PERFORMANCE + "punteggi/"
    )


def test_the_filters_of_the_lists(seeded_db: LoadResult, cmto_seeds: None, client: Client) -> None:
    everything = get_json(client, "/api/v1/piani/?per_pagina=1000")["risultati"]
    of_cmto = get_json(client, "/api/v1/piani/?ente=cmto&per_pagina=1000")["risultati"]
    assert of_cmto == [plan for plan in everything if plan["ente_code"] == "cmto"] != []
    duplicates = get_json(client, "/api/v1/piani/?tipo=dup")["risultati"]
    assert duplicates == [plan for plan in everything if plan["kind"] == "dup"] != []
    documents = get_json(client, "/api/v1/documenti/?formato=consiglio")
    assert documents["totale"] == 1
    assert documents["risultati"][0]["file_name"] == "002_a40a8705e1971a15.txt"


def test_the_coverage_of_one_ente(seeded_db: LoadResult, cmto_seeds: None, client: Client) -> None:
    """?ente=CODE answers what the whole coverage lists for that ente, and nothing else.

    v1 is scoped by ente (no longer the old address's JSON, so out of SAME_JSON):
    without ?ente it lists the enti, with their counts and the address of their lists.
    """
    everything = get_json(client, "/api/copertura/")
    codes = {row["ente"] for rows in everything.values() for row in rows}
    assert len(codes) == 2
    enti = get_json(client, "/api/v1/copertura/")
    assert (enti["totale"], enti["pagina"]) == (2, 1)
    assert enti["risultati"] == [
        {
            "ente": code,
            "nome": Ente.objects.get(code=code).name,
            **{
                key: len([row for row in everything[key] if row["ente"] == code])
                for key in [
                    "psm_actions_without_project_or_objective",
                    "objectives_without_indicator",
                ]
            },
            "url": f"/api/v1/copertura/?ente={code}",
        }
        for code in sorted(codes)
    ]
    for code in codes:
        of_ente = get_json(client, f"/api/v1/copertura/?ente={code}")
        assert of_ente == {
            key: [row for row in rows if row["ente"] == code] for key, rows in everything.items()
        }
    refused = get_json(client, "/api/v1/copertura/?ente=nessun-ente", status=404)
    assert refused["errore"] == "ente non trovato: nessun-ente"


def test_the_summary_of_one_ente(seeded_db: LoadResult, cmto_seeds: None, client: Client) -> None:
    """?ente=CODE answers the whole summary's plans and documents of that ente; the enti add up.

    v1 is scoped by ente (no longer the old address's JSON, so out of SAME_JSON): without
    ?ente it lists the enti, with their counts and the address of their summary.
    """
    everything = get_json(client, "/api/riepilogo/")
    codes = sorted({plan["ente_code"] for plan in everything["plans"]})
    assert len(codes) == 2
    enti = get_json(client, "/api/v1/riepilogo/")
    assert (enti["totale"], enti["pagina"]) == (2, 1)
    assert enti["risultati"] == [
        {
            "ente": code,
            "nome": Ente.objects.get(code=code).name,
            "piani": len([p for p in everything["plans"] if p["ente_code"] == code]),
            "voci": sum(
                sum(p["items_by_level"].values())
                for p in everything["plans"]
                if p["ente_code"] == code
            ),
            "indicatori": sum(
                sum(p["indicators_by_kind"].values())
                for p in everything["plans"]
                if p["ente_code"] == code
            ),
            "documenti": len(get_json(client, f"/api/v1/riepilogo/?ente={code}")["documents"]),
            "url": f"/api/v1/riepilogo/?ente={code}",
        }
        for code in codes
    ]
    documents, links, diagnostics = [], Counter(), Counter()
    for code in codes:
        of_ente = get_json(client, f"/api/v1/riepilogo/?ente={code}")
        assert of_ente["plans"] == [p for p in everything["plans"] if p["ente_code"] == code] != []
        documents += of_ente["documents"]
        for kind, origins in of_ente["links"].items():
            links.update({(kind, origin): n for origin, n in origins.items()})
        diagnostics.update(of_ente["diagnostics"])
    assert sorted(documents, key=lambda d: d["identity"]) == everything["documents"]
    assert links == Counter(
        {
            (kind, origin): n
            for kind, origins in everything["links"].items()
            for origin, n in origins.items()
        }
    )
    assert diagnostics == Counter(everything["diagnostics"])
    refused = get_json(client, "/api/v1/riepilogo/?ente=nessun-ente", status=404)
    assert refused["errore"] == "ente non trovato: nessun-ente"


def test_pages_say_the_total(
    seeded_db: LoadResult, cmto_seeds: None, client: Client, django_assert_num_queries: Any
) -> None:
    everything = get_json(client, "/api/v1/piani/?per_pagina=1000")["risultati"]
    # validators (3 aggregates), the count, the page
    with django_assert_num_queries(5):
        second = get_json(client, "/api/v1/piani/?pagina=2&per_pagina=2")
    assert second == {
        "totale": len(everything),
        "pagina": 2,
        "per_pagina": 2,
        "risultati": everything[2:4],
    }
    beyond = get_json(client, f"/api/v1/piani/?pagina={len(everything) + 1}&per_pagina=1")
    assert (beyond["totale"], beyond["risultati"]) == (len(everything), [])


def test_refusals_are_italian_json_with_their_status(
    seeded_db: LoadResult, cmto_seeds: None, client: Client, user_with_role: Callable[..., User]
) -> None:
    assert get_json(client, "/api/v1/piani/torino/dup/2099/", 404) == {
        "errore": "piano non trovato: torino/dup/2099",
        "dettagli": [],
    }
    assert get_json(client, "/api/v1/piani/cmto/mandato/2021-2026/voci/azione-99/catena/", 404)[
        "errore"
    ] == ("voce non trovata: cmto/mandato/2021-2026/azione-99")
    assert get_json(client, "/api/v1/piani/?pagina=0&per_pagina=duecento", 422) == {
        "errore": "parametri non validi",
        "dettagli": [
            {"campo": "query.pagina", "messaggio": "deve essere almeno 1"},
            {"campo": "query.per_pagina", "messaggio": "serve un numero intero"},
        ],
    }
    scores = "/api/v1/" + PERFORMANCE + "punteggi/"
    # Anonymous: who are you? A dirigente: not yours to read.
    refused = get_json(client, scores, 401)
    assert refused["errore"].startswith("autenticazione richiesta")
    cmto = Ente.objects.get(code="cmto")
    client.force_login(user_with_role("dirigente", Role.Kind.DIRIGENTE, cmto))
    assert get_json(client, scores, 403) == {
        "errore": "Non consentito: riservato all'ufficio di controllo e ai valutatori "
        "dell'ente (Città metropolitana di Torino).",
        "dettagli": [],
    }
    client.force_login(user_with_role("oiv", Role.Kind.VALUTATORE, cmto))
    for year in ("duemila", "²⁰²⁴", "0"):  # the old endpoint's 400 is a 422 in v1
        refused = get_json(client, scores + "?anno=" + year, 422)
        assert [detail["campo"] for detail in refused["dettagli"]] == ["query.anno"], year
    assert client.post("/api/v1/piani/").status_code == 405
    # Found by schemathesis: a NUL character reached the database (500), an address no
    # endpoint has answered the web app's HTML page.
    assert client.get("/api/v1/piani/?ente=tor%00ino").status_code == 400  # the web's rule
    assert get_json(client, "/api/v1/piani/torino/dup/2021%00/", 404) == {
        "errore": "piano non trovato: torino/dup/2021\ufffd",
        "dettagli": [],
    }
    assert get_json(client, "/api/v1/piani/torino/dup/2021-2026/voci/a%2Fb/catena/", 404) == {
        "errore": "indirizzo non trovato: /api/v1/piani/torino/dup/2021-2026/voci/a/b/catena/",
        "dettagli": [],
    }
    assert get_json(client, "/api/v1/piani/torino/dup/2021-2026/indicatori/a%0Ab/", 404) == {
        "errore": "indirizzo non trovato: /api/v1/piani/torino/dup/2021-2026/indicatori/a\nb/",
        "dettagli": [],
    }
    without_slash = client.get("/api/v1/piani?pagina=2")
    assert (without_slash.status_code, without_slash["Location"]) == (
        301,
        "/api/v1/piani/?pagina=2",
    )


def test_reads_carry_validators_and_answer_304_while_unchanged(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get("/api/v1/piani/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag) and last_modified.endswith(" GMT")
    with django_assert_num_queries(3):  # the validators only: the list is not computed
        unchanged = client.get("/api/v1/piani/", headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged["ETag"], unchanged.content) == (304, etag, b"")
    since = client.get("/api/v1/piani/", headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    # Another address has its own ETag.
    other = client.get("/api/v1/piani/?tipo=dup")
    assert other.status_code == 200 and other["ETag"] != etag
    # A new document imported: the same address answers in full, with a new ETag.
    import_seed("consiglio")
    changed = client.get("/api/v1/piani/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content) == get_json(client, "/api/v1/piani/")


def test_a_page_of_documents_counts_the_diagnostics_of_that_page_only(
    seeded_db: LoadResult, cmto_seeds: None, client: Client
) -> None:
    """Counting every document's diagnostics to show one page grew with the enti (docs/scale.md)."""
    everything = get_json(client, "/api/v1/documenti/?per_pagina=1000")["risultati"]
    diagnostics_table = ImportDiagnostic._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        second = get_json(client, "/api/v1/documenti/?pagina=2&per_pagina=1")

    assert second["totale"] == len(everything) > 2
    assert second["risultati"] == everything[1:2]
    counting = [query["sql"] for query in queries if diagnostics_table in query["sql"]]
    assert len(counting) == 1
    assert f"IN ({everything[1]['id']})" in counting[0]
