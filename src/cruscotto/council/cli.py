"""`cruscotto council …`: the council acts read from the documents.

Registered by `cruscotto.cli`, which configures Django before importing it.
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from cruscotto.council.services.votes import list_votes

console = Console()


@click.group()
def council() -> None:
    """Consiglio: sessions, acts, attendance and votes."""


@council.command()
@click.option("--ente", "ente_code", help="Only this ente (e.g. cmto).")
@click.option("--json", "as_json", is_flag=True, help="Print the acts as JSON.")
def votes(ente_code: str | None, as_json: bool) -> None:
    """Each operative point of each act with its vote: tally and who voted how."""
    acts = list_votes(ente_code)
    if as_json:
        click.echo(json.dumps(acts, ensure_ascii=False, indent=2))
        return
    for act in acts:
        session = act["session"]
        table = Table(
            title=f"{act['act']['number']} — seduta {session['number']} del {session['date']}"
        )
        for column in [
            "punto",
            "presenti",
            "votanti",
            "favorevoli",
            "contrari",
            "astenuti",
            "non votanti",
            "esito",
            "verifica",
        ]:
            table.add_column(column)
        for point in act["points"]:
            tally = point["tally"]
            table.add_row(
                str(point["number"]),
                *[
                    "—" if tally[key] is None else str(tally[key])
                    for key in [
                        "present",
                        "voting",
                        "in_favour",
                        "against",
                        "abstained",
                        "not_voting",
                    ]
                ],
                point["outcome"] or "—",
                "ok" if point["tally_checked"] else "NO",
            )
        console.print(table)
