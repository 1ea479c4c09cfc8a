"""API tokens: created with their secret shown once, stored hashed, revoked, rate-limited.

A token acts as its user: what it may read or write is what the user's roles grant
(`permissions`), narrowed by the token's scope. The CLI and the web app create, list
and revoke them through these functions, which record who created or revoked which
token, and when, in the history (`AuditEntry`, never the secret). In the web app a
user sees and revokes their own tokens; staff see and revoke everyone's.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cruscotto.accounts.models import ApiToken
from cruscotto.accounts.services.permissions import administers_everything
from cruscotto.core.models import AuditEntry

TOKEN_MARK = "crs_"  # tells a Cruscotto token apart in a configuration file or a leak scan
PREFIX_LENGTH = len(TOKEN_MARK) + 8
RATE_WINDOW = datetime.timedelta(minutes=1)
DEFAULT_REQUESTS_PER_MINUTE = 600


class TokenError(ValueError):
    """A token cannot be created or revoked as asked; the message says why, in Italian."""


class TokenRefused(Exception):
    """A request's token is unknown, revoked or expired, or its user disabled (a 401)."""


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    username: str,
    scope: str = ApiToken.Scope.READ,
    expires_days: int | None = None,
    name: str = "",
    actor: str = "cli",
) -> CreatedToken:
    """A new token for the user; returns it with its secret, which only this answer holds."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"utente «{username}» non trovato")
    if scope not in ApiToken.Scope.values:
        raise TokenError(f"ambito «{scope}» non valido: read o write")
    if expires_days is not None and expires_days < 1:
        raise TokenError("la scadenza è un numero di giorni, almeno 1")
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            created_at=now,
            expires_at=now + datetime.timedelta(days=expires_days) if expires_days else None,
        )
        record_token_change(
            token, actor, f"Creato il token {token.prefix}… per «{username}» ({scope})"
        )
    return CreatedToken(token, secret)


def token_state(token: ApiToken, now: datetime.datetime | None = None) -> str:
    """ "attivo", "revocato" or "scaduto"."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revocato"
    if token.expires_at is not None and token.expires_at <= now:
        return "scaduto"
    return "attivo"


def describe_tokens(user: Any = None) -> list[dict[str, Any]]:
    """Every token, newest first, without its secret (`cruscotto tokens list --json`); for
    `user`, a user of the web app, those they may see."""
    now = timezone.now()
    return [
        {
            "id": token.pk,
            "user": token.user.get_username(),
            "name": token.name,
            "scope": token.scope,
            "prefix": token.prefix,
            "state": token_state(token, now),
            "created_at": token.created_at.isoformat(),
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
        }
        for token in visible_tokens(user)
    ]


def visible_tokens(user: Any) -> Any:
    tokens = ApiToken.objects.select_related("user")
    return tokens if user is None or sees_every_token(user) else tokens.filter(user=user)


def revoke_token(token_id: int, actor: str = "cli", by: Any = None) -> ApiToken:
    """Revoke the token: every later request with it is refused. Revoking twice is refused;
    `by`, a user of the web app, may revoke only their own tokens unless staff."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or (by is not None and not may_manage(by, token)):
            # Another user's token is not even said to exist.
            raise TokenError(f"token {token_id} non trovato")
        if token.revoked_at is not None:
            raise TokenError(
                f"il token {token_id} è già stato revocato il {token.revoked_at:%d/%m/%Y}"
            )
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_token_change(
            token, actor, f"Revocato il token {token.prefix}… di «{token.user.get_username()}»"
        )
    return token


def sees_every_token(user: Any) -> bool:
    """Staff see and revoke every user's tokens; anyone else their own."""
    return bool(getattr(user, "is_staff", False)) or administers_everything(user)


def may_manage(user: Any, token: ApiToken) -> bool:
    return token.user_id == user.pk or sees_every_token(user)


def record_token_change(token: ApiToken, actor: str, summary: str) -> None:
    """The history's record of a token created or revoked: who, when, which (by its prefix)."""
    AuditEntry.objects.create(
        at=timezone.now(),
        actor=actor,
        action=AuditEntry.Action.API_TOKEN,
        summary=summary,
        details={
            "token": token.pk,
            "prefix": token.prefix,
            "user": token.user.get_username(),
            "scope": token.scope,
            "revoked": token.revoked_at is not None,
        },
    )


def authenticate_token(secret: str) -> ApiToken:
    """The active token whose secret this is, with its user; raises TokenRefused otherwise."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    if token is None:
        raise TokenRefused("token non valido")
    state = token_state(token)
    if state == "revocato":
        raise TokenRefused(f"token revocato il {timezone.localtime(token.revoked_at):%d/%m/%Y}")
    if state == "scaduto":
        raise TokenRefused(f"token scaduto il {timezone.localtime(token.expires_at):%d/%m/%Y}")
    if not token.user.is_active:
        raise TokenRefused("l'utente del token è disattivato")
    return token


def requests_per_minute() -> int:
    return int(getattr(settings, "CRUSCOTTO_API_REQUESTS_PER_MINUTE", DEFAULT_REQUESTS_PER_MINUTE))


def count_request(token: ApiToken) -> int | None:
    """Count one request of the token in its fixed one-minute window (in the database, so
    that every worker process shares it); return the seconds to wait when over the limit,
    None when the request may go on. Also records when the token was last used."""
    now = timezone.now()
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.window_started_at is None or now - locked.window_started_at >= RATE_WINDOW:
            locked.window_started_at = now
            locked.window_requests = 0
        locked.window_requests += 1
        locked.last_used_at = now
        locked.save(update_fields=["window_started_at", "window_requests", "last_used_at"])
    if locked.window_requests <= requests_per_minute():
        return None
    assert locked.window_started_at is not None
    remaining = locked.window_started_at + RATE_WINDOW - now
    return max(1, int(remaining.total_seconds() + 0.999))
