"""The unversioned `/api/` addresses, published before `/api/v1/`: thin aliases of v1.

Each answers what v1's endpoint answers (`cruscotto.api.v1.reads`, the same lookups,
services and permission checks), in the shape these addresses always had, which their
clients read: whole lists (v1 pages them), plan addresses under `/api/`, errors as
`{"errore": …}` with their status (404 not found, 403 reserved), 400 for an `anno`
that is not a number, GET only. New clients use `/api/v1/`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.api.v1 import reads
from cruscotto.api.v1.errors import ApiError
from cruscotto.council.services.votes import list_votes
from cruscotto.domain.text import ascii_int
from cruscotto.plans.models import Plan
from cruscotto.reports.services.summary import build_summary
from cruscotto.traceability.services.coverage import coverage_report

View = Callable[..., JsonResponse]


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, safe=False, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def api_view(view: View) -> View:
    """GET only; v1's refusals (not found, reserved) as `{"errore": …}` with their status."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return json_response({"errore": error.message}, error.status)
        except PermissionRefused as error:
            return json_response({"errore": str(error)}, 403)

    return wrapper


def alias(read: Callable[..., Any]) -> View:
    """The old address of a v1 read that takes only path parameters: the same JSON."""

    @api_view
    @wraps(read)
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        return json_response(read(request, *args, **kwargs))

    return view


def every_ente_summary(request: HttpRequest) -> dict[str, Any]:
    """The old address reads no filter: the summary of every ente, as before."""
    return build_summary()


summary = alias(every_ente_summary)
plan = alias(reads.plan)
item_chain = alias(reads.item_chain)
indicator = alias(reads.indicator)


def every_ente_coverage(request: HttpRequest) -> dict[str, Any]:
    """The old address reads no filter: the coverage of every ente, as before."""
    return coverage_report()


coverage = alias(every_ente_coverage)
editions = alias(reads.editions)
performance_assignments = alias(reads.performance_assignments)
performance_validation = alias(reads.performance_validation)


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
def plans(request: HttpRequest) -> JsonResponse:
    found = Plan.objects.select_related("ente").order_by("ente__code", "kind", "code")
    return json_response(
        [
            reads.describe_plan(
                found_plan,
                reverse("api:plan", args=[found_plan.ente.code, found_plan.kind, found_plan.code]),
            )
            for found_plan in found
        ]
    )


@api_view
def council_votes(request: HttpRequest) -> JsonResponse:
    return json_response(list_votes(request.GET.get("ente") or None))


@api_view
def performance_scores(request: HttpRequest, ente: str, code: str) -> JsonResponse:
    """?anno=YYYY: the year of the values (default: the plan's year, as the CLI)."""
    found = reads.reserved_performance_plan(request.user, ente, code)
    text = request.GET.get("anno", "")
    year = ascii_int(text)
    if text and year is None:
        return json_response({"errore": f"anno non valido: {text!r}"}, 400)
    return json_response(reads.scores_of(found, year))


@api_view
def documents(request: HttpRequest) -> JsonResponse:
    return json_response(reads.document_rows())
