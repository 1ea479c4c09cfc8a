"""Open standards: the schema links the open data dictionary, which the API serves as the
open data export writes it; an indicator's series is described as CSV on the Web, and
the CSV it points to reads by that description."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from api_fixtures import get_json
from django.test import Client

from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult
from cruscotto.reports.services.opendata import write_open_data

pytestmark = pytest.mark.django_db

INDICATOR = "piani/torino/dup/2021-2026/indicatori/M01.P01/vp/a.1/"
READERS = {"integer": int, "decimal": Decimal, "string": str}


def test_the_schema_links_the_data_dictionary_the_open_data_publishes(
    seeded_db: LoadResult, client: Client, tmp_path: Path
) -> None:
    schema = get_json(client, "/api/v1/openapi.json")
    linked = schema["externalDocs"]
    assert linked["url"] == "/api/v1/dizionario-dati/"
    assert "dizionario dei dati aperti" in linked["description"].lower()
    write_open_data(tmp_path)
    published = json.loads((tmp_path / "dizionario-dati.json").read_text(encoding="utf-8"))
    assert get_json(client, linked["url"]) == published


def test_an_indicators_series_as_csv_on_the_web(seeded_db: LoadResult, client: Client) -> None:
    metadata = get_json(client, "/api/v1/metadati/" + INDICATOR)
    indicator = get_json(client, "/api/v1/" + INDICATOR)
    assert metadata["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "it"}]
    assert (metadata["dc:identifier"], metadata["dc:title"]) == (indicator["id"], indicator["name"])
    assert metadata["dc:isPartOf"] == "torino:dup:2021-2026"
    columns = metadata["tableSchema"]["columns"]
    assert all(column["dc:description"] for column in columns)
    # The CSV the metadata points to is addressed by the indicator's stable identifiers (an
    # address that survives a new import), and has those columns, in that order, of those types.
    address = urlsplit(metadata["url"])
    assert address.scheme == "http"
    assert address.path == "/api/v1/dati/" + INDICATOR + "valori.csv"
    response = client.get(address.path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(address.path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # the same rows as the web page's download of the indicator
    web_csv = client.get(f"/indicatori/{indicator_pk(metadata['dc:identifier'])}/csv/")
    assert web_csv.content == response.content
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [column["name"] for column in columns]
    assert len(rows) - 1 == len(indicator["values"]) > 0
    for row in rows[1:]:
        for column, cell in zip(columns, row, strict=True):
            if cell:  # an empty cell is CSVW's null
                READERS[column["datatype"]](cell)
    typed = {column["name"]: column["datatype"] for column in columns}
    assert (typed["year"], typed["value"], typed["indicator_name"]) == (
        "integer",
        "decimal",
        "string",
    )
    missing = get_json(
        client, "/api/v1/metadati/piani/torino/dup/2021-2026/indicatori/nessuno/", 404
    )
    assert missing["errore"] == "indicatore non trovato: torino/dup/2021-2026/nessuno"
    missing_csv = get_json(
        client, "/api/v1/dati/piani/torino/dup/2021-2026/indicatori/nessuno/valori.csv", 404
    )
    assert missing_csv == missing


def indicator_pk(stable_id: str) -> int:
    ente, kind, code, key = stable_id.split(":", 3)
    return Indicator.objects.get(
        plan__ente__code=ente, plan__kind=kind, plan__code=code, key=key
    ).pk
