"""The API tokens page: a user creates, lists and revokes their own tokens (staff everyone's).

The rules are the tokens service's (`accounts.services.tokens`): who sees and revokes
which token, the history of who created or revoked it. A new token's secret is shown in
the answer to its creation only, never again (only its hash is stored).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cruscotto.accounts.models import ApiToken
from cruscotto.accounts.services.permissions import actor_name
from cruscotto.accounts.services.tokens import (
    CreatedToken,
    TokenError,
    create_token,
    describe_tokens,
    revoke_token,
    sees_every_token,
)
from cruscotto.core.text import ascii_int


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    created = None
    if request.method == "POST" and "revoca" in request.POST:
        revoke(request)
        return redirect("accounts:tokens")
    if request.method == "POST":
        created = create(request)
        if created is None:
            return redirect("accounts:tokens")
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": describe_tokens(request.user),
            "every_user": sees_every_token(request.user),
            "created": created,
            "scopes": ApiToken.Scope.choices,
        },
    )


def create(request: HttpRequest) -> CreatedToken | None:
    """The token asked for, for the user who asks; None (and why, as a message) if refused."""
    days_text = request.POST.get("scadenza", "").strip()
    days = ascii_int(days_text) if days_text else None
    if days_text and days is None:
        messages.error(request, "Token non creato: la scadenza è un numero di giorni.")
        return None
    try:
        return create_token(
            request.user.get_username(),
            request.POST.get("ambito", ApiToken.Scope.READ),
            days,
            request.POST.get("nome", "").strip()[:100],
            actor=actor_name(request.user),
        )
    except TokenError as error:
        messages.error(request, f"Token non creato: {error}.")
        return None


def revoke(request: HttpRequest) -> None:
    token_id = ascii_int(request.POST.get("revoca", ""))
    try:
        token = revoke_token(token_id or 0, actor=actor_name(request.user), by=request.user)
    except TokenError as error:
        messages.error(request, f"Token non revocato: {error}.")
        return
    messages.success(request, f"Token {token.prefix}… revocato: non sarà più accettato.")
