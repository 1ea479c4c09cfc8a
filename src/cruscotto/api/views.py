"""The JSON API: each endpoint returns what the matching `cruscotto … --json` prints.

Plans, items and indicators are addressed by their stable identifiers (ente,
plan kind, plan code, key), as open data names them, never by database ids,
so that a URL stays valid after a new import.

Public, as the published documents state it: plans, items, chains, indicators,
coverage, editions, council votes, the performance plan's assignments and the
validation of its weights, the imported documents. Reserved (the session's user
must hold the permission; 403 otherwise): the performance scores, each manager's
evaluation, for the ufficio di controllo and the valutatori of the ente.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from cruscotto.accounts.services.permissions import (
    Permission,
    PermissionRefused,
    require_permission,
)
from cruscotto.council.services.votes import list_votes
from cruscotto.domain.text import ascii_int
from cruscotto.indicators.models import Indicator
from cruscotto.indicators.services import get_indicator, measurement_rows, stable_indicator_id
from cruscotto.performance.services.reports import scores_summary, validation_report
from cruscotto.performance.services.scorecards import list_assignments
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.reports.services.documents import describe_documents
from cruscotto.reports.services.opendata import export_plan, plan_identifier
from cruscotto.reports.services.summary import build_summary
from cruscotto.traceability.services.coverage import coverage_report
from cruscotto.traceability.services.editions import describe_editions
from cruscotto.traceability.services.trace import describe_trace

View = Callable[..., JsonResponse]


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, safe=False, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def api_view(view: View) -> View:
    """GET only; a record that does not exist answers 404 with its reason, in JSON, and a
    reserved one the user may not read 403 with what it needs."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except LookupError as error:
            return json_response(
                {"errore": str(error.args[0]) if error.args else "non trovato"}, 404
            )
        except (Plan.DoesNotExist, PlanItem.DoesNotExist, Indicator.DoesNotExist):
            return json_response({"errore": "non trovato"}, 404)
        except PermissionRefused as error:
            return json_response({"errore": str(error)}, 403)

    return wrapper


def plan_url(plan: Plan) -> str:
    return reverse("api:plan", args=[plan.ente.code, plan.kind, plan.code])


def find_plan(ente: str, kind: str, code: str) -> Plan:
    plan = Plan.objects.select_related("ente").filter(ente__code=ente, kind=kind, code=code).first()
    if plan is None:
        raise LookupError(f"piano non trovato: {ente}/{kind}/{code}")
    return plan


@api_view
def index(request: HttpRequest) -> JsonResponse:
    """What the API offers, with an example address for each endpoint."""
    return json_response(
        {
            "riepilogo": reverse("api:summary"),
            "piani": reverse("api:plans"),
            "piano": "/api/piani/<ente>/<tipo>/<codice>/ (es. /api/piani/torino/dup/2021-2026/)",
            "catena di una voce": "/api/piani/<ente>/<tipo>/<codice>/voci/<chiave>/catena/",
            "indicatore": "/api/piani/<ente>/<tipo>/<codice>/indicatori/<chiave>/",
            "copertura": reverse("api:coverage"),
            "edizioni": reverse("api:editions"),
            "votazioni del consiglio": reverse("api:council_votes") + " (?ente=cmto)",
            "performance": "/api/piani/<ente>/performance/<codice>/{assegnazioni,validazione}/",
            "punteggi (riservato)": "/api/piani/<ente>/performance/<codice>/punteggi/",
            "documenti importati": reverse("api:documents"),
        }
    )


@api_view
def summary(request: HttpRequest) -> JsonResponse:
    return json_response(build_summary())


@api_view
def plans(request: HttpRequest) -> JsonResponse:
    return json_response(
        [
            {
                "id": plan_identifier(plan),
                "url": plan_url(plan),
                "ente": plan.ente.name,
                "ente_code": plan.ente.code,
                "kind": plan.kind,
                "code": plan.code,
                "title": plan.title,
                "period": [plan.period_start, plan.period_end],
            }
            for plan in Plan.objects.select_related("ente").order_by("ente__code", "kind", "code")
        ]
    )


@api_view
def plan(request: HttpRequest, ente: str, kind: str, code: str) -> JsonResponse:
    return json_response(export_plan(find_plan(ente, kind, code)))


@api_view
def item_chain(request: HttpRequest, ente: str, kind: str, code: str, key: str) -> JsonResponse:
    item = (
        PlanItem.objects.select_related("plan__ente")
        .filter(plan__ente__code=ente, plan__kind=kind, plan__code=code, key=key)
        .first()
    )
    if item is None:
        raise LookupError(f"voce non trovata: {ente}/{kind}/{code}/{key}")
    return json_response(describe_trace(item))


@api_view
def indicator(request: HttpRequest, ente: str, kind: str, code: str, key: str) -> JsonResponse:
    found = Indicator.objects.filter(
        plan__ente__code=ente, plan__kind=kind, plan__code=code, key=key
    ).values_list("pk", flat=True)
    if not found:
        raise LookupError(f"indicatore non trovato: {ente}/{kind}/{code}/{key}")
    loaded = get_indicator(found[0])
    return json_response(
        {
            "id": stable_indicator_id(loaded),
            "code": loaded.code,
            "name": loaded.name,
            "kind": loaded.kind,
            "unit": loaded.unit,
            "item": loaded.item.key if loaded.item else None,
            "values": measurement_rows(loaded),
        }
    )


@api_view
def coverage(request: HttpRequest) -> JsonResponse:
    return json_response(coverage_report())


@api_view
def editions(request: HttpRequest) -> JsonResponse:
    return json_response(describe_editions())


@api_view
def council_votes(request: HttpRequest) -> JsonResponse:
    return json_response(list_votes(request.GET.get("ente") or None))


def performance_plan(ente: str, code: str) -> Plan:
    return find_plan(ente, Plan.Kind.PERFORMANCE, code)


@api_view
def performance_assignments(request: HttpRequest, ente: str, code: str) -> JsonResponse:
    return json_response(
        [view.as_json() for view in list_assignments(performance_plan(ente, code))]
    )


@api_view
def performance_validation(request: HttpRequest, ente: str, code: str) -> JsonResponse:
    return json_response(
        [report.as_dict() for report in validation_report(performance_plan(ente, code))]
    )


@api_view
def performance_scores(request: HttpRequest, ente: str, code: str) -> JsonResponse:
    """?anno=YYYY: the year of the values (default: the plan's year, as the CLI)."""
    found = performance_plan(ente, code)
    require_permission(request.user, Permission.READ_RESERVED, found.ente)
    text = request.GET.get("anno", "")
    year = ascii_int(text)
    if text and year is None:
        return json_response({"errore": f"anno non valido: {text!r}"}, 400)
    return json_response(
        scores_summary(found, year if year is not None else found.period_start or 0)
    )


@api_view
def documents(request: HttpRequest) -> JsonResponse:
    return json_response(
        [
            {**document, "page": reverse("web:source", args=[document["id"]])}
            for document in describe_documents()
        ]
    )
