"""`cruscotto users add` provisions users and their roles without clicking."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.permissions import Permission, has_permission
from cruscotto.accounts.services.users import unit_code
from cruscotto.cli import main
from cruscotto.core.models import AuditEntry, Ente, OrgUnit
from cruscotto.loaders.common import LoadResult


def users(*args: str, password: str = "una-password-lunga-2026") -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["users", *args], env={"CRUSCOTTO_PASSWORD": password}, catch_exceptions=False
    )
    return result.exit_code, result.output


def test_a_referente_of_two_units_edits_only_those(seeded_db: LoadResult, db: None) -> None:
    torino = Ente.objects.get(code="torino")
    first, second, third = OrgUnit.objects.filter(ente=torino).order_by("name")[:3]
    code, output = users(
        "add", "referente.verde", "--role", "referente", "--ente", "torino",
        "--unit", unit_code(first), "--unit", second.name.upper(),
    )  # fmt: skip
    assert code == 0, output
    user = User.objects.get(username="referente.verde")
    assert user.check_password("una-password-lunga-2026")
    role = Role.objects.get(user=user)
    assert (role.kind, role.ente) == (Role.Kind.REFERENTE, torino)
    assert set(role.org_units.all()) == {first, second}
    assert has_permission(user, Permission.EDIT_UNIT_DATA, torino, first)
    assert not has_permission(user, Permission.EDIT_UNIT_DATA, torino, third)
    assert not has_permission(user, Permission.READ_RESERVED, torino)
    assert not has_permission(user, Permission.MANAGE_CAMPAIGNS, torino)
    cmto = Ente.objects.get(code="cmto")
    assert not has_permission(user, Permission.EDIT_UNIT_DATA, cmto)
    audit = AuditEntry.objects.filter(action=AuditEntry.Action.ROLE_GRANTED).latest("id")
    assert audit.details["user"] == "referente.verde" and audit.actor.startswith("cli:")
    listed = users("--json")[1]
    assert f'"{unit_code(first)}"' in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "ufficio"], "è di un ente: indicare --ente"),
        (["--role", "referente", "--ente", "torino"], "indicare --unit"),
        (["--role", "ufficio", "--ente", "torino", "--unit", "x"], "non prende --unit"),
        (["--role", "valutatore", "--ente", "nessuno"], "ente sconosciuto «nessuno»"),
        (["--role", "referente", "--ente", "torino", "--unit", "zzz"], "si chiama o ha codice"),
    ],
)
def test_refusals_name_what_is_wrong(
    seeded_db: LoadResult, db: None, args: list[str], message: str
) -> None:
    code, output = users("add", "qualcuno", *args)
    assert code == 1 and message in output, output
    assert not User.objects.filter(username="qualcuno").exists()


def test_a_new_user_needs_a_password(db: None) -> None:
    code, output = users("add", "senza", "--role", "amministratore", password="")
    assert code == 1 and "password mancante" in output
    code, output = users("add", "admin", "--role", "amministratore")
    assert code == 0, output
    admin = User.objects.get(username="admin")
    cmto = Ente.objects.get(code="cmto")
    assert all(
        has_permission(admin, p, cmto) for p in Permission if p != Permission.VALIDATE_SCORES
    )
    # The scores are the valutatore's to validate, not the data's administrator's.
    assert not has_permission(admin, Permission.VALIDATE_SCORES, cmto)
