"""The pages of the performance plan: the assignment matrix and a scorecard per manager."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.core.models import Person
from cruscotto.core.text import ascii_int
from cruscotto.performance.services.exports import build_scorecard_workbook, build_workbook
from cruscotto.performance.services.reports import (
    SLOTS,
    assignment_matrix,
    managers_of,
    scorecard,
    scores_summary,
    validation_report,
)
from cruscotto.plans.models import Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def performance_plan(request: HttpRequest, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("ente"), pk=plan_id, kind=Plan.Kind.PERFORMANCE
    )


def chosen_year(request: HttpRequest, plan: Plan) -> int:
    year = ascii_int(request.GET.get("anno", ""))
    return year if year is not None else plan.period_start or 0


def matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The matrix with each weight's provenance, the validation report and the managers."""
    plan = performance_plan(request, plan_id)
    people = managers_of(plan)
    return render(
        request,
        "performance/matrix.html",
        {
            "plan": plan,
            "slots": SLOTS,
            "rows": assignment_matrix(plan),
            "reports": validation_report(plan),
            "people": people,
        },
    )


def matrix_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="performance-{plan.code}.xlsx"'
    build_workbook(plan, chosen_year(request, plan)).save(response)
    return response


def manager_scorecard(request: HttpRequest, plan_id: int, person_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    person = get_object_or_404(Person, pk=person_id, ente=plan.ente)
    year = chosen_year(request, plan)
    return render(
        request,
        "performance/scorecard.html",
        {"plan": plan, "card": scorecard(plan, year, person), "year": year,
         "summary": scores_summary(plan, year)},
    )  # fmt: skip


def manager_scorecard_xlsx(request: HttpRequest, plan_id: int, person_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    person = get_object_or_404(Person, pk=person_id, ente=plan.ente)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="scheda-{person.pk}-{plan.code}.xlsx"'
    build_scorecard_workbook(plan, chosen_year(request, plan), person).save(response)
    return response
