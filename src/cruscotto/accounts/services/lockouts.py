"""Lock-outs after repeated failed logins (django-axes counts them; settings.AXES_*).

Axes keeps each attempt and failure in its own tables, shown in the admin; this logs
each lock-out as it happens, in Italian like the rest of the operators' logs, so a
server's log says who was locked out and from where without opening the admin.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("cruscotto.accessi")


def log_lockout(sender: Any, request: Any, username: str | None, ip_address: str, **_: Any) -> None:
    logger.warning(
        "Accesso bloccato dopo troppi tentativi falliti: utente «%s», indirizzo %s, pagina %s",
        username or "",
        ip_address,
        getattr(request, "path", ""),
    )
