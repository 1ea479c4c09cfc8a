"""The monitoring report of the PSM, as a web page (public: the report is a public document)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.monitoring.services.report import build_monitoring_report, find_psm_plans
from cruscotto.plans.models import Plan


def latest_report(request: HttpRequest) -> HttpResponse:
    plans = find_psm_plans()
    if not plans:
        raise Http404("Nessun piano strategico metropolitano importato")
    return render_report(request, plans[0])


def plan_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id, kind=Plan.Kind.PSM)
    return render_report(request, plan)


def render_report(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render(request, "monitoring/report.html", {"report": build_monitoring_report(plan)})
