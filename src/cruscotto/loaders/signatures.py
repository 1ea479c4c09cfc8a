"""What each format's detector looks for, said part by part.

The parsers' `looks_like_*` functions answer yes or no; a format forced with
`--format` on a text they answer no for is refused, and the refusal says which
part of the signature the text lacks. Each part here is one condition of the
detector, with its own words; a test checks, on every seed, that the parts
together answer as the detector does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cruscotto.domain.text import fold_text
from cruscotto.importers.council import _SNIFF_LENGTH as COUNCIL_HEAD
from cruscotto.importers.performance_plan import _SNIFF_LENGTH as PERFORMANCE_HEAD
from cruscotto.importers.performance_plan import _TITLE as PERFORMANCE_TITLE
from cruscotto.importers.psm_monitoring import _SNIFF_LENGTH as PSM_MONITORING_HEAD
from cruscotto.importers.psm_preliminary import _SNIFF_LENGTH as PSM_PRELIMINARY_HEAD
from cruscotto.importers.rendiconto import _SNIFF_LENGTH as RENDICONTO_HEAD
from cruscotto.importers.spreadsheet_plan import looks_like_spreadsheet_plan


@dataclass(frozen=True)
class SignaturePart:
    """One thing a format's detector looks for in a text."""

    description: str  # what is looked for, and where: "«Votanti:» all'inizio di una riga"
    found: Callable[[str], bool]


def in_head(length: int) -> str:
    return f"nelle prime {length:,} battute".replace(",", ".")


def missing_parts(signature: tuple[SignaturePart, ...], text: str) -> list[str]:
    """Return the descriptions of the parts of `signature` that `text` lacks."""
    return [part.description for part in signature if not part.found(text)]


RENDICONTO = (
    SignaturePart(
        f"«CONTROLLO STRATEGICO» {in_head(RENDICONTO_HEAD)}",
        lambda text: "CONTROLLO STRATEGICO" in text[:RENDICONTO_HEAD].upper(),
    ),
    SignaturePart(
        "l'intestazione «Rif linee CC» della tabella delle attività",
        lambda text: "Rif linee CC" in text,
    ),
)

PSM_MONITORING = (
    SignaturePart(
        f"il titolo «Monitoraggio del Piano strategico metropolitano» {in_head(PSM_MONITORING_HEAD)}",
        lambda text: (
            "monitoraggio del piano strategico metropolitano" in text[:PSM_MONITORING_HEAD].lower()
        ),
    ),
    SignaturePart(
        "una riga che comincia con il codice di un'azione («Azione 1.1.1»)",
        lambda text: bool(re.search(r"^\s*Azione \d\.\d\.\d", text, re.MULTILINE)),
    ),
)

PERFORMANCE_PLAN = (
    SignaturePart(
        f"il titolo «Piano della Performance AAAA» {in_head(PERFORMANCE_HEAD)}",
        lambda text: bool(PERFORMANCE_TITLE.search(text[:PERFORMANCE_HEAD])),
    ),
    SignaturePart(
        f"«Dirigente» {in_head(PERFORMANCE_HEAD)}",
        lambda text: "Dirigente" in text[:PERFORMANCE_HEAD],
    ),
    SignaturePart(
        f"«Obiettivo di Ente» {in_head(PERFORMANCE_HEAD)}",
        lambda text: "Obiettivo di Ente" in text[:PERFORMANCE_HEAD],
    ),
)

COUNCIL = (
    SignaturePart(
        f"una riga che comincia con «DELIBERAZIONE CONSIGLIO» {in_head(COUNCIL_HEAD)}",
        lambda text: bool(
            re.search(r"^DELIBERAZIONE CONSIGLIO", text[:COUNCIL_HEAD], re.MULTILINE)
        ),
    ),
    SignaturePart(
        "una riga che comincia con «Votanti:» (l'esito di una votazione)",
        lambda text: bool(re.search(r"^Votanti:", text, re.MULTILINE)),
    ),
)

PSM_PRELIMINARY = (
    SignaturePart(
        f"«Piano strategico metropolitano» {in_head(PSM_PRELIMINARY_HEAD)}",
        lambda text: "PIANO STRATEGICO METROPOLITANO" in fold_text(text[:PSM_PRELIMINARY_HEAD]),
    ),
    SignaturePart(
        f"«Restituzione della fase preliminare» {in_head(PSM_PRELIMINARY_HEAD)}",
        lambda text: (
            "RESTITUZIONE DELLA FASE PRELIMINARE" in fold_text(text[:PSM_PRELIMINARY_HEAD])
        ),
    ),
)

SPREADSHEET_PLAN = (
    SignaturePart(
        "un foglio di calcolo (XLSX, o file CSV uno per foglio) del modello di piano "
        "(vedi `cruscotto template`)",
        looks_like_spreadsheet_plan,
    ),
)
