"""Downloads of the published documents, the same files `cruscotto report` writes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cruscotto.plans.models import Plan
from cruscotto.reports.render.pdf import PdfUnavailable
from cruscotto.reports.services.controllo_strategico import ReportUnavailable
from cruscotto.reports.services.exports import STRATEGIC_CONTROL_FORMATS, export_strategic_control


def report_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.filter(kind=Plan.Kind.DUP).select_related("ente").order_by("ente__name")
    reports = [
        (plan, year)
        for plan in plans
        if plan.period_start and plan.period_end
        for year in range(plan.period_end, plan.period_start - 1, -1)
    ]
    return render(
        request,
        "web/reports.html",
        {"reports": reports, "formats": list(STRATEGIC_CONTROL_FORMATS)},
    )


def strategic_control(request: HttpRequest, ente: str, year: int, format_name: str) -> HttpResponse:
    if format_name not in STRATEGIC_CONTROL_FORMATS:
        raise Http404("formato sconosciuto")
    try:
        content = export_strategic_control(ente, year, format_name)
    except ReportUnavailable as error:
        raise Http404(str(error)) from None
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        content, content_type=STRATEGIC_CONTROL_FORMATS[format_name].content_type
    )
    filename = f"controllo-strategico-{ente}-{year}.{format_name}"
    disposition = "inline" if format_name == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
