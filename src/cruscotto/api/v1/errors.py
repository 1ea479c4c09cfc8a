"""Every refusal of the API as one JSON body, `{"errore": …, "dettagli": [...]}`, in Italian,
with the status that says what kind of refusal it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cruscotto.accounts.services.permissions import PermissionRefused


class ApiError(Exception):
    """A refusal the API answers with `status` and an Italian message (and details)."""

    def __init__(
        self,
        status: int,
        message: str,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or {}


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


# What pydantic's error types mean, for a reader of the API who reads Italian; the
# message of any other type is passed through as pydantic wrote it.
VALIDATION_MESSAGES = {
    "missing": "obbligatorio",
    "int_parsing": "serve un numero intero",
    "int_type": "serve un numero intero",
    "greater_than_equal": "deve essere almeno {ge}",
    "less_than_equal": "deve essere al massimo {le}",
    "string_type": "serve un testo",
    "string_too_long": "testo troppo lungo (al massimo {max_length} caratteri)",
    "string_too_short": "testo troppo corto (almeno {min_length} caratteri)",
    "list_type": "serve un elenco",
    "model_attributes_type": "serve un oggetto",
    "dict_type": "serve un oggetto",
    "json_invalid": "JSON non valido",
    "literal_error": "valore non ammesso: serve uno tra {expected}",
    "enum": "valore non ammesso: serve uno tra {expected}",
    "extra_forbidden": "campo non previsto",
}


def describe_validation_error(error: dict[str, Any]) -> dict[str, Any]:
    """One invalid parameter: where ("query.pagina", "body.valori.0.versione") and why."""
    location = tuple(error.get("loc", ()))
    if location[:2] == ("body", "body"):  # ninja adds the name of the view's body argument
        location = location[1:]
    template = VALIDATION_MESSAGES.get(error.get("type", ""))
    try:
        message = template.format(**error.get("ctx", {})) if template else error.get("msg", "")
    except (KeyError, IndexError):
        message = error.get("msg", "")
    return {"campo": ".".join(str(part) for part in location), "messaggio": message}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"errore": message, "dettagli": details or []}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's English `{"detail": …}` bodies with the API's Italian error body."""

    def on_api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        response = error_response(api, request, error.status, error.message, error.details)
        for header, value in error.headers.items():
            response[header] = value
        return response

    def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        details = [describe_validation_error(dict(item)) for item in error.errors]
        return error_response(api, request, 422, "parametri non validi", details)

    def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = error_response(
            api, request, 401, "autenticazione richiesta: Authorization: Bearer <token>"
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_permission_refused(request: HttpRequest, error: PermissionRefused) -> HttpResponse:
        if not getattr(request.user, "is_authenticated", False):
            response = error_response(api, request, 401, f"autenticazione richiesta. {error}")
            response["WWW-Authenticate"] = "Bearer"
            return response
        return error_response(api, request, 403, str(error))

    def on_lookup_error(request: HttpRequest, error: LookupError) -> HttpResponse:
        return error_response(
            api, request, 404, str(error.args[0]) if error.args else "non trovato"
        )

    def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return error_response(api, request, error.status_code, str(error))

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ApiError, on_api_error),
        (ValidationError, on_validation_error),
        (AuthenticationError, on_authentication_error),
        (PermissionRefused, on_permission_refused),
        (LookupError, on_lookup_error),
        (HttpError, on_http_error),
        (Http404, lambda request, error: error_response(api, request, 404, "non trovato")),
    ]
    for exception_class, handler in handlers:
        # ninja types a handler's error as "the class or an instance": it passes an instance.
        api.add_exception_handler(exception_class, handler)
