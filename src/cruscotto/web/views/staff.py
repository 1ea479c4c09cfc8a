"""Reserved area, behind Django authentication and the roles of each ente: the
dashboards of the ufficio di controllo and the valutatori, and each item's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cruscotto.accounts.services.permissions import (
    Permission,
    PermissionRefused,
    enti_with,
    require_permission,
)
from cruscotto.core.models import Ente
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.plans.services.browse import list_plans
from cruscotto.plans.services.dashboard import build_dashboard
from cruscotto.traceability.services.item_history import item_history


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    enti = set(enti_with(request.user, Permission.READ_RESERVED).values_list("pk", flat=True))
    if not enti and enti_with(request.user, Permission.EDIT_UNIT_DATA).exists():
        return redirect("campaigns:list")  # a referente's reserved area is their to-do list
    if not enti:
        raise PermissionRefused(
            "Non consentito: l'area riservata è dell'ufficio di controllo, dei valutatori "
            "e dei referenti delle unità organizzative."
        )
    plans = list_plans(Ente.objects.filter(pk__in=enti))
    return render(request, "web/staff_home.html", {"plans": plans})


@login_required
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    require_permission(request.user, Permission.READ_RESERVED, plan.ente)
    return render(request, "web/dashboard.html", {"plan": plan, "dashboard": build_dashboard(plan)})


@login_required
def item_history_page(request: HttpRequest, item_id: int) -> HttpResponse:
    """Who changed what of an item, when, before and after, and why: staff information,
    for whom reads the ente's reserved pages."""
    item = get_object_or_404(PlanItem.objects.select_related("plan__ente"), pk=item_id)
    require_permission(request.user, Permission.READ_RESERVED, item.plan.ente)
    return render(request, "web/item_history.html", {"item": item, "events": item_history(item)})
