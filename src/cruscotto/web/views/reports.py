"""Downloads of the published documents, the same files `cruscotto report` writes.

A document is served from the file built for the current data (reports.services.
publishing); when there is none yet the request asks for it and answers a page that
follows the build, reloading itself: no document is rendered inside a request.
"""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from cruscotto.core.models import Ente
from cruscotto.domain.text import ascii_int
from cruscotto.reports.models import PublishedFile
from cruscotto.reports.services import publishing
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import (
    REPORT_KINDS,
    Edition,
    ReportKind,
    enti_with_editions,
    find_kind,
)

# How often the page "in preparazione" reloads itself, in seconds.
REFRESH_SECONDS = 3


# The documents of this many enti at a time: one page for a site of a few enti, and the
# same cost for a site of hundreds.
ENTI_PER_PAGE = 20


def report_list(request: HttpRequest) -> HttpResponse:
    """Each kind's editions for a page of enti, or of one ente (?ente=CODE): the enti
    counted, then one query per kind."""
    enti = enti_with_editions()
    ente_code = request.GET.get("ente", "")
    ente = get_object_or_404(enti, code=ente_code) if ente_code else None
    pages = Paginator(enti.filter(pk=ente.pk) if ente else enti, ENTI_PER_PAGE)
    page = pages.get_page(ascii_int(request.GET.get("pagina", "")) or 1)
    # A page of a queryset is a sliced queryset, read as a subquery: no query of its own.
    enti_of_page = cast(QuerySet[Ente], page.object_list)
    kinds = [(kind, kind.editions(enti_of_page)) for kind in REPORT_KINDS.values()]
    return render(request, "web/reports.html", {"kinds": kinds, "page": page, "ente": ente})


def report_download(
    request: HttpRequest, kind_name: str, ente: str, year: int, format_name: str
) -> HttpResponseBase:
    try:
        kind = find_kind(kind_name, format_name)
    except ReportUnavailable as error:
        raise Http404(str(error)) from None
    if not publishing.has_edition(kind, ente, year):
        raise Http404(f"nessun documento {kind.name} di {ente} per il {year}")
    if "versione" in request.GET:
        # The build of earlier data, offered while the current one is prepared.
        earlier = PublishedFile.objects.filter(
            kind=kind.name, ente_code=ente, year=year, format=format_name,
            data_version=request.GET["versione"], status=PublishedFile.Status.READY,
        ).first()  # fmt: skip
        if earlier is None:
            raise Http404("questa versione del documento non è più disponibile")
        return serve_file(request, kind, earlier)
    published = publishing.request_document(kind.name, ente, year, format_name)
    if request.method == "POST" and published.status == PublishedFile.Status.FAILED:
        publishing.retry(published)
        return redirect(request.path)
    if published.status == PublishedFile.Status.READY:
        return serve_file(request, kind, published)
    return building_page(request, kind, published)


def serve_file(
    request: HttpRequest, kind: ReportKind, published: PublishedFile
) -> HttpResponseBase:
    """The stored file, with its ETag and date, so that a browser asking again gets a 304."""
    etag = f'"{published.sha256}"'
    last_modified = int(published.built_at.timestamp()) if published.built_at else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    try:
        stored = publishing.file_path(published).open("rb")
    except FileNotFoundError:
        # The file went missing under var/: build it again rather than answer an error.
        published.delete()
        return redirect(request.get_full_path())
    filename = kind.filename(Edition(published.ente_code, "", published.year), published.format)
    response = FileResponse(
        stored,
        content_type=kind.formats[published.format].content_type,
        as_attachment=published.format != "html",
        filename=filename,
    )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # The data may change at any time: the browser asks again, and the ETag makes it cheap.
    patch_cache_control(response, no_cache=True)
    return response


def building_page(request: HttpRequest, kind: ReportKind, published: PublishedFile) -> HttpResponse:
    """The page that follows the build of `published`, reloading itself until it is ready."""
    failed = published.status == PublishedFile.Status.FAILED
    earlier = publishing.latest_ready(published)
    ente = Ente.objects.filter(code=published.ente_code).first()
    response = render(
        request,
        "web/report_building.html",
        {
            "kind": kind,
            "published": published,
            "ente_name": ente.name if ente else published.ente_code,
            "failed": failed,
            "earlier": earlier,
            "refresh_seconds": REFRESH_SECONDS,
        },
        # 202: asked for and accepted, not there yet; a failed build is the server's failure.
        status=503 if failed else 202,
    )
    if not failed:
        # The HTTP form of <meta http-equiv="refresh">: no script, whatever the page's CSP.
        response["Refresh"] = str(REFRESH_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
