"""The name of each kind of source document, as `SourceDocument.format` stores it.

Loaders register documents under these names; services and reports select documents by
them. One place, so that a report never imports a loader to learn a name.
"""

from __future__ import annotations

RENDICONTO = "rendiconto"
PERFORMANCE_PLAN = "performance"
PERFORMANCE_ACTUALS = "performance-actuals"
SPREADSHEET_PLAN = "foglio"
PSM_PRELIMINARY = "psm-preliminare"
PSM_MONITORING = "psm-monitoraggio"
COUNCIL = "consiglio"
CAMPAIGN = "campagna"

# What `cruscotto import --format` and the API's import accept, in the order a document is
# tried: the loaders give each its parser and loader (cruscotto.loaders.formats.FORMATS),
# and the command line offers these names without importing them (nor Django).
IMPORTABLE = (
    RENDICONTO,
    PSM_MONITORING,
    PERFORMANCE_PLAN,
    COUNCIL,
    PSM_PRELIMINARY,
    SPREADSHEET_PLAN,
)
