"""The kinds of published document, by name, and the formats each is produced in.

The reports give each kind its builder and renderings (cruscotto.reports.services.exports
.REPORT_KINDS, checked against this list as it is built); the command line offers these
names in its --help without importing the reports, nor Django.
"""

from __future__ import annotations

STRATEGIC_CONTROL = "controllo-strategico"
PERFORMANCE = "performance"
PSM_MONITORING = "psm-monitoraggio"

# Every kind is read as HTML, as that HTML printed to PDF and as XLSX.
PRINTED_FORMATS = ("html", "pdf", "xlsx")
FORMATS_OF_KIND = {
    # Plus the layout of the published document as text, which `cruscotto import` reads.
    STRATEGIC_CONTROL: (*PRINTED_FORMATS, "txt"),
    PERFORMANCE: PRINTED_FORMATS,
    PSM_MONITORING: PRINTED_FORMATS,
}
ALL_FORMATS = sorted({name for names in FORMATS_OF_KIND.values() for name in names})
