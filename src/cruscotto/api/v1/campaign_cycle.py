"""The campaign's cycle through the API: the ufficio opens it, reads the board, accepts or
returns each unit's answer and closes it; a referente sends their unit's answer.

Each endpoint calls the service the campaign's pages and `cruscotto campaign` call
(`open_campaign`, `progress`, `submit_unit`, `review_unit`, `close_campaign`), which
checks the permission and the campaign's state and writes the history with the token's
user. The API maps the services' refusals to statuses and nothing else: 403 a role that
may not, 409 the state the campaign or the unit is in (`CampaignConflict`), 422 what
was asked (`CampaignError`). Every write takes an `Idempotency-Key`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from cruscotto.accounts.services.permissions import (
    Permission,
    PermissionRefused,
    require_permission,
)
from cruscotto.accounts.services.users import UserError, find_unit, unit_code
from cruscotto.api.v1 import schemas
from cruscotto.api.v1.campaigns import CAMPAIGN, find_campaign, refusal_status, write_token
from cruscotto.api.v1.errors import NotFound
from cruscotto.api.v1.idempotency import write_once
from cruscotto.api.v1.reads import find_plan
from cruscotto.campaigns.models import Campaign, UnitProgress
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.campaigns.services.progress import progress
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.core.models import OrgUnit

router = Router()

UNIT = CAMPAIGN + "unita/{unit}/"


class UnitState(Schema):
    code: str
    name: str
    state: str = Field(description="da_fare, bozza, inviata, restituita o accettata")
    to_do: int = Field(description="i dati ancora da inserire")
    filled: int
    return_comment: str


class CampaignState(Schema):
    ente: str
    piano: str = Field(description="tipo/codice del piano")
    anno: int
    stato: str = Field(description="open o closed")
    scadenza: datetime.date
    unita: list[UnitState]


class OpenRequest(Schema):
    anno: int = Field(ge=1, le=9999, description="l'esercizio da aggiornare")
    scadenza: datetime.date = Field(description="la data entro cui le unità rispondono")


class ReviewRequest(Schema):
    esito: Literal["accetta", "restituisci"]
    commento: str = Field("", max_length=5000, description="obbligatorio per restituire")


class UnitAnswer(Schema):
    unita: str
    nome: str
    stato: str


class ClosingAnswer(Schema):
    applicati: dict[str, int] = Field(description="i dati applicati all'esercizio, per tipo")
    unita_non_accettate: list[str] = Field(description="le unità i cui dati non sono applicati")
    non_applicati: list[str] = Field(description="i dati che un altro documento dichiara")
    attivita_concluse: int = Field(description="le attività concluse da ogni dipartimento")


def describe_campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "ente": campaign.ente.code,
        "piano": f"{campaign.plan.kind}/{campaign.plan.code}",
        "anno": campaign.year,
        "stato": campaign.state,
        "scadenza": campaign.deadline.isoformat(),  # kept as JSON for a retry
        "unita": [unit.as_json() for unit in progress(campaign)],
    }


def describe_unit(unit_progress: UnitProgress) -> dict[str, Any]:
    return {
        "unita": unit_code(unit_progress.org_unit),
        "nome": unit_progress.org_unit.name,
        "stato": unit_progress.state,
    }


def find_campaign_unit(campaign: Campaign, text: str) -> OrgUnit:
    try:
        unit = find_unit(campaign.ente, text)
    except UserError as error:
        raise NotFound(str(error)) from None
    if not campaign.units.filter(org_unit=unit).exists():
        raise NotFound(f"l'unità {unit.name} non ha dati nella campagna {campaign.year}")
    return unit


def refused_or_done(action: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
    """The action's answer, or its refusal as the error body with the refusal's status (so
    that a retry with the same Idempotency-Key answers the same refusal)."""
    try:
        return action()
    except (CampaignError, PermissionRefused) as error:
        message = str(error).removeprefix("Non consentito: ")
        return refusal_status(error), {"errore": message, "dettagli": []}


WRITE_REFUSALS = (403, 404, 409, 422)


@router.post(
    "/campagne/{ente}/{kind}/{code}/",
    response={
        201: CampaignState,
        **{
            status: body
            for status, body in schemas.answers(None, *WRITE_REFUSALS).items()
            if status != 200
        },
    },
    summary="Aprire la campagna di un esercizio (ufficio di controllo, token «write»)",
)
def open_plan_campaign(
    request: HttpRequest, response: HttpResponse, ente: str, kind: str, code: str, body: OpenRequest
) -> Status[dict[str, Any]]:
    """Each unit of the plan gets its to-do list for the year; 409 if the year's campaign
    exists already, 422 a year outside the plan's period."""
    token = write_token(request)
    plan = find_plan(ente, kind, code)

    def open_it() -> tuple[int, dict[str, Any]]:
        opened = open_campaign(request.user, plan.ente, plan, body.anno, body.scadenza)
        return 201, describe_campaign(opened)

    return write_once(request, response, token, lambda: refused_or_done(open_it))


