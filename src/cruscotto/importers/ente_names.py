"""The ente a document prints, read where it prints it: a title page, a heading, a footer.

Parsers report the ente as printed ("Città metropolitana di Bari") and the
loader resolves it (DocumentLoader.resolve_ente); no parser knows which enti
exist. What is read is a phrase of the shapes every Italian administration
prints its name in: "COMUNE DI <NAME>", "CITTÀ DI <NAME>", "CITTÀ METROPOLITANA
DI <NAME>", "PROVINCIA DI <NAME>", or one of its councils ("CONSIGLIO
METROPOLITANO DI <NAME>"), which stands for the ente whose organ it is.

"As printed" is the printed name in the spelling of a sentence, so that a cover
in capitals and a footer in title case give one name: the kind words as names are
stored ("CITTA' DI" → "Città di", "Città Metropolitana di" → "Città metropolitana
di"), a place printed in capitals with capitals on its words only. Nothing is
completed: a footer cut to "Città Metropolitana di To" is "Città metropolitana di To".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

# The kinds of ente by the words a document prints before "di" (folded), and the
# spelling the name is stored with. A council is an organ of its ente (L. 56/2014,
# art. 1 c. 7; TUEL art. 36): its act is the ente's, so "CONSIGLIO METROPOLITANO
# DI X" is reported as the Città metropolitana di X.
_KINDS: dict[str, str] = {
    "CONSIGLIO METROPOLITANO": "Città metropolitana",
    "CONSIGLIO COMUNALE": "Comune",
    "CONSIGLIO PROVINCIALE": "Provincia",
    "CITTA METROPOLITANA": "Città metropolitana",
    "COMUNE": "Comune",
    "PROVINCIA": "Provincia",
    "CITTA": "Città",
}
_KIND_WORDS = (
    r"CONSIGLIO\s+(?:METROPOLITANO|COMUNALE|PROVINCIALE)"
    r"|CITT[AÀ]'?\s+METROPOLITANA|COMUNE|PROVINCIA|CITT[AÀ]'?"
)
# Words a place name may hold in lower case between its capitalised words
# ("Reggio nell'Emilia", "San Giovanni in Persiceto", "Castelnuovo del Garda").
_PARTICLES = r"(?:di|del|della|dei|degli|de|d'|in|sul|sull'|nel|nell'|al|all')"
_NAME_WORD = r"[A-ZÀ-Ý][\wÀ-ÿ'’-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s*)?{_NAME_WORD})*"
# The kind words in any case, the place with its capitals: "Città metropolitana di
# essere" names nothing, "Città di Torino in collaborazione" names Torino.
_PHRASE = re.compile(rf"\b(?P<kind>(?i:{_KIND_WORDS}))\s+(?i:di)\s+(?P<name>{_NAME})")
# Markup the conversion leaves around a heading or a cell: "**", "#", "<b>", quotes.
_MARKUP = re.compile(r"</?\w+>|[*#_]+")
_LOWER_PARTICLES = {"di", "del", "della", "dei", "degli", "de", "in", "sul", "nel", "al", "e"}


@dataclass(frozen=True)
class PrintedEnte:
    """The ente as the document prints it, and where."""

    name: str  # "Città metropolitana di Torino", "Città Metropolitana di To" (cut)
    line: int


def strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def kind_of(printed_kind: str) -> str:
    """The stored spelling of the kind words a document printed ("CITTA'" → "Città")."""
    return _KINDS[fold_text(printed_kind)]


def spell_place(name: str) -> str:
    """A place name as it is written in a sentence: "REGGIO NELL'EMILIA" → "Reggio nell'Emilia".

    A name printed in mixed case is kept as printed; one printed in capitals, as
    titles and headings print it, gets capitals on its words only.
    """
    if name != name.upper():
        return name
    words = []
    for index, word in enumerate(name.split()):
        head, apostrophe, tail = word.lower().partition("'")
        if index and (
            head in _LOWER_PARTICLES or (apostrophe and head in {"d", "sull", "nell", "all"})
        ):
            words.append(head + apostrophe + tail.capitalize())
        else:
            words.append(head.capitalize() + apostrophe + tail.capitalize())
    return " ".join(words)


def name_from_phrase(match: re.Match[str]) -> str:
    return f"{kind_of(match.group('kind'))} di {spell_place(match.group('name').strip())}"


def read_whole_line_ente(text: str) -> str | None:
    """The ente, if `text` (a line or a cell) is nothing but its name; else None."""
    match = _PHRASE.fullmatch(strip_markup(text).strip(" .,;:"))
    return name_from_phrase(match) if match else None


def read_ente_in_line(text: str) -> str | None:
    """The first ente named in `text`, wherever in it; else None."""
    match = _PHRASE.search(strip_markup(text))
    return name_from_phrase(match) if match else None


def read_council_in_line(text: str) -> str | None:
    """The ente whose council `text` names ("DELIBERAZIONE CONSIGLIO METROPOLITANO DI X"),
    else None: an act's heading, where its prose may name other enti."""
    for match in _PHRASE.finditer(strip_markup(text)):
        if fold_text(match.group("kind")).startswith("CONSIGLIO"):
            return name_from_phrase(match)
    return None


def find_printed_ente(lines: Iterable[tuple[int, str]]) -> PrintedEnte | None:
    """The ente printed on a line of its own (title page, heading, footer), else the first
    one a line names; None when no line names one."""
    numbered = list(lines)
    for line, text in numbered:
        name = read_whole_line_ente(text)
        if name:
            return PrintedEnte(name, line)
    for line, text in numbered:
        name = read_ente_in_line(text)
        if name:
            return PrintedEnte(name, line)
    return None


def longer_name_printed(ente: PrintedEnte, lines: Iterable[tuple[int, str]]) -> PrintedEnte | None:
    """Another ente name the document prints that begins with `ente`'s and goes on: the
    sign that `ente` was cut ("Città Metropolitana di To" in a footer, "Città metropolitana
    di Torino" in a paragraph). None when there is none."""
    folded = fold_text(ente.name)
    for line, text in lines:
        for match in _PHRASE.finditer(strip_markup(text)):
            other = name_from_phrase(match)
            if fold_text(other).startswith(folded) and len(fold_text(other)) > len(folded):
                return PrintedEnte(other, line)
    return None


def report_cut_name(
    ente: PrintedEnte, lines: Iterable[tuple[int, str]], diagnostics: list[Diagnostic]
) -> None:
    """Say so when the printed name looks cut; the name stays as printed."""
    longer = longer_name_printed(ente, lines)
    if longer is not None:
        diagnostics.append(
            Diagnostic(
                ente.line,
                Severity.INFO,  # what the import makes of it is the loader's warning
                "ente_name_cut",
                f"l'ente è stampato «{ente.name}», che sembra tagliato: alla riga {longer.line} "
                f"il documento stampa «{longer.name}»; tenuto come stampato",
            )
        )


def report_ente_not_found(where: str, diagnostics: list[Diagnostic], line: int = 1) -> None:
    diagnostics.append(
        Diagnostic(
            line,
            Severity.WARNING,
            "ente_not_found",
            f"l'ente non è stampato {where}: indicarlo all'importazione con --ente CODICE",
        )
    )
