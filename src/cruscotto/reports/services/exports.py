"""Which documents Cruscotto publishes, and in which formats: shared by the CLI and the web.

Each kind of document has one builder, which reads the database into a plain
document object, and several renderings of that object (HTML, PDF printed from
the same HTML, XLSX, and for the strategic control report the text layout
`cruscotto import` reads back). A kind also says which editions the database
can produce, so that the web can list them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from cruscotto.core.models import Ente, SourceDocument
from cruscotto.domain import report_kinds
from cruscotto.plans.models import Plan
from cruscotto.reports.render.html import render_html
from cruscotto.reports.render.text import render_text
from cruscotto.reports.render.xlsx import render_xlsx
from cruscotto.reports.services.controllo_strategico import (
    build_strategic_control_report,
    rendiconto_editions,
)
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.kinds import (
    XLSX_CONTENT_TYPE,
    Edition,
    ReportFormat,
    ReportKind,
    document_formats,
    plan_year_editions,
)
from cruscotto.reports.services.performance import PERFORMANCE
from cruscotto.reports.services.psm_monitoraggio import PSM_MONITORING

# The framework's types live in `kinds` (each kind's module imports them from there);
# they are re-exported for the CLI and the web, which read the registry from here.
__all__ = [
    "REPORT_KINDS",
    "XLSX_CONTENT_TYPE",
    "Edition",
    "ReportFormat",
    "ReportKind",
    "document_formats",
    "enti_with_editions",
    "export_strategic_control",
    "find_kind",
    "plan_year_editions",
    "render_report",
]


STRATEGIC_CONTROL = ReportKind(
    name=report_kinds.STRATEGIC_CONTROL,
    title="Relazione sul controllo strategico",
    build=build_strategic_control_report,
    formats=document_formats(
        render_html,
        render_xlsx,
        # The layout of the published document converted to text, which `cruscotto import` reads.
        ReportFormat("txt", "text/plain; charset=utf-8", render_text),
    ),
    editions=rendiconto_editions,
)


def declared_registry(kinds: list[ReportKind]) -> dict[str, ReportKind]:
    """The kinds by name, in the order of `report_kinds.FORMATS_OF_KIND`, which the command line
    offers without importing this module: a kind or a format missing from either is an error."""
    formats_of_kind = {kind.name: tuple(kind.formats) for kind in kinds}
    if formats_of_kind != report_kinds.FORMATS_OF_KIND:
        raise RuntimeError(
            f"cruscotto.domain.report_kinds.FORMATS_OF_KIND {report_kinds.FORMATS_OF_KIND} "
            f"does not name the kinds and formats defined here, {formats_of_kind}"
        )
    named = {kind.name: kind for kind in kinds}
    return {name: named[name] for name in report_kinds.FORMATS_OF_KIND}


REPORT_KINDS = declared_registry([STRATEGIC_CONTROL, PERFORMANCE, PSM_MONITORING])
STRATEGIC_CONTROL_FORMATS = STRATEGIC_CONTROL.formats


def enti_with_editions() -> QuerySet[Ente]:
    """The enti that may have a published document (a plan or an imported document), by
    name: the web lists their editions a page of enti at a time."""
    return Ente.objects.filter(
        Exists(Plan.objects.filter(ente=OuterRef("pk")))
        | Exists(SourceDocument.objects.filter(ente=OuterRef("pk")))
    ).order_by("name", "code")


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
