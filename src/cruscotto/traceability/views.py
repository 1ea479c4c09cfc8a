"""Web views of traceability and coverage: the same services as `cruscotto trace` and `cruscotto coverage`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cruscotto.domain.text import ascii_int
from cruscotto.plans.models import Link, PlanItem
from cruscotto.traceability.services.coverage import (
    COVERAGE_TITLES,
    coverage_counts_by_ente,
    coverage_report,
    enti_with_plans,
)
from cruscotto.traceability.services.editions import CHANGE_LABELS, compare_editions
from cruscotto.traceability.services.trace import describe_trace


def trace_page(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(PlanItem.objects.select_related("plan__ente"), pk=item_id)
    return render(request, "traceability/trace.html", {"chain": describe_trace(item)})


ENTI_PER_PAGE = 50


def coverage_page(request: HttpRequest) -> HttpResponse:
    """One ente's coverage lists (?ente=CODE), or a page of enti with their counts.

    Scoped by ente so that one request never builds the lists of every ente.
    """
    ente_code = request.GET.get("ente", "")
    if not ente_code:
        pages = Paginator(enti_with_plans(), ENTI_PER_PAGE)
        page = pages.get_page(ascii_int(request.GET.get("pagina", "")) or 1)
        return render(
            request,
            "traceability/coverage.html",
            {"page": page, "rows": coverage_counts_by_ente(list(page)), "titles": COVERAGE_TITLES},
        )
    ente = get_object_or_404(enti_with_plans(), code=ente_code)
    report = coverage_report(ente.code)
    sections = [
        {"key": key, "title": COVERAGE_TITLES[key], "rows": rows} for key, rows in report.items()
    ]
    return render(request, "traceability/coverage.html", {"ente": ente, "sections": sections})


ORIGIN_LABELS = dict(Link.Origin.choices)


def editions_page(request: HttpRequest) -> HttpResponse:
    """Each PSM edition against the previous one (the same service as `cruscotto editions`)."""
    comparisons = [
        {
            "comparison": comparison,
            "counts": [(CHANGE_LABELS[key], n) for key, n in comparison.counts().items()],
            "rows": [
                (row, CHANGE_LABELS[row.change], ORIGIN_LABELS.get(row.origin, ""))
                for row in comparison.rows
            ],
        }
        for comparison in compare_editions()
    ]
    return render(request, "traceability/editions.html", {"comparisons": comparisons})
