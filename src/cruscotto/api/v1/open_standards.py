"""Open standards beside the API's own JSON: the open data dictionary, and each indicator's
series described as CSV on the Web (W3C CSVW, JSON-LD) over its open-data CSV.

The schema links the dictionary (`externalDocs`), so that a reader of the API finds
what each field of the open data means where the API is described.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from cruscotto.api.v1 import schemas
from cruscotto.api.v1.reads import find_indicator
from cruscotto.reports.services.csvw import indicator_csv_metadata
from cruscotto.reports.services.opendata import data_dictionary

router = Router()

DATA_DICTIONARY_PATH = "/dizionario-dati/"


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
    "/metadati/piani/{ente}/{kind}/{code}/indicatori/{path:key}/",
    response=schemas.answers(schemas.Report, 404),
    summary="I metadati CSVW (CSV on the Web) della serie di un indicatore",
)
def indicator_csvw(
    request: HttpRequest, ente: str, kind: str, code: str, key: str
) -> dict[str, Any]:
    """The indicator's CSV (the same rows as its `values`) described in JSON-LD by the W3C
    CSVW vocabulary: its address, identifier, title, and each column's meaning and type."""
    found = find_indicator(ente, kind, code, key)
    csv_url = request.build_absolute_uri(reverse("web:indicator_csv", args=[found.pk]))
    return indicator_csv_metadata(found, csv_url)
