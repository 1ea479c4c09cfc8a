"""The campaign's pages: the campaigns a user has, the ufficio's board, a unit's to-do list
with its entry form, review and spreadsheet. Every rule is the services' (campaigns.services
and accounts.services.permissions): the views read the form and show what they answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cruscotto.accounts.services.permissions import (
    Permission,
    PermissionRefused,
    enti_with,
    has_permission,
    require_permission,
)
from cruscotto.accounts.services.users import UserError, find_unit
from cruscotto.campaigns.models import Campaign
from cruscotto.campaigns.services.changes import changes_from_last_year
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry, status_vocabulary
from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.campaigns.services.progress import progress, remind
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.campaigns.services.spreadsheet import (
    UploadRefused,
    template_sheets,
    upload_workbook,
)
from cruscotto.campaigns.services.todo import todo_for
from cruscotto.core.xlsx import render_sheets
from cruscotto.plans.models import Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns of the enti where the user has a role, and the form to open one."""
    user = request.user
    readable = set(enti_with(user, Permission.READ_RESERVED).values_list("pk", flat=True))
    editable = set(enti_with(user, Permission.EDIT_UNIT_DATA).values_list("pk", flat=True))
    managed = enti_with(user, Permission.MANAGE_CAMPAIGNS)
    if not (readable or editable):
        raise PermissionRefused(
            "Non consentito: le campagne sono dell'ufficio di controllo, dei valutatori e dei "
            "referenti delle unità organizzative."
        )
    if request.method == "POST":
        return _open(request)
    campaigns = Campaign.objects.filter(ente__in=readable | editable).select_related("ente", "plan")
    rows = []
    for campaign in campaigns.order_by("-year", "ente__name"):
        board = campaign.ente_id in readable
        units = [] if board else todo_for(user, campaign)
        rows.append({"campaign": campaign, "board": board, "units": units})
    plans = Plan.objects.filter(ente__in=managed).select_related("ente").order_by("ente", "kind")
    return render(
        request,
        "campaigns/list.html",
        {"rows": rows, "plans": plans, "next_year": datetime.date.today().year},
    )


def _open(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=request.POST.get("piano"))
    try:
        year = int(request.POST.get("anno", ""))
        deadline = datetime.date.fromisoformat(request.POST.get("scadenza", ""))
    except ValueError:
        messages.error(request, "Indicare l'anno (es. 2026) e la scadenza (una data).")
        return redirect("campaigns:list")
    try:
        campaign = open_campaign(request.user, plan.ente, plan, year, deadline)
    except CampaignError as error:
        messages.error(request, f"Campagna non aperta: {error}.")
        return redirect("campaigns:list")
    messages.success(request, f"Aperta la campagna {year} di «{plan.title}».")
    return redirect("campaigns:board", campaign.pk)


