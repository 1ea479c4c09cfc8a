"""What a kind of published document is: its builder, its formats, its editions.

Apart from the registry (`exports.REPORT_KINDS`) so that each kind's own module
can define its `ReportKind` with these and the registry can import every kind
without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cruscotto.core.models import Ente
from cruscotto.plans.models import Plan
from cruscotto.reports.render.pdf import print_html_to_pdf

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFormat:
    name: str
    content_type: str
    render: Callable[[Any], str | bytes]


@dataclass(frozen=True)
class Edition:
    """One document the database can produce: a kind, for an Ente and a year."""

    ente_code: str
    ente_name: str
    year: int


@dataclass(frozen=True)
class ReportKind:
    name: str  # as typed on the command line and in the URL
    title: str  # as the Ente titles the document
    build: Callable[[str, int], Any]  # (ente code, year) -> the document; raises ReportUnavailable
    formats: dict[str, ReportFormat]
    # The editions of every ente, or given a queryset of enti (a page of them, one ente) of
    # those only, read in the database.
    editions: Callable[..., list[Edition]]

    def filename(self, edition: Edition, format_name: str) -> str:
        return f"{self.name}-{edition.ente_code}-{edition.year}.{format_name}"


def document_formats(
    render_html: Callable[[Any], str],
    render_xlsx: Callable[[Any], bytes],
    *extra: ReportFormat,
) -> dict[str, ReportFormat]:
    """Return the HTML, PDF (that HTML printed) and XLSX formats of a document, plus `extra`."""
    formats = [
        ReportFormat("html", "text/html; charset=utf-8", render_html),
        ReportFormat(
            "pdf", "application/pdf", lambda document: print_html_to_pdf(render_html(document))
        ),
        ReportFormat("xlsx", XLSX_CONTENT_TYPE, render_xlsx),
        *extra,
    ]
    return {fmt.name: fmt for fmt in formats}


def of_enti(rows: QuerySet[Any], enti: QuerySet[Ente] | None) -> QuerySet[Any]:
    """The rows of `enti` when given, else every row."""
    return rows if enti is None else rows.filter(ente__in=enti.values("pk"))


def plan_year_editions(kind: str) -> Callable[..., list[Edition]]:
    """Return a lister of one edition per year of the period of every plan of `kind` (of
    the enti given)."""

    def editions(enti: QuerySet[Ente] | None = None) -> list[Edition]:
        plans = (
            of_enti(Plan.objects.filter(kind=kind), enti)
            .select_related("ente")
            .order_by("ente__name", "code")
        )
        return [
            Edition(plan.ente.code, plan.ente.name, year)
            for plan in plans
            if plan.period_start and plan.period_end
            for year in range(plan.period_end, plan.period_start - 1, -1)
        ]

    return editions
