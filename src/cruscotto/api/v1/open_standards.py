"""Open standards beside the API's own JSON: the open data dictionary, and each indicator's
series described as CSV on the Web (W3C CSVW, JSON-LD) over its open-data CSV.

The schema links the dictionary (`externalDocs`), so that a reader of the API finds
what each field of the open data means where the API is described.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.text import slugify
from ninja import Router

from cruscotto.api.v1 import schemas
from cruscotto.api.v1.caching import request_validators, set_validators
from cruscotto.api.v1.reads import find_indicator
from cruscotto.indicators.services import measurements_as_csv
from cruscotto.reports.services.csvw import indicator_csv_metadata
from cruscotto.reports.services.opendata import data_dictionary

router = Router()

DATA_DICTIONARY_PATH = "/dizionario-dati/"
SERIES = "/piani/{ente}/{kind}/{code}/indicatori/{path:key}/"
SERIES_CSV = "/dati" + SERIES + "valori.csv"


@router.get(
    DATA_DICTIONARY_PATH,
    response=schemas.answers(schemas.Report),
    summary="Il dizionario dei dati aperti",
)
def open_data_dictionary(request: HttpRequest) -> dict[str, Any]:
    """What `cruscotto opendata` writes as dizionario-dati.json: the meaning of every field
    of the open data files, and the columns of an indicator's CSV in their order."""
    return data_dictionary()


@router.get(
    "/metadati" + SERIES,
    response=schemas.answers(schemas.Report, 404),
    summary="I metadati CSVW (CSV on the Web) della serie di un indicatore",
)
def indicator_csvw(
    request: HttpRequest, ente: str, kind: str, code: str, key: str
) -> dict[str, Any]:
    """The indicator's CSV (the same rows as its `values`) described in JSON-LD by the W3C
    CSVW vocabulary: its address, identifier, title, and each column's meaning and type."""
    found = find_indicator(ente, kind, code, key)
    csv_path = reverse("api:v1:indicator_series_csv", args=[ente, kind, code, key])
    return indicator_csv_metadata(found, request.build_absolute_uri(csv_path))


@router.get(
    SERIES_CSV,
    # The 200 is a CSV file, declared below; the refusals are the API's JSON errors.
    response={status: schemas.ErrorBody for status in (401, 404, 429)},
    summary="La serie di un indicatore in CSV (le colonne dei dati aperti)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Il CSV della serie: una riga per valore, le colonne del "
                "dizionario dei dati",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def indicator_series_csv(
    request: HttpRequest, ente: str, kind: str, code: str, key: str
) -> HttpResponse:
    """The indicator's values as the open data's CSV, at an address made of its stable
    identifiers (the CSVW metadata's `url`), so that it stays valid after a new import."""
    found = find_indicator(ente, kind, code, key)
    response = HttpResponse(measurements_as_csv(found), content_type="text/csv; charset=utf-8")
    name = slugify(f"{ente}-{kind}-{code}-{key}")[:120] or "indicatore"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    # A response the view builds itself skips the API's own: the read's validators here.
    validators = request_validators(request)
    if validators is not None:
        set_validators(response, validators)
    return response
