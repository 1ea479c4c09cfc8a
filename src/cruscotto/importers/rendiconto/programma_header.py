"""The header of a programma block: its organisational units and its stakeholders."""

from __future__ import annotations

import re

from .text import normalise_space

# Units are separated by " - ", " – ", " -- " or ";". A comma separates two units only
# when the next words open a new unit ("DIVISIONE INFRASTRUTTURE, DIVISIONE VERDE E
# PARCHI"); otherwise it is inside a name ("DIPARTIMENTO TRANSIZIONE ECOLOGICA, FONDI
# EUROPEI E PNRR").
_UNIT_SEPARATOR = re.compile(r"\s+[-–]+\s+|\s*;\s*")
_UNIT_KEYWORDS = r"(?:DIPARTIMENTO|DIVISIONE|DIREZIONE|SERVIZIO|SERVIZI|SEGRETERIA|SEGRETARIA|AREA|UFFICIO|CORPO|GABINETTO)"
_COMMA_BEFORE_UNIT = re.compile(rf",\s+(?={_UNIT_KEYWORDS}\b)", re.IGNORECASE)

_STAKEHOLDER_DASH = re.compile(r"\s+[-–]+\s+")


def split_org_units(text: str) -> list[str]:
    """Return the units named in an "UNITÀ ORGANIZZATIVE COINVOLTE:" line, as printed."""
    units: list[str] = []
    for part in _UNIT_SEPARATOR.split(normalise_space(text)):
        units.extend(piece.strip(" ,.") for piece in _COMMA_BEFORE_UNIT.split(part))
    return [unit for unit in units if unit]


def split_stakeholders(text: str) -> list[str]:
    """Return the stakeholders named in a "STAKEHOLDERS:" line, as printed.

    Separators vary: ";" when present is the list separator and commas stay inside a
    stakeholder ("UTENTI DELLA STRADA, CON PARTICOLARE RIFERIMENTO …"); otherwise
    commas separate. Dashes (" – ", " - ") always separate.
    """
    text = normalise_space(text)
    separator = r"\s*;\s*" if ";" in text else r"\s*,\s*"
    stakeholders: list[str] = []
    for part in re.split(separator, text):
        stakeholders.extend(piece.strip(" ,.") for piece in _STAKEHOLDER_DASH.split(part))
    return [stakeholder for stakeholder in stakeholders if stakeholder]
