"""The piano della performance as a standalone HTML document (also the source of the PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

if TYPE_CHECKING:  # the kind's module imports this renderer
    from cruscotto.reports.services.performance import PerformanceDocument


def render_performance_html(document: PerformanceDocument) -> str:
    return render_to_string("reports/performance.html", {"document": document})
