"""`cruscotto units …`: the organisational units' other names.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

import click
from rich.console import Console

if TYPE_CHECKING:
    from cruscotto.core.models import Ente

console = Console()


def find_ente(code: str) -> Ente:
    from cruscotto.core.models import Ente

    ente = Ente.objects.filter(code=code).first()
    if ente is None:
        raise click.ClickException(f"ente «{code}» sconosciuto (vedi `cruscotto enti`)")
    return ente


@click.group()
def units() -> None:
    """Strutture organizzative: i loro altri nomi e le unioni che i documenti suggeriscono."""


@units.command("alias")
@click.argument("ente_code", metavar="ENTE")
@click.argument("alias", metavar="ALTRO_NOME")
@click.argument("canonical", metavar="STRUTTURA")
def units_alias(ente_code: str, alias: str, canonical: str) -> None:
    """Registra ALTRO_NOME come altro nome di STRUTTURA (nome o codice) dell'ENTE.

    Se esiste già una struttura che si chiama ALTRO_NOME, le sue voci passano a STRUTTURA
    e la struttura doppia è eliminata; ogni cambiamento resta nella cronologia.
    """
    from cruscotto.accounts.services.users import UserError, find_unit
    from cruscotto.core.models import OrgUnitAlias
    from cruscotto.plans.services.units import UnitAliasRefused, add_unit_alias

    ente = find_ente(ente_code)
    try:
        unit = find_unit(ente, canonical)
        added = add_unit_alias(
            ente, alias, unit, f"cli:{getpass.getuser()}", OrgUnitAlias.Source.COMMAND
        )
    except (UserError, UnitAliasRefused) as error:
        raise click.ClickException(str(error)) from None
    console.print(f"«{added.alias.alias}» è un altro nome di «{unit.name}».")
    if added.merged is not None:
        moved = sum(added.repointed.values())
        console.print(
            f"La struttura «{added.merged.name}» è stata unita a «{unit.name}»: "
            f"{moved} dati spostati."
        )


@units.command("proposte")
@click.argument("ente_code", metavar="ENTE")
def units_proposals(ente_code: str) -> None:
    """Le strutture che i documenti mostrano essere la stessa, con le prove."""
    from cruscotto.plans.services.units import propose_unit_aliases

    ente = find_ente(ente_code)
    proposals = propose_unit_aliases(ente)
    if not proposals:
        console.print("Nessuna proposta: i documenti non mostrano strutture doppie.")
    for proposal in proposals:
        console.print(proposal.message(ente), markup=False)
