"""Public portal: anyone can read plans, items, indicators and search them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from cruscotto.accounts.services.permissions import Permission, has_permission
from cruscotto.core.text import ascii_int
from cruscotto.council.services.participation import find_participatory_path
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.indicators.services import build_trend, get_indicator, measurements_as_csv
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.plans.services.browse import (
    ItemFilters,
    build_plan_tree,
    filter_items,
    get_item_detail,
    list_filter_choices,
    list_plans,
)
from cruscotto.search.models import SearchEntry
from cruscotto.search.services import SearchFilters
from cruscotto.search.services import search_page as search_results_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"plans": list_plans()})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    filters = ItemFilters.from_query(request.GET)
    context = {
        "plan": plan,
        "filters": filters,
        "choices": list_filter_choices(plan),
        "levels": PlanItem.Level.choices,
        "participatory_path": find_participatory_path(plan),
        "monitored": plan.kind == Plan.Kind.PSM
        and plan.items.filter(level=PlanItem.Level.AZIONE).exists(),
    }
    if filters.active or filters.level:
        context["results"] = filter_items(plan, filters)
    else:
        # Two levels (missioni and programmi, assi and strategie): the rest is a click away.
        context["tree"] = build_plan_tree(plan, max_depth=2)
    return render(request, "web/plan.html", context)


def requested_year(request: HttpRequest) -> int | None:
    """The esercizio `?anno=` asks for; None (the latest reported) when absent or not a year."""
    text = request.GET.get("anno", "").strip()
    return ascii_int(text) if len(text) == 4 else None


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        detail = get_item_detail(item_id, requested_year(request))
    except PlanItem.DoesNotExist:
        raise Http404("voce inesistente") from None
    # The history is staff information: linked only for whom may read it.
    reads_history = has_permission(request.user, Permission.READ_RESERVED, detail.item.plan.ente)
    return render(
        request,
        "web/item.html",
        {"detail": detail, "item": detail.item, "reads_history": reads_history},
    )


def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    try:
        indicator = get_indicator(indicator_id)
    except Indicator.DoesNotExist:
        raise Http404("indicatore inesistente") from None
    measurements = list(
        Measurement.objects.as_of(requested_year(request))
        .filter(indicator=indicator)
        .order_by("series", "year")
    )
    return render(
        request,
        "web/indicator.html",
        {
            "indicator": indicator,
            "measurements": measurements,
            "trend": build_trend(indicator, measurements),
        },
    )


def indicator_csv(request: HttpRequest, indicator_id: int) -> HttpResponse:
    try:
        indicator = get_indicator(indicator_id)
    except Indicator.DoesNotExist:
        raise Http404("indicatore inesistente") from None
    response = HttpResponse(measurements_as_csv(indicator), content_type="text/csv; charset=utf-8")
    name = slugify(indicator.code or indicator.name[:40]) or "indicatore"
    response["Content-Disposition"] = f'attachment; filename="{name}-{indicator.pk}.csv"'
    return response


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("tipo", "")
    filters = SearchFilters(
        ente=request.GET.get("ente", "").strip()[:40],
        plan=ascii_int(request.GET.get("piano", "")),
        kind=kind if kind in SearchEntry.Kind.values else "",
    )
    page = search_results_page(query, filters, ascii_int(request.GET.get("pagina", "")) or 1)
    return render(
        request,
        "web/search.html",
        {"query": query, "filters": filters, "page": page, "base": _search_url(request)},
    )


def _search_url(request: HttpRequest) -> str:
    """The search's query string without the page, for the page links."""
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()
