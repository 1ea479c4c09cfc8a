"""`cruscotto trace ITEM`, `cruscotto coverage`, `cruscotto editions`: follow a thread across plans,
find the gaps, compare the editions of a plan.

Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()


def clip(text: str, width: int) -> str:
    """Return `text` cut at a word boundary to `width` characters, marked with an ellipsis."""
    return textwrap.shorten(text, width, placeholder=" …")


def label(node: dict[str, Any]) -> str:
    code = f" {node['code']}" if node["code"] else ""
    # Escaped: "[dup 2021-2026]" would otherwise be read as rich markup and vanish.
    return escape(
        f"[{node['plan_kind']} {node['plan']}] {node['level_label']}{code}: {clip(node['title'], 90)}"
    )


@click.command()
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="Stampa la catena come JSON.")
def trace(item: str, as_json: bool) -> None:
    """La catena di ITEM tra i piani, verso l'alto e verso il basso (ITEM: un id, o ente/tipo/piano/chiave)."""
    from cruscotto.traceability.services.trace import describe_trace, find_item

    try:
        found = find_item(item)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    chain = describe_trace(found)
    if as_json:
        click.echo(json.dumps(chain, ensure_ascii=False, indent=2))
        return
    # One line per item, never wrapped, so that the chain reads (and greps) as a list.
    console.print(label(chain["item"]), soft_wrap=True)
    for direction, arrow in (("up", "↑"), ("down", "↓")):
        for node in chain[direction]:
            origin = f" ({node['origin_label']})" if node["origin"] else ""
            console.print(
                f"{'  ' * node['depth']}{arrow} {node['relation_label']}{origin} {label(node)}",
                soft_wrap=True,
            )


@click.command()
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="Stampa la storia come JSON.")
def history(item: str, as_json: bool) -> None:
    """Chi ha cambiato ITEM e ciò che ne dipende, quando, prima e dopo, e perché, dal più
    vecchio: ogni importazione di un documento che lo riporta, ogni modifica ed eliminazione
    di un utente (ITEM: un id, o ente/tipo/piano/chiave, come per `cruscotto trace`).

    JSON: una lista di oggetti con `at`, `actor`, `kind` (importazione, modifica,
    eliminazione), `model`, `object_id`, `why`, `document_id`, `line` e `changes`
    (`field`, `before`, `after`).
    """
    from cruscotto.traceability.services.item_history import item_history
    from cruscotto.traceability.services.trace import describe_trace, find_item

    try:
        found = find_item(item)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    events = item_history(found)
    if as_json:
        click.echo(json.dumps([e.as_json() for e in events], ensure_ascii=False, indent=2))
        return
    console.print(label(describe_trace(found)["item"]), soft_wrap=True)
    if not events:
        console.print("Nessuna modifica registrata.")
    for event in events:
        who = f"{event.actor}: " if event.actor else ""
        where = f" riga {event.line}" if event.line else ""
        record = f" n. {event.object_id}" if event.object_id else ""
        console.print(
            escape(
                f"{event.at:%Y-%m-%d %H:%M} {event.kind} {event.model}{record} — {who}{event.why}{where}"
            ),
            soft_wrap=True,
        )
        for change in event.changes:
            console.print(
                escape(f"    {change.field}: {change.before!r} → {change.after!r}"), soft_wrap=True
            )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Stampa le quattro liste come JSON.")
@click.option(
    "--counts", "counts_only", is_flag=True, help="Stampa solo quante voci ha ogni lista."
)
def coverage(as_json: bool, counts_only: bool) -> None:
    """Ciò che nessuno attua: linee di mandato, azioni del PSM, obiettivi, indicatori.

    Stampa quante voci ha ogni lista, poi le voci, una per riga, come la pagina
    /tracciabilita/copertura/. JSON: le quattro liste sotto chiavi in inglese.
    """
    from cruscotto.traceability.services.coverage import COVERAGE_TITLES, coverage_report

    report = coverage_report()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table(title="Copertura dei piani")
    table.add_column("domanda")
    table.add_column("voci", justify="right")
    for question, rows in report.items():
        table.add_row(COVERAGE_TITLES[question], str(len(rows)))
    console.print(table)
    if counts_only:
        return
    for question, rows in report.items():
        if not rows:
            continue
        console.print(f"\n{COVERAGE_TITLES[question]} ({len(rows)})", style="bold")
        for row in rows:
            console.print(f"  {coverage_line(row)}", soft_wrap=True)


def coverage_line(row: dict[str, Any]) -> str:
    """One item of a coverage list: an item of a plan, or an indicator with its last year.

    The ente leads, since the lists mix the plans of every ente.
    """
    if "level" in row:
        return f"{row['ente']} {label(row)}"
    return escape(
        f"{row['ente']} [{row['plan_kind']} {row['plan']}] Indicatore: {clip(row['name'], 90)}"
        f" (ultimo anno {row['last_year']})"
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Stampa i confronti come JSON.")
def editions(as_json: bool) -> None:
    """Ogni strategia di un'edizione del PSM rispetto all'edizione precedente: mantenuta, rinominata, tolta, nuova.

    Letta dai collegamenti `continues` (derivati dopo ogni importazione o inseriti
    nell'amministrazione). JSON: un oggetto per coppia di edizioni con `ente`, `kind`,
    `from` e `to` (codice e titolo del piano), `counts` (kept, renamed, dropped, new)
    e `rows`: `axis`, `change`, `origin` (del collegamento; "" per le strategie tolte e
    nuove), `old` e `new` (id, key, code, title, o null) e `old_title` (le parole con cui
    la vecchia strategia è confrontata: come la ristampa il mandato, altrimenti come citata).
    """
    from cruscotto.plans.models import Link
    from cruscotto.traceability.services.editions import CHANGE_LABELS, describe_editions

    comparisons = describe_editions()
    if as_json:
        click.echo(json.dumps(comparisons, ensure_ascii=False, indent=2))
        return
    if not comparisons:
        console.print("Nessun piano con due edizioni.")
    for comparison in comparisons:
        counts = ", ".join(f"{CHANGE_LABELS[key]} {n}" for key, n in comparison["counts"].items())
        table = Table(
            title=f"{comparison['ente']}: {comparison['from']['title']} → "
            f"{comparison['to']['title']} ({counts})"
        )
        for column in ["asse", comparison["from"]["plan"], comparison["to"]["plan"], "esito"]:
            table.add_column(column)
        for row in comparison["rows"]:
            table.add_row(
                row["axis"],
                escape(f"{row['old']['code']} {clip(row['old_title'], 60)}") if row["old"] else "—",
                escape(f"{row['new']['code']} {clip(row['new']['title'], 60)}")
                if row["new"]
                else "—",
                CHANGE_LABELS[row["change"]]
                + (f" ({Link.Origin(row['origin']).label})" if row["origin"] else ""),
            )
        console.print(table)
