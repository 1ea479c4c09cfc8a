"""Every published document fits the printed page at its own size.

The PDF is the HTML printed by Chromium, which shrinks every page of a document
when anything in it is wider than the page: a figure cell that never wraps
(000:1781, "Totale sup. verde = mq 18.200.000 comprese aree …", 6,599 px) turned
the whole relazione into 6 pt text, the zone table's headers shrank the PSM
monitoring. Laid out here at the printed width, nothing may stick out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Page

from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.reports.render.pdf import prepare_for_print
from cruscotto.reports.services.exports import render_report

pytestmark = pytest.mark.django_db

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
# The printable box of A4 landscape with the documents' margins (document_base.html).
PAGE_WIDTH_MM = 273


def import_seed(name: str, format_name: str) -> LoadResult:
    source = SourceFile.read(SAMPLES_DIR / name)
    fmt = FORMATS[format_name]
    return fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())


def test_no_document_is_wider_than_its_printed_page(
    seeded_db: LoadResult, print_page: Callable[[], AbstractContextManager[Page]]
) -> None:
    import_seed("001_c8fc3c27ab7903b2.txt", "psm-monitoraggio")
    import_seed("004_63c10e375ed7a47e.txt", "performance")
    documents = {
        "controllo-strategico": render_report("controllo-strategico", "torino", 2025, "html"),
        "psm-monitoraggio": render_report("psm-monitoraggio", "cmto", 2024, "html"),
        "performance": render_report("performance", "cmto", 2024, "html"),
    }
    overflowing = {}
    with print_page() as page:
        for kind, html in documents.items():
            page.set_content(prepare_for_print(html.decode()))
            widths = page.evaluate(
                """(widthMm) => {
                  document.documentElement.style.width = widthMm + 'mm';
                  const page = document.documentElement.getBoundingClientRect().width;
                  return [page, document.documentElement.scrollWidth];
                }""",
                PAGE_WIDTH_MM,
            )
            if widths[1] > widths[0] + 1:
                overflowing[kind] = widths
    assert overflowing == {}


def test_the_same_html_is_printed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chromium takes seconds per report: the PDF of the same HTML is the cached one, and
    HTML that differs (the data changed) is printed again."""
    from cruscotto.reports.render import pdf

    printed: list[str] = []

    def fake_print(html: str) -> bytes:
        printed.append(html)
        return f"%PDF {len(printed)}".encode()

    monkeypatch.setattr(pdf, "_print", fake_print)
    first = pdf.print_html_to_pdf("<html><body>relazione 2025</body></html>")
    again = pdf.print_html_to_pdf("<html><body>relazione 2025</body></html>")
    other = pdf.print_html_to_pdf("<html><body>relazione 2026</body></html>")
    assert (first, again, other) == (b"%PDF 1", b"%PDF 1", b"%PDF 2")
    assert len(printed) == 2
