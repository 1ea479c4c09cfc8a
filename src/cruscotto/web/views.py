"""Public pages. For now a plain listing; the full interface is its own issue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.plans.models import Plan
from cruscotto.plans.services.browse import build_plan_tree, list_plans


def home(request: HttpRequest) -> HttpResponse:
    plans = list_plans()
    trees = [(plan, build_plan_tree(plan)) for plan in plans if plan.kind == Plan.Kind.DUP]
    return render(request, "web/home.html", {"plans": plans, "trees": trees})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    return render(request, "web/plan.html", {"plan": plan, "tree": build_plan_tree(plan)})
