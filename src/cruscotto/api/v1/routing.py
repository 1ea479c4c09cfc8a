"""What the API does before any endpoint: an address no endpoint has, a NUL character.

Without this, an unknown address under /api/v1/ would answer the web app's HTML 404
page, and a NUL character in a path parameter would reach the database, which refuses
it (a 500). An unknown address is a JSON 404; a NUL in the path, which no stored code
holds, is read as U+FFFD (the replacement character), so that the plan or item is not
found, as any other code that does not exist. (A NUL in the query string is refused
with 400 by the web app's RefuseNulInQueryMiddleware before the API sees it.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

NUL, REPLACEMENT = "\x00", "\ufffd"


def error_json(status: int, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"errore": message, "dettagli": []}, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def without_nul(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view, with every NUL of the path's parameters read as U+FFFD."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kwargs = {
            name: value.replace(NUL, REPLACEMENT) if isinstance(value, str) else value
            for name, value in kwargs.items()
        }
        return view(request, *args, **kwargs)

    return wrapper


def unknown_address(request: HttpRequest, path: str = "") -> HttpResponse:
    """A JSON 404 for an address under /api/v1/ that no endpoint has; the address with a
    trailing slash, when that one exists, is a redirect (as Django's APPEND_SLASH)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return error_json(404, f"indirizzo non trovato: {request.path}")
