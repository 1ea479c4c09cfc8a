"""The JSON API on the seeds: each endpoint answers what the matching `cruscotto … --json`
prints (one computation, two views), and addresses plans, items and indicators by their
stable identifiers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.cli import main
from cruscotto.core.models import Ente, ImportDiagnostic, SourceDocument
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import Plan
from imported_once import imported_once

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CMTO_SEEDS = {
    "consiglio": SAMPLES / "002_a40a8705e1971a15.txt",
    "psm-preliminare": SAMPLES / "003_cb1b0797773d428b.txt",
    "psm-monitoraggio": SAMPLES / "001_c8fc3c27ab7903b2.txt",
    "performance": SAMPLES / "004_63c10e375ed7a47e.txt",
}


def get_json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@imported_once
def cmto_seeds() -> None:
    for format_name, path in CMTO_SEEDS.items():
        source = SourceFile.read(path)
        fmt = FORMATS[format_name]
        fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


def test_the_plans_by_stable_identifier(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        plans = get_json(client, "/api/piani/")
    dup = next(p for p in plans if p["kind"] == "dup")
    assert dup == {
        "id": "torino:dup:2021-2026",
        "url": "/api/piani/torino/dup/2021-2026/",
        "ente": "Città di Torino",
        "ente_code": "torino",
        "kind": "dup",
        "code": "2021-2026",
        "title": dup["title"],
        "period": [2021, 2026],
    }
    exported = get_json(client, dup["url"])
    assert exported["plan"]["id"] == "torino:dup:2021-2026"
    items = {item["key"]: item for item in exported["items"]}
    # the seed, line 119: activity a of Missione 1, Programma 1
    activity = items["M01.P01.a"]
    assert activity["title"].startswith("Dare compiuta attuazione al processo di decentramento")
    assert activity["source"] == {"document": "000_014bd498e15be787.txt", "line": 119}
    assert sum(1 for item in items.values() if item["level"] == "attivita") == 501
    get_json(client, "/api/piani/torino/dup/2099/", 404)


def test_the_summary_is_the_clis(seeded_db: LoadResult, client: Client) -> None:
    assert get_json(client, "/api/riepilogo/") == cli_json("summary", "--json")


def test_an_indicators_values_are_the_open_data_rows(seeded_db: LoadResult, client: Client) -> None:
    found = get_json(client, "/api/piani/torino/dup/2021-2026/indicatori/M01.P01/vp/a.1/")
    assert (found["id"], found["code"], found["kind"], found["item"]) == (
        "torino:dup:2021-2026:M01.P01/vp/a.1", "a.1", "valore_pubblico", "M01.P01.a",
    )  # fmt: skip
    # the seed, line 148: "a.1  N° moduli predisposti per la pubblicazione  4  0  0  0"
    assert [(v["year"], v["value_as_printed"]) for v in found["values"]][:4] == [
        (2022, "4"), (2023, "0"), (2024, "0"), (2025, "0"),
    ]  # fmt: skip
    indicator = Indicator.objects.get(plan__code="2021-2026", key="M01.P01/vp/a.1")
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/indicatori/{indicator.pk}/csv/").content.decode()))
    )
    assert [{k: str(v) for k, v in row.items()} for row in found["values"]] == rows


def test_the_cmto_endpoints_are_the_clis(
    cmto_seeds: None, client: Client, user_with_role: Callable[..., User]
) -> None:
    plan = "/api/piani/cmto/mandato/2021-2026/"
    assert get_json(client, plan + "voci/azione-3.3/catena/") == cli_json(
        "trace", "cmto/mandato/2021-2026/azione-3.3", "--json"
    )
    assert get_json(client, "/api/copertura/") == cli_json("coverage", "--json")
    assert get_json(client, "/api/edizioni/") == cli_json("editions", "--json")
    votes = get_json(client, "/api/consiglio/votazioni/?ente=cmto")
    assert votes == cli_json("council", "votes", "--json", "--ente", "cmto")
    # the act's three operative points (seed 002, lines 76-136)
    assert [point["number"] for point in votes[0]["points"]] == [1, 2, 3]
    performance = "/api/piani/cmto/performance/2024/"
    assignments = get_json(client, performance + "assegnazioni/")
    assert assignments == cli_json("performance", "assignments", "--json")
    assert len({a["structure"] for a in assignments}) == 28  # the seed's 28 structures
    assert get_json(client, performance + "validazione/") == cli_json(
        "performance", "validate", "--json"
    )
    # The scores are the valutatore's and the ufficio's (tests/test_permissions.py).
    client.force_login(user_with_role("oiv", Role.Kind.VALUTATORE, Ente.objects.get(code="cmto")))
    assert get_json(client, performance + "punteggi/?anno=2024") == cli_json(
        "performance", "scores", "--json", "--year", "2024"
    )
    get_json(client, performance + "punteggi/?anno=duemila", 400)
    get_json(client, performance + "punteggi/?anno=²⁰²⁴", 400)  # digits to isdigit, not to int
    plan_id = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PERFORMANCE).pk
    for url in (
        f"/performance/{plan_id}/?anno=²",
        f"/performance/{plan_id}/assegnazioni.xlsx?anno=²",
    ):
        assert client.get(url).status_code == 200, url
    get_json(client, plan + "voci/azione-99/catena/", 404)


def test_the_documents_with_their_diagnostics(
    cmto_seeds: None, client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        documents = get_json(client, "/api/documenti/")
    assert [{k: v for k, v in d.items() if k != "page"} for d in documents] == cli_json(
        "documents", "--json"
    )
    # the session's Turin report may be loaded too
    assert {p.name for p in CMTO_SEEDS.values()} <= {d["file_name"] for d in documents}
    for document in documents:
        stored = SourceDocument.objects.get(identity=document["identity"])
        counted = {
            severity: ImportDiagnostic.objects.filter(document=stored, severity=severity).count()
            for severity in ["error", "warning", "info"]
        }
        assert document["diagnostics"] == counted
        assert document["page"] == f"/documenti/sorgenti/{stored.pk}/"
    council = next(d for d in documents if d["format"] == "consiglio")
    assert (council["lines"], council["diagnostics"]["warning"]) == (468, 3)


def test_the_api_reads_only(seeded_db: LoadResult, client: Client) -> None:
    assert client.post("/api/piani/").status_code == 405
    index = get_json(client, "/api/")
    assert index["piani"] == "/api/piani/" and index["documenti importati"] == "/api/documenti/"
