"""Public pages of the council acts, over the same services as `cruscotto council votes`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cruscotto.council.models import CouncilAct
from cruscotto.council.services.acts import get_act_page, list_sessions
from cruscotto.council.services.participation import (
    build_participatory_path,
    is_preliminary_plan,
)
from cruscotto.plans.models import Plan


def act_list(request: HttpRequest) -> HttpResponse:
    return render(request, "council/act_list.html", {"sessions": list_sessions()})


def act_detail(request: HttpRequest, act_id: int) -> HttpResponse:
    try:
        page = get_act_page(act_id)
    except CouncilAct.DoesNotExist:
        raise Http404("atto inesistente") from None
    return render(request, "council/act.html", {"page": page, "act": page.act})


def act_text(request: HttpRequest, act_id: int) -> HttpResponse:
    """The act's text is its document's: links made when the act kept its own still open."""
    act = get_object_or_404(CouncilAct.objects.only("source_document_id"), pk=act_id)
    if act.source_document_id is None:
        raise Http404("atto inserito a mano: non ha un documento")
    return redirect("web:source_text", act.source_document_id, permanent=True)


def participatory_path(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The preliminary phase of a PSM edition: method, evidence, needs, themes, recommendations."""
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    if not is_preliminary_plan(plan):
        raise Http404("il piano non è la fase preliminare di un PSM")
    return render(
        request, "council/participatory_path.html", {"path": build_participatory_path(plan)}
    )
