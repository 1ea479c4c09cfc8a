"""`cruscotto users …`: users and their roles, provisioned without clicking.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import getpass
import json
import os
import sys

import click
from rich.console import Console
from rich.table import Table

from cruscotto.domain.choices import RoleKind

console = Console()


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Stampa JSON per gli script.")
@click.pass_context
def users(context: click.Context, as_json: bool) -> None:
    """Gli utenti e i loro ruoli (amministratore, ufficio, referente, dirigente, valutatore)."""
    if context.invoked_subcommand is not None:
        return
    from cruscotto.accounts.services.users import describe_users

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
    "--role",
    "kind",
    required=True,
    type=click.Choice(RoleKind.values),
    help="Il ruolo da assegnare.",
)
@click.option(
    "--ente", "ente_code", default=None, help="Il codice dell'ente (vedi `cruscotto enti`)."
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    help="Un'unità di un referente o di un dirigente: il suo codice o nome (ripetibile).",
)
def users_add(username: str, kind: str, ente_code: str | None, units: tuple[str, ...]) -> None:
    """Aggiunge un utente con un ruolo, o dà a un utente esistente un altro ruolo o altre unità.

    La password di un nuovo utente viene da CRUSCOTTO_PASSWORD, altrimenti dallo standard
    input (chiesta quando è un terminale).
    """
    from cruscotto.accounts.services.users import UserError, add_user

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
