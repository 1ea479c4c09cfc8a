"""A campaign through the API: a unit's to-do list read back, its values written.

The writes go through `save_entry`, the service the campaign's forms and spreadsheets
use: it checks that the user is a referente of the entry's unit, that the campaign is
open and the unit not yet submitted, reads the value by the entry's type, refuses a
stale version and records the change in the history with the token's user. The API
only maps its refusals to statuses: 403 not the user's unit, 404 no such entry, 409 a
stale version or a closed campaign or locked unit, 422 a value of the wrong type.

A batch is written whole or not at all, as an uploaded spreadsheet is; a value equal to
the one stored (at the version sent) is not written again, so a retried batch changes
nothing. An `Idempotency-Key` header makes a retry safe even after a successful write:
the same key with the same body answers what the first request answered, and writes
nothing; the same key with another body is refused (422).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from cruscotto.accounts.models import ApiToken
from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.api.v1 import schemas
from cruscotto.api.v1.auth import token_of
from cruscotto.api.v1.errors import ApiError, NotFound
from cruscotto.api.v1.idempotency import write_once
from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.entries import save_entry, status_vocabulary
from cruscotto.campaigns.services.errors import CampaignConflict, CampaignError
from cruscotto.campaigns.services.todo import todo_for

router = Router()

CAMPAIGN = "/campagne/{ente}/{kind}/{code}/{year}/"


class TodoItem(Schema):
    key: str
    kind: str = Field(description="stato, azioni, indicatore o consuntivo")
    label: str
    previous: str = Field(description="il valore dell'anno precedente")
    text: str = Field(description="il valore inserito; vuoto finché da fare")
    filled: bool
    version: int = Field(description="da rimandare con la modifica (concorrenza ottimistica)")


class UnitTodo(Schema):
    unit_code: str
    unit_name: str
    state: str
    return_comment: str
    items: list[TodoItem]


class EnteredValue(Schema):
    chiave: str = Field(description="la chiave del dato nella campagna (es. stato:M01.P01.a/312)")
    valore: str = Field(description="il valore, come lo si scriverebbe nel modulo")
    versione: int = Field(ge=0, description="la versione letta")


class EnteredValues(Schema):
    valori: list[EnteredValue] = Field(min_length=1, max_length=5000)


class SavedValue(Schema):
    chiave: str
    versione: int
    salvato: bool = Field(description="falso se il valore era già quello registrato")


class SaveResult(Schema):
    salvati: int
    invariati: int
    valori: list[SavedValue]


def find_campaign(ente: str, kind: str, code: str, year: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("ente", "plan")
        .filter(ente__code=ente, plan__kind=kind, plan__code=code, year=year)
        .first()
    )
    if campaign is None:
        raise NotFound(f"campagna non trovata: {ente}/{kind}/{code}/{year}")
    return campaign


@router.get(
    CAMPAIGN,
    response=schemas.answers(list[UnitTodo], 403, 404, 422),
    summary="I dati di una campagna, per unità",
)
def campaign_entries(request: HttpRequest, ente: str, kind: str, code: str, year: int) -> list[Any]:
    """The units the user may update (a referente's own; every unit for the ufficio and the
    valutatori, who read them): each value to update, last year's, what was entered, and
    its version, to send back with a change."""
    return todo_for(request.user, find_campaign(ente, kind, code, year))


def write_token(request: HttpRequest) -> ApiToken:
    token = token_of(request)
    if token is None:
        raise ApiError(
            401, "per scrivere serve un token con ambito «write» (Authorization: Bearer)"
        )
    if token.scope != ApiToken.Scope.WRITE:
        raise ApiError(403, "il token è di sola lettura: per scrivere serve l'ambito «write»")
    return token


def refusal_status(error: Exception) -> int:
    """The status of a refused write: 403 who may not, 409 the state the campaign or the unit
    is in (closed, submitted, accepted, a stale version), 422 what was asked."""
    if isinstance(error, PermissionRefused):
        return 403
    return 409 if isinstance(error, CampaignConflict) else 422


def save_values(
    request: HttpRequest, token: ApiToken, campaign: Campaign, values: list[EnteredValue]
) -> tuple[int, dict[str, Any]]:
    """Save the batch whole or not at all; return the status and the body to answer."""
    entries = {
        entry.key: entry
        for entry in Entry.objects.filter(
            campaign=campaign, key__in=[value.chiave for value in values]
        ).select_related("org_unit")
    }
    vocabulary = status_vocabulary()
    saved: list[dict[str, Any]] = []
    refused: list[tuple[int, dict[str, Any]]] = []
    with transaction.atomic():
        for value in values:
            entry = entries.get(value.chiave)
            if entry is None:
                refused.append(
                    (404, {"chiave": value.chiave, "messaggio": "non è un dato della campagna"})
                )
                continue
            if entry.text == value.valore.strip() and entry.version == value.versione:
                saved.append({"chiave": entry.key, "versione": entry.version, "salvato": False})
                continue
            try:
                entry = save_entry(
                    request.user, campaign, value.chiave, value.valore, value.versione,
                    vocabulary, via=f"API, token {token.prefix}…",
                )  # fmt: skip
            except (CampaignError, PermissionRefused) as error:
                message = str(error).removeprefix("Non consentito: ")
                status = refusal_status(error)
                refused.append((status, {"chiave": value.chiave, "messaggio": message}))
                continue
            entries[entry.key] = entry
            saved.append({"chiave": entry.key, "versione": entry.version, "salvato": True})
        if refused:
            transaction.set_rollback(True)
    if refused:
        # The first refusal's status; every refused value in the details.
        return refused[0][0], {
            "errore": f"nessun valore salvato: {len(refused)} rifiutati su {len(values)}",
            "dettagli": [detail for _, detail in refused],
        }
    written = sum(1 for value in saved if value["salvato"])
    return 200, {"salvati": written, "invariati": len(saved) - written, "valori": saved}


@router.post(
    CAMPAIGN + "valori/",
    response=schemas.answers(SaveResult, 403, 404, 409, 422),
    summary="Scrivere i valori di una campagna (token «write»)",
)
def campaign_values(
    request: HttpRequest,
    response: HttpResponse,
    ente: str,
    kind: str,
    code: str,
    year: int,
    body: EnteredValues,
) -> Status[dict[str, Any]]:
    """A referente's values for their units: statuses, the year's actions, indicator values
    and performance actuals, each with the version read (GET of the campaign). With an
    `Idempotency-Key` header, a retry answers the first answer without writing again."""
    token = write_token(request)
    campaign = find_campaign(ente, kind, code, year)
    return write_once(
        request, response, token, lambda: save_values(request, token, campaign, body.valori)
    )
