"""`cruscotto trace ITEM` and `cruscotto coverage`: follow a thread across plans, find the gaps.

Registered by `cruscotto.cli`, which configures Django before importing it.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cruscotto.traceability.services.coverage import coverage_report
from cruscotto.traceability.services.trace import describe_trace, find_item

console = Console()


def label(node: dict[str, Any]) -> str:
    code = f" {node['code']}" if node["code"] else ""
    return f"[{node['plan_kind']} {node['plan']}] {node['level']}{code}: {node['title'][:90]}"


@click.command()
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="Print the chain as JSON.")
def trace(item: str, as_json: bool) -> None:
    """The chain of ITEM across plans, up and down (ITEM: an id, or ente/kind/plan/key)."""
    try:
        found = find_item(item)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    chain = describe_trace(found)
    if as_json:
        click.echo(json.dumps(chain, ensure_ascii=False, indent=2))
        return
    console.print(label(chain["item"]))
    for direction, arrow in (("up", "↑"), ("down", "↓")):
        for node in chain[direction]:
            origin = f" ({node['origin']})" if node["origin"] else ""
            console.print(f"{'  ' * node['depth']}{arrow} {node['relation']}{origin} {label(node)}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the four lists as JSON.")
def coverage(as_json: bool) -> None:
    """What nobody carries out: mandate lines, PSM actions, objectives, indicators."""
    report = coverage_report()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table(title="Copertura")
    table.add_column("domanda")
    table.add_column("voci", justify="right")
    for question, rows in report.items():
        table.add_row(question.replace("_", " "), str(len(rows)))
    console.print(table)
