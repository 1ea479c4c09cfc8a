"""Lock-outs after repeated failed logins (django-axes counts them; settings.AXES_*).

Axes keeps each attempt and failure in its own tables, shown in the admin; this logs
each lock-out as it happens, in Italian like the rest of the operators' logs, so a
server's log says who was locked out and from where without opening the admin.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("cruscotto.accessi")


def log_lockout(sender: Any, request: Any, username: str | None, ip_address: str, **_: Any) -> None:
    logger.warning(
        "Accesso bloccato dopo troppi tentativi falliti: utente «%s», indirizzo %s, pagina %s",
        username or "",
        ip_address,
        getattr(request, "path", ""),
    )


def client_address(request: HttpRequest) -> str:
    """The address a login comes from: the client's as the reverse proxy states it in
    settings.CLIENT_IP_HEADER, else the connection's."""
    if settings.CLIENT_IP_HEADER:
        meta_name = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        stated = request.META.get(meta_name, "").strip()
        if stated:
            return str(stated)
    return str(request.META.get("REMOTE_ADDR", ""))
