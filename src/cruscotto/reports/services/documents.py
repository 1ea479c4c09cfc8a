"""The imported documents: what each is, what it fed, what the importer said, and its text.

Every record read from a document cites its line ("riga 86"); these services
let a reader open that line as the document prints it, with what the importer
noted there, for any format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cruscotto.core.models import AuditEntry, ImportDiagnostic, SourceDocument, SourceText
from cruscotto.domain.text import number_lines
from cruscotto.indicators.models import Indicator
from cruscotto.plans.models import Plan, PlanItem

Severity = ImportDiagnostic.Severity


@dataclass(frozen=True)
class DocumentRow:
    document: SourceDocument  # with its ente
    errors: int
    warnings: int
    notes: int  # diagnostics of severity info: quirks the importer handled


def documents_in_order(
    ente_code: str | None = None, format_name: str | None = None
) -> QuerySet[SourceDocument]:
    """The imported documents (of an ente, of a format), by ente and title, with their ente.

    Filtered in the database, so that a list of one page reads that page's rows only.
    """
    documents = SourceDocument.objects.select_related("ente").order_by("ente__name", "title", "pk")
    if ente_code:
        documents = documents.filter(ente__code=ente_code)
    if format_name:
        documents = documents.filter(format=format_name)
    return documents


def count_diagnostics(documents: QuerySet[SourceDocument]) -> list[DocumentRow]:
    """Return `documents`, in their order, with their diagnostics counted by severity: one query."""
    counted = documents.annotate(
        errors=Count("diagnostics", filter=Q(diagnostics__severity=Severity.ERROR)),
        warnings=Count("diagnostics", filter=Q(diagnostics__severity=Severity.WARNING)),
        notes=Count("diagnostics", filter=Q(diagnostics__severity=Severity.INFO)),
    )
    return [
        DocumentRow(document, document.errors, document.warnings, document.notes)  # type: ignore[attr-defined]
        for document in counted
    ]


def list_documents() -> list[DocumentRow]:
    """Every imported document, by ente and title, with its diagnostics counted: one query."""
    return count_diagnostics(documents_in_order())


def describe_documents(documents: list[SourceDocument] | None = None) -> list[dict[str, Any]]:
    """The imported documents as plain data (`cruscotto documents --json`, `/api/documenti/`).

    Given `documents` (a page of `documents_in_order`), only those are counted and described:
    the diagnostics of the other documents are not read.
    """
    if documents is None:
        rows = list_documents()
    else:
        rows = count_diagnostics(
            documents_in_order().filter(pk__in=[document.pk for document in documents])
        )
    return [
        {
            "id": row.document.pk,
            "identity": row.document.identity,
            "title": row.document.title,
            "ente_code": row.document.ente.code if row.document.ente else None,
            "format": row.document.format,
            "file_name": row.document.file_name,
            "sha256": row.document.sha256,
            "lines": row.document.line_count,
            "reference_year": row.document.reference_year,
            "imported_at": row.document.imported_at.isoformat(),
            "diagnostics": {"error": row.errors, "warning": row.warnings, "info": row.notes},
        }
        for row in rows
    ]


@dataclass(frozen=True)
class FedPlan:
    plan: Plan
    items: int  # how many of the plan's items were read from the document


@dataclass(frozen=True)
class DocumentPage:
    document: SourceDocument  # with its ente
    text_kept: bool
    plans: list[FedPlan]
    indicators: int
    diagnostics: list[ImportDiagnostic]  # in line order
    imports: list[AuditEntry]  # latest first: each import that changed something


def get_document_page(document_id: int) -> DocumentPage:
    """Return a document's page in five queries; raise SourceDocument.DoesNotExist."""
    document = (
        SourceDocument.objects.select_related("ente")
        .annotate(text_kept=Exists(SourceText.objects.filter(document=OuterRef("pk"))))
        .get(pk=document_id)
    )
    item_counts = dict(
        PlanItem.objects.filter(source_document=document)
        .values_list("plan_id")
        .annotate(items=Count("pk"))
        .values_list("plan_id", "items")
    )
    plans = Plan.objects.filter(pk__in=item_counts).select_related("ente").order_by("kind", "code")
    return DocumentPage(
        document=document,
        text_kept=document.text_kept,  # type: ignore[attr-defined]
        plans=[FedPlan(plan, item_counts[plan.pk]) for plan in plans],
        indicators=Indicator.objects.filter(source_document=document).count(),
        diagnostics=sorted(document.diagnostics.all(), key=lambda d: (d.line, d.position)),
        imports=list(AuditEntry.objects.filter(document=document)),
    )


@dataclass(frozen=True)
class SourceLine:
    number: int  # as the diagnostics and every "riga N" count it
    text: str
    diagnostics: list[ImportDiagnostic]


@dataclass(frozen=True)
class SourceTextPage:
    document: SourceDocument  # with its ente
    lines: list[SourceLine] | None  # None: imported before Cruscotto kept the texts
    diagnostics: int


def get_source_text(document_id: int) -> SourceTextPage:
    """Return the numbered lines of a document with the diagnostics of each: two queries.

    Raise SourceDocument.DoesNotExist.
    """
    document = SourceDocument.objects.select_related("ente", "source_text").get(pk=document_id)
    diagnostics = list(document.diagnostics.all())
    try:
        text = document.source_text.text
    except SourceText.DoesNotExist:
        return SourceTextPage(document, None, len(diagnostics))
    by_line: dict[int, list[ImportDiagnostic]] = {}
    for diagnostic in diagnostics:
        by_line.setdefault(diagnostic.line, []).append(diagnostic)
    numbered = number_lines(text)
    if numbered and not numbered[-1][1]:
        numbered.pop()  # the text ends with a newline: no line after it (the document's line count)
    return SourceTextPage(
        document,
        [SourceLine(number, line, by_line.get(number, [])) for number, line in numbered],
        len(diagnostics),
    )
