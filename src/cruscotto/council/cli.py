"""`cruscotto council …`: the council acts read from the documents.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

console = Console()


@click.group()
def council() -> None:
    """Consiglio: sedute, atti, presenze e votazioni."""


@council.command()
@click.option("--ente", "ente_code", help="Solo questo ente (es. cmto).")
@click.option("--json", "as_json", is_flag=True, help="Stampa gli atti come JSON.")
def votes(ente_code: str | None, as_json: bool) -> None:
    """Ogni punto del dispositivo di ogni atto con la sua votazione: conteggio e chi ha votato come."""
    from cruscotto.council.services.votes import list_votes

    acts = list_votes(ente_code)
    if as_json:
        click.echo(json.dumps(acts, ensure_ascii=False, indent=2))
        return
    for act in acts:
        print_act(act)


TALLY_ROWS = [
    ("present", "presenti"),
    ("voting", "votanti"),
    ("in_favour", "favorevoli"),
    ("against", "contrari"),
    ("abstained", "astenuti"),
    ("not_voting", "non votanti"),
]
CHOICE_LABELS = {
    "favorevole": "favorevoli",
    "contrario": "contrari",
    "astenuto": "astenuti",
    "non_votante": "non votanti",
}


def print_act(act: dict[str, Any]) -> None:
    """Print an act as the deliberation reads: one column per operative point, then who voted how.

    Points are columns, not rows, so that the six counts fit a terminal of 80
    columns whatever the number of points the act votes on.
    """
    session = act["session"]
    table = Table(
        title=f"{act['act']['number']} — seduta {session['number']} del {session['date']}",
        title_justify="left",
    )
    table.add_column("")
    points = act["points"]
    for point in points:
        table.add_column(f"punto {point['number']}", justify="right")
    for key, label in TALLY_ROWS:
        table.add_row(label, *[show_count(point["tally"][key]) for point in points])
    table.add_row("esito", *[point["outcome"] or "—" for point in points])
    table.add_row("verifica", *["ok" if point["tally_checked"] else "NO" for point in points])
    console.print(table)
    for point in points:
        console.print(f"Punto {point['number']}: {point['text']}", markup=False, highlight=False)
        for choice, names in point["names"].items():
            printed = ", ".join(show_voter(name) for name in names) or "nessuno"
            label = CHOICE_LABELS.get(choice, choice)
            console.print(f"  {label}: {printed}", markup=False, highlight=False)


def show_count(count: int | None) -> str:
    return "—" if count is None else str(count)


def show_voter(name: dict[str, str]) -> str:
    """The name as the vote prints it, and the roll call's when that spells it otherwise."""
    from cruscotto.council.services.acts import VoterName

    voter = VoterName(name["printed"], name["attendee"] or "")
    if voter.spelled_differently:
        return f"{voter.printed} (nell'elenco dei presenti: {voter.attendee or 'nessuno'})"
    return voter.printed
