"""`cruscotto tokens …`: the API's tokens, created, listed and revoked from the command line.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import getpass
import json

import click
from rich.console import Console
from rich.table import Table

from cruscotto.domain.choices import TokenScope

# Messages on standard error: standard output carries the secret (create) or the JSON (list).
console = Console(stderr=True)


@click.group()
def tokens() -> None:
    """I token dell'API (/api/v1/): creare, elencare, revocare."""


@tokens.command("create")
@click.argument("username")
@click.option(
    "--scope",
    type=click.Choice(TokenScope.values),
    default=TokenScope.READ.value,
    show_default=True,
    help="read: solo lettura; write: anche scrittura (con i permessi dell'utente).",
)
@click.option("--expires", "expires_days", type=int, default=None, help="Scade dopo N giorni.")
@click.option("--name", default="", help="Un nome per riconoscerlo (es. il programma che lo usa).")
def tokens_create(username: str, scope: str, expires_days: int | None, name: str) -> None:
    """Crea un token per l'utente USERNAME e ne stampa il segreto, una volta sola."""
    from cruscotto.accounts.services.tokens import TokenError, create_token

    try:
        created = create_token(
            username, scope, expires_days, name, actor=f"cli:{getpass.getuser()}"
        )
    except TokenError as error:
        raise click.ClickException(str(error)) from None
    token = created.token
    console.print(
        f"Token {token.pk} per «{username}» ({token.get_scope_display()}"
        + (f", scade il {token.expires_at:%d/%m/%Y}" if token.expires_at else "")
        + "). Il segreto, che non sarà più mostrato:",
        highlight=False,
    )
    # The secret alone on standard output, so that a script can capture it.
    click.echo(created.secret)


@tokens.command("list")
@click.option("--json", "as_json", is_flag=True, help="Stampa JSON per gli script.")
def tokens_list(as_json: bool) -> None:
    """Elenca i token, senza i segreti."""
    from cruscotto.accounts.services.tokens import describe_tokens

    listed = describe_tokens()
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    table = Table("id", "utente", "nome", "ambito", "prefisso", "stato", "creato", "ultimo uso")
    for token in listed:
        table.add_row(
            str(token["id"]),
            token["user"],
            token["name"],
            token["scope"],
            token["prefix"] + "…",
            token["state"],
            token["created_at"][:10],
            (token["last_used_at"] or "mai")[:10],
        )
    Console().print(table)


@tokens.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoca il token ID: ogni richiesta successiva con esso è rifiutata (401)."""
    from cruscotto.accounts.services.tokens import TokenError, revoke_token

    try:
        token = revoke_token(token_id, actor=f"cli:{getpass.getuser()}")
    except TokenError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"Token {token.pk} ({token.prefix}…) revocato.", highlight=False)
