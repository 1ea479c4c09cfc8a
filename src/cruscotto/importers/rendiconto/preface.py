"""The part of the report before the first Missione: ente, title, years and the 7 Città,
and the whole of it (cover and premessa) as the document's paragraphs, to print again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ente_names import find_printed_ente
from ..records import CittaRecord, Diagnostic, Severity
from .text import normalise_space

_REFERENCE_YEAR = re.compile(r"\bESERCIZIO\s+(?P<year>\d{4})\b", re.IGNORECASE)
_MANDATE = re.compile(
    r"\b(?:periodo|mandato)\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\b", re.IGNORECASE
)
_CITTA = re.compile(
    r"^(?P<number>[1-7])\.\s+(?P<name>LA CITT[AÀ].*?)\s+[-–]\s+(?P<description>.+)$"
)
CITTA_COUNT = 7


@dataclass
class Preface:
    ente: str = ""
    ente_line: int | None = None
    title: str = ""
    reference_year: int | None = None
    mandate_start: int | None = None
    mandate_end: int | None = None
    citta: list[CittaRecord] = field(default_factory=list)
    # Cover and premessa: runs of consecutive non-blank lines, each joined by "\n".
    paragraphs: list[str] = field(default_factory=list)


def parse_preface(lines: list[tuple[int, str]], diagnostics: list[Diagnostic]) -> Preface:
    """Return what the report says about itself before its first Missione."""
    # The cover prints the ente on a line of its own ("CITTA' DI TORINO", "COMUNE DI …").
    ente = find_printed_ente(lines)
    preface = Preface(
        ente=ente.name if ente else "",
        ente_line=ente.line if ente else None,
        title=_read_title(lines),
    )
    text = "\n".join(line for _, line in lines)
    year = _REFERENCE_YEAR.search(text)
    preface.reference_year = int(year.group("year")) if year else None
    mandate = _MANDATE.search(text)
    if mandate:
        preface.mandate_start = int(mandate.group("start"))
        preface.mandate_end = int(mandate.group("end"))
    preface.citta = _read_citta(lines)
    preface.paragraphs = _read_paragraphs(lines)
    _report_missing(preface, lines[0][0] if lines else 1, diagnostics)
    return preface


def _read_paragraphs(lines: list[tuple[int, str]]) -> list[str]:
    """Return the text as paragraphs: a blank line ends one (the title spans two lines)."""
    paragraphs: list[list[str]] = [[]]
    for _, line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\n".join(paragraph) for paragraph in paragraphs if paragraph]


def _read_title(lines: list[tuple[int, str]]) -> str:
    """Return the bold title block ("**RELAZIONE … CITTÀ DI TORINO**"), lines joined by "–"."""
    parts: list[str] = []
    for _, line in lines:
        stripped = line.strip()
        if not parts and not stripped.startswith("**"):
            continue
        if not stripped:
            break
        parts.append(stripped.strip("*").strip())
        # "**TITLE**" on one line, or the line that closes a "**…" opened above.
        if stripped.endswith("**") and (len(parts) > 1 or len(stripped) > 4):
            break
    return " – ".join(part for part in parts if part)


def _read_citta(lines: list[tuple[int, str]]) -> list[CittaRecord]:
    citta: dict[int, CittaRecord] = {}
    for _, line in lines:
        match = _CITTA.match(normalise_space(line))
        if match and int(match.group("number")) not in citta:
            number = int(match.group("number"))
            citta[number] = CittaRecord(
                number=number,
                name=_sentence_case(match.group("name")),
                description=match.group("description").strip(),
            )
    return [citta[number] for number in sorted(citta)]


def _sentence_case(name: str) -> str:
    """ "LA CITTÀ DELLA PROSSIMITÀ" → "La Città della prossimità", as the tables write it."""
    lowered = name.lower()
    lowered = re.sub(r"\bcittà\b", "Città", lowered)
    return lowered[:1].upper() + lowered[1:]


def _report_missing(preface: Preface, line: int, diagnostics: list[Diagnostic]) -> None:
    missing = [
        label
        for label, value in (
            ("l'ente", preface.ente),
            ("l'esercizio di riferimento", preface.reference_year),
            ("il periodo di mandato", preface.mandate_start),
        )
        if not value
    ]
    if len(preface.citta) != CITTA_COUNT:
        missing.append(f"l'elenco delle 7 Città (lette: {len(preface.citta)})")
    for label in missing:
        diagnostics.append(
            Diagnostic(
                line, Severity.WARNING, "incomplete_preface", f"premessa: non trovato {label}"
            )
        )
