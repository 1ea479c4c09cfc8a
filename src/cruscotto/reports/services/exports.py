"""Which documents Cruscotto publishes, and in which formats: shared by the CLI and the web."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cruscotto.reports.render.html import render_html
from cruscotto.reports.render.pdf import render_pdf
from cruscotto.reports.render.text import render_text
from cruscotto.reports.render.xlsx import render_xlsx
from cruscotto.reports.services.controllo_strategico import (
    StrategicControlReport,
    build_strategic_control_report,
)


@dataclass(frozen=True)
class ReportFormat:
    name: str
    content_type: str
    render: Callable[[StrategicControlReport], str | bytes]


STRATEGIC_CONTROL_FORMATS = {
    fmt.name: fmt
    for fmt in [
        ReportFormat("html", "text/html; charset=utf-8", render_html),
        ReportFormat("pdf", "application/pdf", render_pdf),
        ReportFormat(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render_xlsx,
        ),
        # The layout of the published document converted to text, which `cruscotto import` reads.
        ReportFormat("txt", "text/plain; charset=utf-8", render_text),
    ]
}


def export_strategic_control(ente_code: str, year: int, format_name: str) -> bytes:
    """Return the relazione sul controllo strategico of `year` in `format_name`, as bytes."""
    report = build_strategic_control_report(ente_code, year)
    rendered = STRATEGIC_CONTROL_FORMATS[format_name].render(report)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered
