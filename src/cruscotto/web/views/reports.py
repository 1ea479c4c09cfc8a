"""Downloads of the published documents, the same files `cruscotto report` writes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cruscotto.reports.render.pdf import PdfUnavailable
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import REPORT_KINDS, Edition, find_kind
from cruscotto.web.csp import allow_inline_styles


def report_list(request: HttpRequest) -> HttpResponse:
    kinds = [(kind, kind.editions()) for kind in REPORT_KINDS.values()]
    return render(request, "web/reports.html", {"kinds": kinds})


def report_download(
    request: HttpRequest, kind_name: str, ente: str, year: int, format_name: str
) -> HttpResponse:
    try:
        kind = find_kind(kind_name, format_name)
        rendered = kind.formats[format_name].render(kind.build(ente, year))
    except ReportUnavailable as error:
        raise Http404(str(error)) from None
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    content = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    response = HttpResponse(content, content_type=kind.formats[format_name].content_type)
    filename = kind.filename(Edition(ente, "", year), format_name)
    disposition = "inline" if format_name == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return allow_inline_styles(response)
