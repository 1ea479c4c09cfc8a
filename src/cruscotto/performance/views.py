"""The pages of the performance plan: the assignment matrix and a scorecard per manager.

What the published plan states — objectives, structures, managers, weights and the
validation of the weights — is public. Scores are each manager's evaluation: a
manager's scorecard is for the dirigente of its structures, the ufficio di controllo
and the valutatori of the ente; the workbook with every manager's scores is for
the ufficio and the valutatori (accounts.services.permissions).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cruscotto.accounts.services.permissions import (
    REFUSALS,
    Permission,
    PermissionRefused,
    has_permission,
    may_read_scorecard,
    require_permission,
)
from cruscotto.core.models import OrgUnit, Person
from cruscotto.domain.text import ascii_int
from cruscotto.performance.models import StructureManager
from cruscotto.performance.services.exports import build_scorecard_workbook, build_workbook
from cruscotto.performance.services.labels import slot_label
from cruscotto.performance.services.reports import (
    SLOTS,
    assignment_matrix,
    managers_of,
    scorecard,
    validation_report,
)
from cruscotto.performance.services.score_validation import (
    ScoresNotValidatable,
    validate_scores,
    validation_state,
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


def may_read_any_scorecard(request: HttpRequest, plan: Plan) -> bool:
    return has_permission(request.user, Permission.READ_SCORECARD, plan.ente) or has_permission(
        request.user, Permission.READ_RESERVED, plan.ente
    )


def readable_manager(request: HttpRequest, plan: Plan, person_id: int) -> Person:
    """The manager of the plan whose scorecard the user may read (403 otherwise)."""
    person = get_object_or_404(Person, pk=person_id, ente=plan.ente)
    units = OrgUnit.objects.filter(
        pk__in=StructureManager.objects.filter(plan=plan, person=person).values("org_unit_id")
    )
    if not may_read_scorecard(request.user, plan.ente, units):
        raise PermissionRefused(
            f"Non consentito: la scheda di {person.name} è "
            f"{REFUSALS[Permission.READ_SCORECARD]} ({plan.ente.name})."
        )
    return person


def plan_list(request: HttpRequest) -> HttpResponse:
    """Every ente's performance plans, newest first: the menu's way into the matrices."""
    plans = Plan.objects.filter(kind=Plan.Kind.PERFORMANCE).select_related("ente")
    return render(
        request,
        "performance/plans.html",
        {"plans": plans.order_by("ente__name", "-period_start", "code")},
    )


def matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The matrix with each weight's provenance, the validation report and the managers."""
    plan = performance_plan(request, plan_id)
    people = managers_of(plan)
    reads_scorecards = may_read_any_scorecard(request, plan)
    year = chosen_year(request, plan)
    return render(
        request,
        "performance/matrix.html",
        {
            "plan": plan,
            "slots": [slot_label(slot) for slot in SLOTS],
            "rows": assignment_matrix(plan),
            "reports": validation_report(plan),
            "people": people,
            "reads_scorecards": reads_scorecards,
            "reads_all_scores": has_permission(request.user, Permission.READ_RESERVED, plan.ente),
            "year": year,
            # Whether the scores are validated is part of the scores: for who reads them.
            "validation": validation_state(plan, year) if reads_scorecards else None,
            "validates": has_permission(request.user, Permission.VALIDATE_SCORES, plan.ente),
        },
    )


@require_POST
def validate(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The valutatore validates the scores of the year (403 for every other role)."""
    plan = performance_plan(request, plan_id)
    year = ascii_int(request.POST.get("anno", "")) or plan.period_start or 0
    try:
        validate_scores(request.user, plan, year, request.POST.get("nota", ""))
    except ScoresNotValidatable as error:
        messages.error(request, f"Punteggi non validati: {error}.")
    else:
        messages.success(request, f"Punteggi {year} validati.")
    return redirect(f"{reverse('performance:matrix', args=[plan.pk])}?anno={year}")


def matrix_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    # The workbook holds every manager's scores and scorecard.
    require_permission(request.user, Permission.READ_RESERVED, plan.ente)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="performance-{plan.code}.xlsx"'
    build_workbook(plan, chosen_year(request, plan)).save(response)
    return response


def manager_scorecard(request: HttpRequest, plan_id: int, person_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    person = readable_manager(request, plan, person_id)
    year = chosen_year(request, plan)
    return render(
        request,
        "performance/scorecard.html",
        {
            "plan": plan,
            "card": scorecard(plan, year, person),
            "year": year,
            # How values are loaded is said only to who may load them.
            "loads_actuals": has_permission(request.user, Permission.IMPORT_DOCUMENTS, plan.ente),
        },
    )


def manager_scorecard_xlsx(request: HttpRequest, plan_id: int, person_id: int) -> HttpResponse:
    plan = performance_plan(request, plan_id)
    person = readable_manager(request, plan, person_id)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="scheda-{person.pk}-{plan.code}.xlsx"'
    build_scorecard_workbook(plan, chosen_year(request, plan), person).save(response)
    return response
