"""The settings of the digital-identity login (accounts.identity) from the environment.

Free of Django imports: settings.py reads it before Django is set up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

IDENTITY_BACKEND = "cruscotto.accounts.identity.IdentityBackend"


def identity_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings of the OIDC login (only OIDC_ENABLED False when it is off)."""
    if not environ.get("CRUSCOTTO_OIDC_CLIENT_ID"):
        return {"OIDC_ENABLED": False}
    return {
        "OIDC_ENABLED": True,
        "OIDC_LOGIN_LABEL": environ.get("CRUSCOTTO_OIDC_LABEL", "Entra con SPID o CIE"),
        "OIDC_RP_CLIENT_ID": environ["CRUSCOTTO_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": environ.get("CRUSCOTTO_OIDC_CLIENT_SECRET", ""),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": environ["CRUSCOTTO_OIDC_AUTHORIZATION_ENDPOINT"],
        "OIDC_OP_TOKEN_ENDPOINT": environ["CRUSCOTTO_OIDC_TOKEN_ENDPOINT"],
        "OIDC_OP_USER_ENDPOINT": environ["CRUSCOTTO_OIDC_USERINFO_ENDPOINT"],
        "OIDC_OP_JWKS_ENDPOINT": environ.get("CRUSCOTTO_OIDC_JWKS_ENDPOINT"),
        "OIDC_RP_SIGN_ALGO": environ.get("CRUSCOTTO_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": environ.get("CRUSCOTTO_OIDC_SCOPES", "openid profile"),
        "OIDC_USERNAME_CLAIM": environ.get("CRUSCOTTO_OIDC_USERNAME_CLAIM", "fiscal_number"),
        "OIDC_CREATE_USER": False,
        "OIDC_USE_PKCE": True,
        "LOGIN_REDIRECT_URL_FAILURE": "/accesso/?identita=sconosciuta",
    }