@login_required
def board(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The ufficio's board: each unit's state and how much it has filled in."""
    campaign = get_object_or_404(Campaign.objects.select_related("ente", "plan"), pk=campaign_id)
    require_permission(request.user, Permission.READ_RESERVED, campaign.ente)
    if request.method == "POST":
        try:
            if "chiudi" in request.POST:
                result = close_campaign(request.user, campaign)
                messages.success(request, f"Campagna chiusa: {result}.")
            elif "sollecita" in request.POST:
                require_permission(request.user, Permission.MANAGE_CAMPAIGNS, campaign.ente)
                sent = remind(campaign)
                messages.success(
                    request,
                    f"Solleciti inviati: {len(sent.sent)}"
                    + (
                        f"; senza indirizzo: {', '.join(sent.without_email)}"
                        if sent.without_email
                        else ""
                    ),
                )
        except CampaignError as error:
            messages.error(request, str(error))
        return redirect("campaigns:board", campaign.pk)
    units = progress(campaign)
    totals = {
        state: sum(1 for unit in units if unit.state == state) for state in {u.state for u in units}
    }
    return render(
        request,
        "campaigns/board.html",
        {
            "campaign": campaign,
            "units": units,
            "totals": sorted(totals.items()),
            "manages": has_permission(request.user, Permission.MANAGE_CAMPAIGNS, campaign.ente),
        },
    )


@login_required
def unit_page(request: HttpRequest, campaign_id: int, unit_code: str) -> HttpResponse:
    """A unit's to-do list: the referente enters and submits, the ufficio reviews."""
    campaign = get_object_or_404(Campaign.objects.select_related("ente", "plan"), pk=campaign_id)
    try:
        unit = find_unit(campaign.ente, unit_code)
    except UserError as error:
        raise PermissionRefused(f"Non consentito: {error}.") from None
    todos = todo_for(request.user, campaign, unit)
    if not todos:
        raise PermissionRefused("Non consentito: l'unità non ha dati in questa campagna.")
    todo = todos[0]
    if request.GET.get("formato") == "xlsx":
        response = HttpResponse(render_sheets(template_sheets(todo, campaign.year)), XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="campagna-{campaign.year}-{todo.unit_code}.xlsx"'
        )
        return response
    if request.method == "POST":
        _unit_action(request, campaign, unit)
        return redirect("campaigns:unit", campaign.pk, unit_code)
    edits = has_permission(request.user, Permission.EDIT_UNIT_DATA, campaign.ente, unit)
    return render(
        request,
        "campaigns/unit.html",
        {
            "campaign": campaign,
            "todo": todo,
            "editable": edits
            and campaign.state == Campaign.State.OPEN
            and todo.state in ("da_fare", "bozza", "restituita"),
            "reviews": has_permission(request.user, Permission.MANAGE_CAMPAIGNS, campaign.ente)
            and todo.state == "inviata",
            "statuses": status_vocabulary(),
            "changes": changes_from_last_year(todo.items),
        },
    )


def _unit_action(request: HttpRequest, campaign: Campaign, unit: Any) -> None:
    post = request.POST
    try:
        if "salva" in post or "invia" in post:
            saved, refused = _save_form(request, campaign)
            if saved:
                messages.success(request, f"Salvati {saved} dati.")
            for line in refused:
                messages.error(request, line)
            if "invia" in post and not refused:
                submit_unit(request.user, campaign, unit)
                messages.success(request, "Dati inviati all'ufficio di controllo.")
        elif "carica" in post and (sheet := request.FILES.get("foglio")) is not None:
            result = upload_workbook(request.user, campaign, sheet.read())
            messages.success(request, f"Foglio caricato: {result.saved} dati salvati.")
        elif "accetta" in post:
            review_unit(request.user, campaign, unit, accept=True)
            messages.success(request, f"Dati di {unit.name} accettati.")
        elif "restituisci" in post:
            review_unit(
                request.user, campaign, unit, accept=False, comment=post.get("commento", "")
            )
            messages.success(request, f"Dati di {unit.name} restituiti con il commento.")
    except UploadRefused as error:
        messages.error(request, f"Foglio non caricato, {error}.")
        for line in error.result.lines:
            messages.error(request, line)
    except CampaignError as error:
        messages.error(request, str(error))


def _save_form(request: HttpRequest, campaign: Campaign) -> tuple[int, list[str]]:
    """Save each value the form changed, each checked on its own; return how many were
    saved and the refusals (one per value, naming it)."""
    saved, refused = 0, []
    vocabulary = status_vocabulary()
    for name in request.POST:
        if not name.startswith("valore:"):
            continue
        key = name.removeprefix("valore:")
        text = request.POST.get(name, "")
        if text.strip() == request.POST.get(f"letto:{key}", "").strip():
            continue
        try:
            version = int(request.POST.get(f"versione:{key}", ""))
            save_entry(request.user, campaign, key, text, version, vocabulary)
            saved += 1
        except (CampaignError, ValueError) as error:
            refused.append(f"{key}: {error}")
    return saved, refused


def unit_url(campaign: Campaign, code: str) -> str:
    return reverse("campaigns:unit", args=[campaign.pk, code])
