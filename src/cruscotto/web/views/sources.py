"""The imported documents, their diagnostics and their text: where every "riga N" leads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cruscotto.core.models import SourceDocument
from cruscotto.reports.services.documents import get_document_page, get_source_text, list_documents


def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/sources.html", {"rows": list_documents()})


def source_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        page = get_document_page(document_id)
    except SourceDocument.DoesNotExist:
        raise Http404("documento inesistente") from None
    return render(request, "web/source.html", {"page": page, "document": page.document})


def source_text(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        page = get_source_text(document_id)
    except SourceDocument.DoesNotExist:
        raise Http404("documento inesistente") from None
    return render(request, "web/source_text.html", {"page": page, "document": page.document})
