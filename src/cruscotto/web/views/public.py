"""Public portal: anyone can read plans, items, indicators and search them."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from cruscotto.accounts.services.permissions import Permission, has_permission
from cruscotto.core.models import Ente
from cruscotto.core.xlsx import render_sheets
from cruscotto.council.services.participation import find_participatory_path
from cruscotto.domain.text import ascii_int
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.indicators.services import build_trend, get_indicator, measurements_as_csv
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.plans.services.browse import (
    ItemFilters,
    browse_plan,
    build_plan_tree,
    enti_with_plans_by_name,
    get_item_detail,
    items_in_order,
    list_plans,
)
from cruscotto.plans.services.ente_overview import build_ente_overview
from cruscotto.plans.services.item_table import item_table, table_as_csv
from cruscotto.search.services import SearchFilters
from cruscotto.search.services import search_page as search_results_page

# The home lists the plans of this many enti at a time: a site of one or two enti shows
# them all on one page, a site of hundreds a page of them, so the page costs the same.
ENTI_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    """The plans of a page of enti, each with its item count: two queries (the enti counted,
    the page's plans with their counts), whatever the number of enti."""
    pages = Paginator(enti_with_plans_by_name(), ENTI_PER_PAGE)
    page = pages.get_page(ascii_int(request.GET.get("pagina", "")) or 1)
    # A page of a queryset is a sliced queryset, read as a subquery: no query of its own.
    plans = list_plans(cast(QuerySet[Ente], page.object_list))
    # The enti of the plans listed, in their order: no query of their own.
    enti = list({plan.ente_id: plan.ente for plan in plans}.values())
    return render(request, "web/home.html", {"plans": plans, "enti": enti, "page": page})


def ente_home(request: HttpRequest, ente_code: str) -> HttpResponse:
    ente = get_object_or_404(Ente, code=ente_code)
    return render(request, "web/ente.html", {"overview": build_ente_overview(ente)})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("ente"), pk=plan_id)
    filters = ItemFilters.from_query(request.GET)
    browsed = browse_plan(plan, filters)
    download = request.GET.get("formato", "")
    if download in DOWNLOAD_FORMATS:
        return _item_download(plan, browsed.item_ids, download)
    context = {
        "plan": plan,
        "filters": filters,
        "facets": browsed.facets,
        "unknown_filters": browsed.unknown_filters,
        "query": filters.query_string(),
        "participatory_path": find_participatory_path(plan),
        "monitored": plan.kind == Plan.Kind.PSM
        and plan.items.filter(level=PlanItem.Level.AZIONE).exists(),
    }
    if filters.active or filters.level:
        pages = Paginator(browsed.item_ids, RESULTS_PER_PAGE)
        page = pages.get_page(ascii_int(request.GET.get("pagina", "")) or 1)
        context["found"] = len(browsed.item_ids)
        context["page"] = page
        context["results"] = items_in_order(list(page.object_list))
    else:
        # Two levels (missioni and programmi, assi and strategie): the rest is a click away.
        context["tree"] = build_plan_tree(plan, max_depth=2)
    return render(request, "web/plan.html", context)


RESULTS_PER_PAGE = 50
DOWNLOAD_FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _item_download(plan: Plan, item_ids: list[int], file_format: str) -> HttpResponse:
    """Every item the filters find (not only the page shown), as CSV or XLSX."""
    rows = item_table(plan, item_ids)
    name = slugify(f"{plan.ente.code} {plan.kind} {plan.code}") or "piano"
    if file_format == "csv":
        response = HttpResponse(table_as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(render_sheets({"Voci": rows}), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-voci.{file_format}"'
    return response


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
    filters = SearchFilters.from_query(request.GET)
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
