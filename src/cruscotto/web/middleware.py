"""Requests refused before any view reads them."""

from __future__ import annotations

from collections.abc import Callable

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
        return self.get_response(request)
