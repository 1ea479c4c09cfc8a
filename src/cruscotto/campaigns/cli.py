"""`cruscotto campaign …`: the monitoring campaign from the command line.

Each command calls the same services the pages call, with the permissions of --user.
Imported for its --help too, which answers without Django: each command imports the models
and services it uses, Django configured as it runs (cruscotto.cli.run_with_django).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from cruscotto.campaigns.models import Campaign

console = Console()


def refusals() -> tuple[type[Exception], ...]:
    """What the services raise to refuse an action, which a command prints as its error."""
    from cruscotto.accounts.services.permissions import PermissionRefused
    from cruscotto.accounts.services.users import UserError
    from cruscotto.campaigns.services.errors import CampaignError

    return (CampaignError, PermissionRefused, UserError)


def selection_options(command: Any) -> Any:
    """--ente, --plan, --year: which campaign, where more than one is open."""
    for option in reversed(
        [
            click.option("--ente", "ente_code", default=None, help="Codice dell'ente."),
            click.option(
                "--plan", "plan_text", default=None, help="Piano: tipo/codice, es. dup/2021-2026."
            ),
            click.option("--year", type=int, default=None, help="Esercizio della campagna."),
        ]
    ):
        command = option(command)
    return command


def user_option(command: Any) -> Any:
    return click.option(
        "--user", "username", required=True, help="Chi agisce: i suoi ruoli decidono cosa può fare."
    )(command)


def find_user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"utente «{username}» inesistente (vedi `cruscotto users`)")
    return user


def selected(
    ente_code: str | None, plan_text: str | None, year: int | None, **kwargs: Any
) -> Campaign:
    from cruscotto.campaigns.services.errors import CampaignError
    from cruscotto.campaigns.services.opening import find_campaign

    try:
        return find_campaign(ente_code, plan_text, year, **kwargs)
    except CampaignError as error:
        raise click.ClickException(str(error)) from None


@click.group()
def campaign() -> None:
    """Campagne di monitoraggio: ogni ufficio aggiorna i propri dati dell'anno."""


@campaign.command("open")
@click.option(
    "--ente", "ente_code", required=True, help="Codice dell'ente (vedi `cruscotto enti`)."
)
@click.option("--plan", "plan_text", required=True, help="Piano: tipo/codice, es. dup/2021-2026.")
@click.option("--year", type=int, required=True, help="Esercizio da aggiornare.")
@click.option(
    "--deadline", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Scadenza (AAAA-MM-GG)."
)
@user_option
def campaign_open(
    ente_code: str, plan_text: str, year: int, deadline: datetime.datetime, username: str
) -> None:
    """Apre la campagna di un piano per un esercizio (ufficio di controllo)."""
    from cruscotto.campaigns.services.opening import find_plan, open_campaign
    from cruscotto.core.models import Ente

    user = find_user(username)
    ente = Ente.objects.filter(code=ente_code).first()
    if ente is None:
        raise click.ClickException(f"ente sconosciuto «{ente_code}» (vedi `cruscotto enti`)")
    try:
        opened = open_campaign(user, ente, find_plan(ente, plan_text), year, deadline.date())
    except refusals() as error:
        raise click.ClickException(str(error)) from None
    units = opened.units.count()
    console.print(
        f"Aperta la campagna {year} di «{opened.plan}»: {opened.entries.count()} dati da "
        f"aggiornare in {units} unità, scadenza {opened.deadline:%d/%m/%Y}"
    )


@campaign.command("status")
@selection_options
@click.option("--json", "as_json", is_flag=True, help="Stampa JSON per gli script.")
def campaign_status(
    ente_code: str | None, plan_text: str | None, year: int | None, as_json: bool
) -> None:
    """Avanzamento per unità: codice, nome, stato, dati da fare e compilati."""
    from cruscotto.campaigns.models import Campaign
    from cruscotto.campaigns.services.progress import progress

    chosen = selected(ente_code, plan_text, year, state=None if year else Campaign.State.OPEN)
    units = progress(chosen)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ente": chosen.ente.code,
                    "plan": f"{chosen.plan.kind}/{chosen.plan.code}",
                    "year": chosen.year,
                    "state": chosen.state,
                    "deadline": chosen.deadline.isoformat(),
                    "units": [unit.as_json() for unit in units],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table("codice", "unità", "stato", "da fare", "compilati", title=str(chosen))
    for unit in units:
        table.add_row(unit.code, unit.name, unit.state, str(unit.to_do), str(unit.filled))
    console.print(table)


