"""Reading what a referente typed, by the type of what it updates. Pure: text in, value out.

A status is one of the «stato» vocabulary (its code, name or an alias); the year's
actions are text; an indicator's value is read as the documents' cells are
(`parse_cell`) and must be of the indicator's type: a percentage is a percentage, a
yes/no is yes or no; a performance actual is a number, a percentage or yes/no.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.domain.text import fold_text
from cruscotto.importers.cell_values import parse_cell
from cruscotto.plans.models import Term

NUMERIC_TYPES = {"count", "percent", "euro", "ratio"}
TYPE_NAMES = {
    "count": "un numero",
    "percent": "una percentuale (es. 45%)",
    "euro": "un importo in euro",
    "ratio": "un rapporto (es. 3/4)",
    "yes_no": "sì o no",
    "text": "un testo",
}


@dataclass
class ReadValue:
    value: Decimal | None = None
    value_type: str = ""
    qualifiers: list[str] = field(default_factory=list)
    status: Term | None = None


def read_status(text: str, vocabulary: Sequence[Term]) -> ReadValue:
    wanted = fold_text(text)
    for term in vocabulary:
        spellings = [term.code.replace("_", " "), term.name, *term.aliases]
        if wanted in {fold_text(spelling) for spelling in spellings}:
            return ReadValue(status=term)
    names = ", ".join(term.name for term in vocabulary)
    raise CampaignError(f"stato «{text}» non valido: scegliere tra {names}")


def read_number(text: str, expected_type: str) -> ReadValue:
    """Read an indicator's value or an actual; `expected_type` is the type last year's value
    had ("" when unknown: any value the cell reader reads is accepted)."""
    cell = parse_cell(text)
    value_type = str(cell.value_type)
    qualifiers = [str(qualifier) for qualifier in cell.qualifiers]
    if value_type == "missing":  # "N.D.": stated as not measured, kept as unknown
        return ReadValue(None, value_type, qualifiers)
    if expected_type == "percent" and value_type == "count" and cell.value is not None:
        # A bare number in a percentage's column is that percentage ("45" for 45%).
        value_type = "percent"
    if expected_type in TYPE_NAMES and expected_type != "text" and value_type != expected_type:
        raise CampaignError(f"valore «{text}» non valido: serve {TYPE_NAMES[expected_type]}")
    if expected_type != "text" and value_type != "text" and cell.value is None:
        raise CampaignError(f"valore «{text}» non leggibile come numero")
    return ReadValue(cell.value, value_type, qualifiers)
