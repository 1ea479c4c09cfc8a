"""`cruscotto users …`: users and their roles, provisioned without clicking.

Registered by `cruscotto.cli`, which configures Django before importing it.
"""

from __future__ import annotations

import getpass
import json
import os
import sys

import click
from rich.console import Console
from rich.table import Table

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.users import UserError, add_user, describe_users

console = Console()


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def users(context: click.Context, as_json: bool) -> None:
    """Users and their roles (amministratore, ufficio, referente, dirigente, valutatore)."""
    if context.invoked_subcommand is not None:
        return
    listed = describe_users()
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    table = Table("utente", "ruolo", "ente", "unità")
    for user in listed:
        for role in user["roles"]:
            table.add_row(
                user["username"], role["role"], role["ente"] or "tutti", ", ".join(role["units"])
            )
    console.print(table)


@users.command("add")
@click.argument("username")
@click.option(
    "--role", "kind", required=True, type=click.Choice(Role.Kind.values), help="The role to give."
)
@click.option("--ente", "ente_code", default=None, help="The ente's code (see `cruscotto enti`).")
@click.option(
    "--unit",
    "units",
    multiple=True,
    help="A unit of a referente or dirigente: its code or name (repeatable).",
)
def users_add(username: str, kind: str, ente_code: str | None, units: tuple[str, ...]) -> None:
    """Add a user with a role, or give an existing user another role or more units.

    The password of a new user comes from CRUSCOTTO_PASSWORD, or else from standard
    input (asked for when it is a terminal).
    """
    password = os.environ.get("CRUSCOTTO_PASSWORD", "")
    if not password:
        if sys.stdin.isatty():
            password = getpass.getpass("Password: ")
        else:
            password = sys.stdin.readline().rstrip("\n")
    try:
        add_user(username, password, kind, ente_code, units, f"cli:{getpass.getuser()}")
    except UserError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"Utente «{username}»: ruolo {kind}" + (f" in {ente_code}" if ente_code else ""))
