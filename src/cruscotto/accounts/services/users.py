"""Provisioning users and their roles without clicking (`cruscotto users add`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cruscotto.accounts.models import Role
from cruscotto.core.models import AuditEntry, Ente, OrgUnit
from cruscotto.domain.text import fold_text


class UserError(ValueError):
    """A user or role cannot be added as asked; the message says why, in Italian."""


def unit_code(unit: OrgUnit) -> str:
    """The code that names a unit on the command line and in files: the ente's own code
    where it uses codes ("QA1"), else one made from the name ("divisione-sport")."""
    return unit.code or slugify(unit.name)[:60]


def find_unit(ente: Ente, text: str) -> OrgUnit:
    """The unit of `ente` that `text` names: its code, the code made from its name, its
    name or an alias (without regard to case or accents). Raises UserError otherwise."""
    wanted = text.strip()
    units = list(OrgUnit.objects.filter(ente=ente).prefetch_related("aliases"))
    for matches in (
        lambda unit: unit.code and unit.code.casefold() == wanted.casefold(),
        lambda unit: unit_code(unit) == slugify(wanted),
        lambda unit: (
            fold_text(unit.name) == fold_text(wanted)
            or fold_text(wanted) in {alias.normalized_alias for alias in unit.aliases.all()}
        ),
    ):
        found = [unit for unit in units if matches(unit)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{unit_code(u)} ({u.name})" for u in found)
            raise UserError(f"«{text}» indica più unità di {ente.name}: {names}")
    raise UserError(f"nessuna unità organizzativa di {ente.name} si chiama o ha codice «{text}»")


def add_user(
    username: str,
    password: str,
    kind: str,
    ente_code: str | None,
    unit_texts: Sequence[str],
    actor: str,
) -> Any:
    """Create the user (or find it) and give it the role; return the user.

    A referente and a dirigente need their units; the other roles take none. Every
    role but a general amministratore is for one ente.
    """
    if kind not in Role.Kind.values:
        raise UserError(f"ruolo sconosciuto «{kind}»: {', '.join(Role.Kind.values)}")
    ente = Ente.objects.filter(code=ente_code).first() if ente_code else None
    if ente_code and ente is None:
        raise UserError(f"ente sconosciuto «{ente_code}» (vedi `cruscotto enti`)")
    if ente is None and kind != Role.Kind.AMMINISTRATORE:
        raise UserError(f"il ruolo «{kind}» è di un ente: indicare --ente CODICE")
    unit_level = kind in (Role.Kind.REFERENTE, Role.Kind.DIRIGENTE)
    if unit_level and not unit_texts:
        raise UserError(f"il ruolo «{kind}» è di una o più unità: indicare --unit CODICE")
    if unit_texts and not unit_level:
        raise UserError(f"il ruolo «{kind}» è dell'intero ente: non prende --unit")
    units = [find_unit(ente, text) for text in unit_texts] if ente else []
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            if not password:
                raise UserError("password mancante (CRUSCOTTO_PASSWORD o standard input)")
            candidate = user_model(username=username)
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise UserError("password non valida: " + " ".join(error.messages)) from None
            user = user_model.objects.create_user(username=username, password=password)
        role, created = Role.objects.get_or_create(user=user, ente=ente, kind=kind)
        role.org_units.add(*units)
        AuditEntry.objects.create(
            at=timezone.now(),
            actor=actor,
            action=AuditEntry.Action.ROLE_GRANTED,
            summary=f"Ruolo {role.get_kind_display()} a {username}"
            + (f" ({ente.name})" if ente else " (tutti gli enti)")
            + (f": {', '.join(unit.name for unit in units)}" if units else ""),
            details={
                "user": username,
                "role": kind,
                "ente": ente.code if ente else None,
                "units": [unit_code(unit) for unit in units],
                "created": created,
            },
        )
    return user


def describe_users() -> list[dict[str, Any]]:
    """Every user with roles: username, and each role's kind, ente and units."""
    roles = Role.objects.select_related("user", "ente").prefetch_related("org_units")
    users: dict[str, list[dict[str, Any]]] = {}
    for role in roles.order_by("user__username", "kind", "ente__code"):
        users.setdefault(role.user.get_username(), []).append(
            {
                "role": role.kind,
                "ente": role.ente.code if role.ente else None,
                "units": sorted(unit_code(unit) for unit in role.org_units.all()),
            }
        )
    return [{"username": name, "roles": roles} for name, roles in users.items()]
