"""Staff area, behind Django authentication: the dashboard of the ufficio controllo."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.plans.models import Plan
from cruscotto.plans.services.browse import list_plans
from cruscotto.plans.services.dashboard import build_dashboard


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/staff_home.html", {"plans": list_plans()})


@login_required
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    return render(request, "web/dashboard.html", {"plan": plan, "dashboard": build_dashboard(plan)})
