"""Which documents Cruscotto publishes, and in which formats: shared by the CLI and the web.

Each kind of document has one builder, which reads the database into a plain
document object, and several renderings of that object (HTML, PDF printed from
the same HTML, XLSX, and for the strategic control report the text layout
`cruscotto import` reads back). A kind also says which editions the database
can produce, so that the web can list them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cruscotto.plans.models import Plan
from cruscotto.reports.render.html import render_html
from cruscotto.reports.render.pdf import print_html_to_pdf
from cruscotto.reports.render.text import render_text
from cruscotto.reports.render.xlsx import render_xlsx
from cruscotto.reports.services.controllo_strategico import build_strategic_control_report
from cruscotto.reports.services.errors import ReportUnavailable

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
    editions: Callable[[], list[Edition]]

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


def plan_year_editions(kind: str) -> Callable[[], list[Edition]]:
    """Return a lister of one edition per year of the period of every plan of `kind`."""

    def editions() -> list[Edition]:
        plans = Plan.objects.filter(kind=kind).select_related("ente").order_by("ente__name", "code")
        return [
            Edition(plan.ente.code, plan.ente.name, year)
            for plan in plans
            if plan.period_start and plan.period_end
            for year in range(plan.period_end, plan.period_start - 1, -1)
        ]

    return editions


STRATEGIC_CONTROL = ReportKind(
    name="controllo-strategico",
    title="Relazione sul controllo strategico",
    build=build_strategic_control_report,
    formats=document_formats(
        render_html,
        render_xlsx,
        # The layout of the published document converted to text, which `cruscotto import` reads.
        ReportFormat("txt", "text/plain; charset=utf-8", render_text),
    ),
    editions=plan_year_editions(Plan.Kind.DUP),
)

REPORT_KINDS: dict[str, ReportKind] = {kind.name: kind for kind in [STRATEGIC_CONTROL]}
STRATEGIC_CONTROL_FORMATS = STRATEGIC_CONTROL.formats


def find_kind(kind_name: str, format_name: str) -> ReportKind:
    """Return the kind `kind_name` after checking it has `format_name`; raises ReportUnavailable."""
    kind = REPORT_KINDS.get(kind_name)
    if kind is None:
        raise ReportUnavailable(f"documento sconosciuto: «{kind_name}»")
    if format_name not in kind.formats:
        raise ReportUnavailable(
            f"il documento {kind_name} non esiste in formato «{format_name}» "
            f"(formati: {', '.join(kind.formats)})"
        )
    return kind


def render_report(kind_name: str, ente_code: str, year: int, format_name: str) -> bytes:
    """Return the document `kind_name` of `ente_code` for `year` in `format_name`, as bytes.

    Raises ReportUnavailable when the database cannot produce it and
    PdfUnavailable when there is no browser to print the PDF with.
    """
    kind = find_kind(kind_name, format_name)
    rendered = kind.formats[format_name].render(kind.build(ente_code, year))
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def export_strategic_control(ente_code: str, year: int, format_name: str) -> bytes:
    """Return the relazione sul controllo strategico of `year` in `format_name`, as bytes."""
    return render_report(STRATEGIC_CONTROL.name, ente_code, year, format_name)