@campaign.command("template")
@selection_options
@click.option("--unit", "unit_text", required=True, help="Codice o nome dell'unità.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    required=True,
    help="File XLSX da scrivere.",
)
def campaign_template(
    ente_code: str | None, plan_text: str | None, year: int | None, unit_text: str, out_path: Path
) -> None:
    """Scrive il foglio XLSX dell'unità da compilare (fogli attivita, indicatori, obiettivi)."""
    from cruscotto.accounts.services.users import UserError, find_unit
    from cruscotto.campaigns.services.spreadsheet import template_sheets
    from cruscotto.campaigns.services.todo import unit_todos
    from cruscotto.core.models import OrgUnit
    from cruscotto.core.xlsx import render_sheets

    chosen = selected(ente_code, plan_text, year)
    try:
        unit = find_unit(chosen.ente, unit_text)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    todos = unit_todos(chosen, OrgUnit.objects.filter(pk=unit.pk))
    if not todos:
        raise click.ClickException(f"l'unità {unit.name} non ha dati in questa campagna")
    sheets = template_sheets(todos[0], chosen.year)
    out_path.write_bytes(render_sheets(sheets))
    rows = sum(len(rows) - 1 for rows in sheets.values())
    console.print(f"Scritto {out_path}: {rows} righe per {unit.name}")


@campaign.command("upload")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@selection_options
@user_option
def campaign_upload(
    path: Path, ente_code: str | None, plan_text: str | None, year: int | None, username: str
) -> None:
    """Carica un foglio compilato: resoconto riga per riga; con un errore non salva nulla."""
    from cruscotto.campaigns.services.spreadsheet import UploadRefused, upload_workbook

    user = find_user(username)
    chosen = selected(ente_code, plan_text, year)
    try:
        result = upload_workbook(user, chosen, path.read_bytes())
    except UploadRefused as refused:
        for line in refused.result.lines:
            click.echo(f"{path.name}: {line}")
        raise click.ClickException(f"{path.name}: {refused}") from None
    except refusals() as error:
        raise click.ClickException(f"{path.name}: {error}") from None
    for line in result.lines:
        click.echo(f"{path.name}: {line}")
    console.print(f"{path.name}: {result.saved} dati salvati")


@campaign.command("review")
@selection_options
@click.option("--unit", "unit_text", required=True, help="Codice o nome dell'unità.")
@click.option("--accept", is_flag=True, help="Accetta i dati dell'unità (bloccati per l'anno).")
@click.option("--return", "comment", default=None, help="Restituisce l'unità con questo commento.")
@user_option
def campaign_review(
    ente_code: str | None,
    plan_text: str | None,
    year: int | None,
    unit_text: str,
    accept: bool,
    comment: str | None,
    username: str,
) -> None:
    """Accetta o restituisce con un commento i dati inviati da un'unità (ufficio di controllo)."""
    from cruscotto.accounts.services.users import find_unit
    from cruscotto.campaigns.services.review import review_unit

    if accept == (comment is not None):
        raise click.UsageError('indicare --accept oppure --return "commento"')
    user = find_user(username)
    chosen = selected(ente_code, plan_text, year)
    try:
        unit = find_unit(chosen.ente, unit_text)
        reviewed = review_unit(user, chosen, unit, accept=accept, comment=comment or "")
    except refusals() as error:
        raise click.ClickException(str(error)) from None
    console.print(f"{unit.name}: {reviewed.get_state_display()}")


@campaign.command("remind")
@selection_options
def campaign_remind(ente_code: str | None, plan_text: str | None, year: int | None) -> None:
    """Scrive ai referenti delle unità che non hanno ancora inviato i dati."""
    from cruscotto.campaigns.services.progress import remind

    chosen = selected(ente_code, plan_text, year)
    try:
        sent = remind(chosen)
    except refusals() as error:
        raise click.ClickException(str(error)) from None
    console.print(f"Promemoria inviati: {len(sent.sent)}")
    for username in sent.without_email:
        console.print(
            f"[yellow]Il referente «{username}» non ha un indirizzo e-mail: non avvisato[/]"
        )


@campaign.command("close")
@selection_options
@user_option
def campaign_close(
    ente_code: str | None, plan_text: str | None, year: int | None, username: str
) -> None:
    """Chiude la campagna: i dati accettati diventano quelli dell'esercizio (ufficio di controllo)."""
    from cruscotto.campaigns.services.closing import close_campaign

    user = find_user(username)
    chosen = selected(ente_code, plan_text, year)
    with console.status("Chiusura della campagna…"):
        try:
            result = close_campaign(user, chosen)
        except refusals() as error:
            raise click.ClickException(str(error)) from None
    applied = dict(result.applied)
    console.print(
        f"Chiusa la campagna {chosen.year}: "
        + (
            ", ".join(f"{n} {kind}" for kind, n in sorted(applied.items()))
            or "nessun dato applicato"
        )
        + f"; attività concluse da tutti i dipartimenti: {result.concluded_activities}"
    )
    if result.units_not_accepted:
        console.print(
            "[yellow]Unità non accettate, dati non applicati: "
            + ", ".join(result.units_not_accepted)
            + "[/]"
        )
    for line in result.not_applied:
        console.print(f"[yellow]Non applicato: {line}[/]")
