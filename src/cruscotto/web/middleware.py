"""Requests refused before any view reads them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL = "\x00"


class RefuseNulInQueryMiddleware:
    """Answer 400 to a query string carrying a NUL character ("%00").

    PostgreSQL text cannot hold NUL, so comparing a filter value with one fails inside the
    database (a 500 on search, the API, any page that filters by text); SQLite compares it
    and finds nothing. No name, code or number a page filters by contains one: the
    request is malformed, and said so in one place rather than in every view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "Richiesta non valida: un parametro dell'indirizzo contiene un carattere nullo (%00)."
            if request.path.startswith("/api/"):  # the API's own error shape
                return JsonResponse({"errore": message, "dettagli": []}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        if request.path.startswith("/api/") and json_body_holds_nul(request):
            # A value the API would compare or store: refused as the API refuses any
            # value it cannot take (422), before PostgreSQL fails on it.
            message = "Richiesta non valida: un valore del corpo JSON contiene un carattere nullo (\\u0000)."
            return JsonResponse({"errore": message, "dettagli": []}, status=422)
        return self.get_response(request)


def json_body_holds_nul(request: HttpRequest) -> bool:
    """Whether the request's JSON body has a NUL in any key or string (an unreadable body
    is left to the view, which answers it in its own words)."""
    if request.content_type != "application/json" or not request.body:
        return False
    try:
        document = json.loads(request.body)
    except ValueError:
        return False
    return holds_nul(document)


def holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False
