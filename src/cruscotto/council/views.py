"""Public pages of the council acts, over the same services as `cruscotto council votes`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cruscotto.council.models import CouncilAct, CouncilActText
from cruscotto.council.services.acts import get_act_page, get_act_text, list_sessions


def act_list(request: HttpRequest) -> HttpResponse:
    return render(request, "council/act_list.html", {"sessions": list_sessions()})


def act_detail(request: HttpRequest, act_id: int) -> HttpResponse:
    try:
        page = get_act_page(act_id)
    except CouncilAct.DoesNotExist:
        raise Http404("atto inesistente") from None
    return render(request, "council/act.html", {"page": page, "act": page.act})


def act_text(request: HttpRequest, act_id: int) -> HttpResponse:
    try:
        text = get_act_text(act_id)
    except (CouncilAct.DoesNotExist, CouncilActText.DoesNotExist):
        raise Http404("testo dell'atto non disponibile") from None
    return render(request, "council/act_text.html", {"text": text, "act": text.act})
