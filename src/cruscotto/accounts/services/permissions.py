"""What each role may do, checked in one place by pages, forms, downloads, API and CLI.

A permission is asked for an ente and, for the unit-level ones, an organisational
unit: `has_permission(user, Permission.EDIT_UNIT_DATA, ente, unit)`. Whether a
campaign is open is the campaign's rule, not a role's: the campaign services ask
both.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, OrgUnit


class Permission(StrEnum):
    # The reserved pages of an ente: dashboards, the campaign board, every unit's data.
    READ_RESERVED = "read_reserved"
    # A unit's statuses, the year's actions, indicator values and performance actuals.
    EDIT_UNIT_DATA = "edit_unit_data"
    # A unit's objectives and scorecard.
    READ_SCORECARD = "read_scorecard"
    # Open, review (accept, return) and close the campaigns of the ente.
    MANAGE_CAMPAIGNS = "manage_campaigns"
    VALIDATE_SCORES = "validate_scores"
    IMPORT_DOCUMENTS = "import_documents"
    ADMINISTER = "administer"


# What each role grants on its ente; a unit-level permission only on the role's units.
GRANTS: dict[str, frozenset[Permission]] = {
    # Everything but the valutatore's judgement: the OIV validates the scores independently
    # of who administers the data (D.Lgs. 150/2009, art. 14).
    Role.Kind.AMMINISTRATORE: frozenset(Permission) - {Permission.VALIDATE_SCORES},
    Role.Kind.UFFICIO: frozenset(
        {
            Permission.READ_RESERVED,
            Permission.READ_SCORECARD,
            Permission.MANAGE_CAMPAIGNS,
        }
    ),
    Role.Kind.VALUTATORE: frozenset(
        {Permission.READ_RESERVED, Permission.READ_SCORECARD, Permission.VALIDATE_SCORES}
    ),
    Role.Kind.REFERENTE: frozenset({Permission.EDIT_UNIT_DATA}),
    Role.Kind.DIRIGENTE: frozenset({Permission.READ_SCORECARD}),
}
UNIT_LEVEL = {Role.Kind.REFERENTE, Role.Kind.DIRIGENTE}

REFUSALS: dict[Permission, str] = {
    Permission.READ_RESERVED: "riservato all'ufficio di controllo e ai valutatori dell'ente",
    Permission.EDIT_UNIT_DATA: "solo i referenti dell'unità organizzativa possono modificarne i dati",
    Permission.READ_SCORECARD: "riservato ai dirigenti della struttura, all'ufficio e ai valutatori",
    Permission.MANAGE_CAMPAIGNS: "solo l'ufficio di controllo dell'ente gestisce le campagne",
    Permission.VALIDATE_SCORES: "solo il valutatore (OIV / Nucleo) dell'ente valida i punteggi",
    Permission.IMPORT_DOCUMENTS: "solo un amministratore importa documenti",
    Permission.ADMINISTER: "riservato agli amministratori",
}


class PermissionRefused(PermissionDenied):
    """A user asked for what none of their roles grants; the message says what is needed."""


def roles_of(user: Any) -> list[Role]:
    """The user's roles (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cruscotto_roles", None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user).select_related("ente").prefetch_related("org_units")
        )
        user._cruscotto_roles = cached
    return cached


def has_permission(
    user: Any, permission: Permission, ente: Ente | None, unit: OrgUnit | None = None
) -> bool:
    """Whether one of the user's roles grants `permission` on `ente` (and `unit`).

    A Django superuser is an amministratore of every ente. Without a unit, a
    unit-level role grants its permission if it holds any unit of the ente: enough to
    see the page that lists its own units, never another unit's data.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return permission in GRANTS[Role.Kind.AMMINISTRATORE]
    for role in roles_of(user):
        if permission not in GRANTS[role.kind]:
            continue
        if role.ente_id is not None and (ente is None or role.ente_id != ente.pk):
            continue
        if role.kind not in UNIT_LEVEL:
            return True
        units = {unit.pk for unit in role.org_units.all()}
        if unit is None and units or unit is not None and unit.pk in units:
            return True
    return False


def require_permission(
    user: Any, permission: Permission, ente: Ente | None, unit: OrgUnit | None = None
) -> None:
    """Raise PermissionRefused (a 403 in the web app) unless the user has the permission."""
    if not has_permission(user, permission, ente, unit):
        where = f" ({unit.name})" if unit is not None else f" ({ente.name})" if ente else ""
        raise PermissionRefused(f"Non consentito: {REFUSALS[permission]}{where}.")


def administers_everything(user: Any) -> bool:
    """Whether the user is an amministratore of every ente (or a Django superuser): who may
    use the Django admin, where every ente's records are edited side by side."""
    return has_permission(user, Permission.ADMINISTER, None)


def may_read_scorecard(user: Any, ente: Ente, units: Iterable[OrgUnit]) -> bool:
    """Whether the user may read a manager's scorecard covering `units` of `ente`: a role of
    the whole ente that reads scorecards, or a dirigente of one of those units."""
    return any(
        has_permission(user, Permission.READ_SCORECARD, ente, unit) for unit in units
    ) or has_permission(user, Permission.READ_RESERVED, ente)


def units_of(user: Any, ente: Ente, permission: Permission) -> QuerySet[OrgUnit]:
    """The units of `ente` on which the user has `permission`: all of them for a role of
    the whole ente, a referente's or dirigente's own otherwise."""
    units = OrgUnit.objects.filter(ente=ente)
    if has_permission(user, permission, ente) and (
        user.is_superuser
        or any(
            permission in GRANTS[role.kind]
            and role.kind not in UNIT_LEVEL
            and role.ente_id in (None, ente.pk)
            for role in roles_of(user)
        )
    ):
        return units
    own = [
        role.pk
        for role in roles_of(user)
        if permission in GRANTS[role.kind] and role.ente_id == ente.pk
    ]
    return units.filter(roles__in=own).distinct()


def enti_with(user: Any, permission: Permission) -> QuerySet[Ente]:
    """The enti on which the user has `permission` for at least part of them."""
    if getattr(user, "is_superuser", False):
        granted = permission in GRANTS[Role.Kind.AMMINISTRATORE]
        return Ente.objects.all() if granted else Ente.objects.none()
    roles = [role for role in roles_of(user) if permission in GRANTS[role.kind]]
    if any(role.ente_id is None for role in roles):
        return Ente.objects.all()
    return Ente.objects.filter(Q(pk__in=[role.ente_id for role in roles]))


def actor_name(user: Any) -> str:
    """How the history names the user who made a change."""
    return str(user.get_username()) if getattr(user, "is_authenticated", False) else "anonimo"
