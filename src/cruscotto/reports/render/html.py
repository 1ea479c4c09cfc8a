"""The report as a standalone HTML document (also the source of the PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string

from cruscotto.reports.services.controllo_strategico import StrategicControlReport


def render_html(report: StrategicControlReport) -> str:
    return render_to_string("reports/controllo_strategico.html", {"report": report})
