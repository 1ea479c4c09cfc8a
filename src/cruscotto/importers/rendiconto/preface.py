"""The part of the report before the first Missione: ente, title, years and the mandate's
thematic groups, and the whole of it (cover and premessa) as the document's paragraphs,
to print again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..ente_names import find_printed_ente
from ..records import MandateGroupRecord
from .text import normalise_space

_REFERENCE_YEAR = re.compile(r"\bESERCIZIO\s+(?P<year>\d{4})\b", re.IGNORECASE)
_MANDATE = re.compile(
    r"\b(?:periodo|mandato)\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\b", re.IGNORECASE
)
# "3. LA CITTÀ DELL'INNOVAZIONE E DELLO SVILUPPO - ricerca, tecnologia, …": the premessa
# lists the mandate's groups numbered, each name in capitals, then a dash and what it holds.
_GROUP = re.compile(
    r"^(?P<number>\d{1,2})\.\s+(?P<name>[^a-z]+?)(?:\s+[-–]\s+(?P<description>.+))?$"
)


@dataclass
class Preface:
    ente: str = ""
    ente_line: int | None = None
    title: str = ""
    reference_year: int | None = None
    mandate_start: int | None = None
    mandate_end: int | None = None
    groups: list[MandateGroupRecord] = field(default_factory=list)
    groups_intro: str = ""  # the sentence before the list: 'le cosiddette "7 Città", …'
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
    preface.groups, preface.groups_intro = _read_groups(lines)
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


def _read_groups(lines: list[tuple[int, str]]) -> tuple[list[MandateGroupRecord], str]:
    """Return the first numbered list of capitalised names (1., 2., … in order), and the
    line that introduces it.

    How many groups a mandate has and what they are called is the document's to say:
    a list that does not start at 1 or skips a number is not the groups' list.
    """
    groups: list[MandateGroupRecord] = []
    intro = previous = ""
    for number, text in lines:
        if not text.strip():
            continue
        match = _GROUP.match(normalise_space(text))
        if match and not any(character.isalpha() for character in match.group("name")):
            match = None
        if match and len(groups) < 2 and match.group("number") == "1":
            groups, intro = [], previous  # a list (re)starts here
        if match and int(match.group("number")) == len(groups) + 1:
            groups.append(
                MandateGroupRecord(
                    number=len(groups) + 1,
                    name=match.group("name").strip(),
                    description=(match.group("description") or "").strip(),
                    line=number,
                )
            )
        elif len(groups) >= 2:
            break
        else:
            groups = []
        previous = text.strip()
    return (groups, intro) if len(groups) >= 2 else ([], "")


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
    if not preface.groups:
        missing.append("l'elenco numerato delle aree tematiche del mandato")
    for label in missing:
        diagnostics.append(
            Diagnostic(
                line, Severity.WARNING, "incomplete_preface", f"premessa: non trovato {label}"
            )
        )
