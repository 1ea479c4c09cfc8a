"""Every PDF Cruscotto publishes is its HTML document printed by headless Chromium.

Table headers repeat on every page and no row is cut in half (the print CSS of
the template); an activity row taller than a whole page is continued on the next
with "(segue)", as the published report does (continue_rows.js). Chromium rather than WeasyPrint: on the Turin report (about
170 pages of dense tables) WeasyPrint took over 100 s on a 2-core machine,
Chromium about 15 s.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]
TIMEOUT_SECONDS = 300
# Run before printing: continues the rows taller than a page (see the script).
CONTINUE_ROWS_SCRIPT = (Path(__file__).with_name("continue_rows.js")).read_text(encoding="utf-8")


class PdfUnavailable(Exception):
    """No browser to print with, or printing failed."""


# Chromium's headless shell first: the same engine without the browser around it. It printed
# the Turin relazione (297 pages, the same text) with 4.8 core-seconds of the machine where
# the whole browser took 8.7, and starts in a third of the time.
CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    """The Chromium that prints the PDFs (and that the browser tests drive)."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise PdfUnavailable(
        "per il PDF serve Chromium (su Debian: apt-get install chromium-headless-shell, "
        "o chromium); gli stessi contenuti sono disponibili in HTML e XLSX"
    )


def prepare_for_print(html: str) -> str:
    """Return `html` with the script that lays out its rows for the printed page."""
    script = f"<script>{CONTINUE_ROWS_SCRIPT}</script>"
    closing = html.rfind("</body>")
    if closing < 0:
        return html + script
    return html[:closing] + script + html[closing:]


# Printed PDFs kept by the digest of their HTML: the same data prints the same document,
# and Chromium takes seconds (7-18 s for the Turin relazione) where a cached file takes
# none. Data that changes makes other HTML, so a stale PDF is never served.
CACHE_KEPT = 50


def pdf_cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "cache" / "pdf"


def print_html_to_pdf(html: str) -> bytes:
    """Return `html` printed to PDF by headless Chromium (or the copy printed before from
    the same HTML), rows taller than a page continued."""
    html = prepare_for_print(html)
    cached = pdf_cache_dir() / f"{hashlib.sha256(html.encode('utf-8')).hexdigest()}.pdf"
    if cached.exists():
        return cached.read_bytes()
    pdf = _print(html)
    _keep(cached, pdf)
    return pdf


def _keep(cached: Path, pdf: bytes) -> None:
    """Store the PDF (atomically: a reader never sees half a file) and prune the oldest."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pdf)
        partial.replace(cached)
        kept = sorted(cached.parent.glob("*.pdf"), key=lambda path: path.stat().st_mtime)
        for old in kept[:-CACHE_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next request the printing


def _print(html: str) -> bytes:
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="cruscotto-pdf-") as workdir:
        source, target = Path(workdir) / "report.html", Path(workdir) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={workdir}/profile",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(f"Chromium non ha prodotto il PDF: {error}") from None
        if not target.exists():
            raise PdfUnavailable("Chromium non ha prodotto il PDF")
        return target.read_bytes()