@router.get(
    CAMPAIGN + "avanzamento/",
    response=schemas.answers(CampaignState, 403, 404, 422),
    summary="Dove è ogni unità della campagna (riservato)",
)
def campaign_board(
    request: HttpRequest, ente: str, kind: str, code: str, year: int
) -> dict[str, Any]:
    """The campaign board of the web app: each unit's state and how many values it filled."""
    campaign = find_campaign(ente, kind, code, year)
    require_permission(request.user, Permission.READ_RESERVED, campaign.ente)
    return describe_campaign(campaign)


@router.post(
    UNIT + "invio/",
    response=schemas.answers(UnitAnswer, *WRITE_REFUSALS),
    summary="Inviare all'ufficio i dati di un'unità (referente, token «write»)",
)
def submit_campaign_unit(
    request: HttpRequest, response: HttpResponse, ente: str, kind: str, code: str, year: int,
    unit: str,
) -> Status[dict[str, Any]]:  # fmt: skip
    """No more changes to the unit's values until the ufficio returns them."""
    token = write_token(request)
    campaign = find_campaign(ente, kind, code, year)
    org_unit = find_campaign_unit(campaign, unit)
    return write_once(
        request,
        response,
        token,
        lambda: refused_or_done(
            lambda: (200, describe_unit(submit_unit(request.user, campaign, org_unit)))
        ),
    )


@router.post(
    UNIT + "revisione/",
    response=schemas.answers(UnitAnswer, *WRITE_REFUSALS),
    summary="Accettare o restituire i dati di un'unità (ufficio di controllo, token «write»)",
)
def review_campaign_unit(
    request: HttpRequest, response: HttpResponse, ente: str, kind: str, code: str, year: int,
    unit: str, body: ReviewRequest,
) -> Status[dict[str, Any]]:  # fmt: skip
    """Accepted, the unit's values are locked for the year; returned, the comment says what
    to correct (422 without one). 409 if the unit has not sent its values, or was accepted."""
    token = write_token(request)
    campaign = find_campaign(ente, kind, code, year)
    org_unit = find_campaign_unit(campaign, unit)

    def review() -> tuple[int, dict[str, Any]]:
        reviewed = review_unit(
            request.user, campaign, org_unit, accept=body.esito == "accetta", comment=body.commento
        )
        return 200, describe_unit(reviewed)

    return write_once(request, response, token, lambda: refused_or_done(review))


@router.post(
    CAMPAIGN + "chiusura/",
    response=schemas.answers(ClosingAnswer, *WRITE_REFUSALS),
    summary="Chiudere la campagna (ufficio di controllo, token «write»)",
)
def close_plan_campaign(
    request: HttpRequest, response: HttpResponse, ente: str, kind: str, code: str, year: int
) -> Status[dict[str, Any]]:
    """The accepted units' values become the year's records; the others are listed."""
    token = write_token(request)
    campaign = find_campaign(ente, kind, code, year)

    def close() -> tuple[int, dict[str, Any]]:
        result = close_campaign(request.user, campaign)
        return 200, {
            "applicati": dict(result.applied),
            "unita_non_accettate": result.units_not_accepted,
            "non_applicati": result.not_applied,
            "attivita_concluse": result.concluded_activities,
        }

    return write_once(request, response, token, lambda: refused_or_done(close))
