"""Who calls the API: a token (`Authorization: Bearer <token>`) or the web app's session.

A token acts as its user, so every endpoint checks the same permissions the web pages
check (`cruscotto.accounts.services.permissions`) on `request.user`. A token that is
unknown, revoked or expired is refused with 401 even on a public endpoint (a client
should learn its token no longer works, not silently read as anonymous); each token's
requests are counted in a fixed window, 429 with Retry-After past the limit. Without
the header the session's user (or an anonymous reader) reads what is public.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from cruscotto.accounts.models import ApiToken
from cruscotto.accounts.services.tokens import TokenRefused, authenticate_token, count_request
from cruscotto.api.v1.errors import ApiError

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="cruscotto"'}


class SessionReader:
    """request.auth of a request without a token: the session's user, or anonymous."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def __bool__(self) -> bool:
        return True  # ninja refuses a falsy authentication


class TokenOrSession(HttpBearer):
    """The Bearer token of the schema; without one, the session."""

    def __call__(self, request: HttpRequest) -> ApiToken | SessionReader:
        header = request.headers.get("Authorization")
        if header is None:
            return SessionReader(request.user)
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(
                401, "intestazione Authorization non valida: serve «Bearer <token>»",
                headers=UNAUTHORIZED_HEADERS,
            )  # fmt: skip
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            found = authenticate_token(token)
        except TokenRefused as error:
            raise ApiError(401, str(error), headers=UNAUTHORIZED_HEADERS) from None
        wait = count_request(found)
        if wait is not None:
            raise ApiError(
                429,
                f"troppe richieste con questo token: riprovare tra {wait} secondi",
                headers={"Retry-After": str(wait)},
            )
        # The token's user is who asks: the permission checks read request.user.
        request.user = found.user
        return found


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token the request came with, None for the session."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
