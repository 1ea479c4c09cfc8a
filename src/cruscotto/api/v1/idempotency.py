"""Writes a client may retry: the `Idempotency-Key` header.

The same key with the same request (method, address, body) answers what the first
request answered, with `Idempotent-Replayed: true`, and writes nothing; the same key
with another request is refused (422). Without the header the write is done as asked.
Kept per token, so that two clients never share their keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Status

from cruscotto.accounts.models import ApiIdempotentRequest, ApiToken
from cruscotto.api.v1.errors import ApiError

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAXIMUM_KEY_LENGTH = 200

# A write: the status and the body to answer, refusals included (a refused write is
# answered the same on a retry, as a successful one).
Write = Callable[[], tuple[int, dict[str, Any]]]


def request_fingerprint(request: HttpRequest) -> str:
    return hashlib.sha256(
        (request.method or "").encode() + b" " + request.path.encode() + b"\n" + request.body
    ).hexdigest()


def write_once(
    request: HttpRequest, response: HttpResponse, token: ApiToken, write: Write
) -> Status[dict[str, Any]]:
    """Do `write`, or answer the answer kept for the request's Idempotency-Key."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        return Status(*write())
    if len(key) > MAXIMUM_KEY_LENGTH:
        raise ApiError(
            422, f"Idempotency-Key troppo lunga (al massimo {MAXIMUM_KEY_LENGTH} caratteri)"
        )
    fingerprint = request_fingerprint(request)
    earlier = ApiIdempotentRequest.objects.filter(token=token, key=key).first()
    if earlier is not None:
        if earlier.request_hash != fingerprint:
            raise ApiError(
                422, f"Idempotency-Key «{key}» già usata per un'altra richiesta: usarne una nuova"
            )
        response["Idempotent-Replayed"] = "true"
        return Status(earlier.status, earlier.body)
    try:
        with transaction.atomic():
            status, answer = write()
            ApiIdempotentRequest.objects.create(
                token=token, key=key, request_hash=fingerprint, status=status,
                body=answer, created_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        # The same key, at the same moment, from a parallel retry: its answer stands.
        raise ApiError(409, f"richiesta con Idempotency-Key «{key}» già in corso") from None
    return Status(status, answer)
