"""The monitoring report of the PSM, as a web page (public: the report is a public document).

The latest monitoring year by default; an earlier one with `?anno=2024`, as its
report stated it.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.domain.text import ascii_int
from cruscotto.monitoring.services.report import (
    MonitoringYearNotFound,
    build_monitoring_report_of_year,
    find_psm_plans,
)
from cruscotto.monitoring.services.statements import latest_monitored_plan
from cruscotto.plans.models import Plan


def latest_report(request: HttpRequest) -> HttpResponse:
    plan = latest_monitored_plan()
    if plan is None:
        plans = find_psm_plans()
        if not plans:
            raise Http404("Nessun piano strategico metropolitano importato")
        plan = plans[0]
    return render_report(request, plan)


def plan_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id, kind=Plan.Kind.PSM)
    return render_report(request, plan)


def render_report(request: HttpRequest, plan: Plan) -> HttpResponse:
    text = request.GET.get("anno") or ""
    year = ascii_int(text)
    if text and year is None:
        raise Http404("Anno non valido")
    try:
        report = build_monitoring_report_of_year(plan, year)
    except MonitoringYearNotFound:
        raise Http404(f"Nessun monitoraggio del {plan.title} per il {year}") from None
    return render(request, "monitoring/report.html", {"report": report})
