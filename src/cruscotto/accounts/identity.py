"""Login with a digital identity: an OpenID Connect provider, such as the SPID/CIE
gateway an ente already uses (off unless CRUSCOTTO_OIDC_CLIENT_ID is set).

The provider says who the person is; Cruscotto says what they may do. So nobody is
created by a login: the identity's claim (the fiscal code by default) must be the
username of an active user that an amministratore created with their roles
(`cruscotto users add`). An identity without one is refused with a message.
mozilla-django-oidc runs the code flow (state, nonce, token and userinfo calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

# SPID gateways give the fiscal code as "TINIT-<codice fiscale>" (ISO country prefix).
FISCAL_CODE_PREFIX = "TINIT-"


def claimed_username(claims: Mapping[str, Any]) -> str:
    value = str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()
    return value.removeprefix(FISCAL_CODE_PREFIX)


class IdentityBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """An identity is a user when its claim is the username of an active user."""

    def verify_claims(self, claims: Mapping[str, Any]) -> bool:
        return bool(claimed_username(claims))

    def filter_users_by_claims(self, claims: Mapping[str, Any]) -> QuerySet[User]:
        return User.objects.filter(username__iexact=claimed_username(claims), is_active=True)

    def describe_user_by_claims(self, claims: Mapping[str, Any]) -> str:
        return f"{settings.OIDC_USERNAME_CLAIM} {claimed_username(claims)}"


class OffWhenNotConfigured(View):
    """The login views answer 404 while the OIDC login is off (their parents read the
    provider's settings as they are built, so they are built only when it is on)."""

    def __init__(self, **kwargs: Any) -> None:
        if settings.OIDC_ENABLED:
            super().__init__(**kwargs)
        else:
            View.__init__(self, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.OIDC_ENABLED:
            raise Http404("Accesso con identità digitale non configurato")
        return super().dispatch(request, *args, **kwargs)


class IdentityLogin(OffWhenNotConfigured, OIDCAuthenticationRequestView):  # type: ignore[misc]
    pass


class IdentityCallback(OffWhenNotConfigured, OIDCAuthenticationCallbackView):  # type: ignore[misc]
    pass


urlpatterns = [
    path("accedi/", IdentityLogin.as_view(), name="oidc_authentication_init"),
    path("ritorno/", IdentityCallback.as_view(), name="oidc_authentication_callback"),
]


def identity_login(request: HttpRequest) -> dict[str, Any]:
    """Template context: the label of the digital-identity login button, when it is on."""
    return {"identity_login_label": settings.OIDC_LOGIN_LABEL if settings.OIDC_ENABLED else ""}
