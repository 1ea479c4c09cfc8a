"""The closed vocabularies parsers read (statuses, impacts, SDGs, PNRR missions, drivers …).

Each is one reference file of `cruscotto/plans/reference/` (the same file the database's
taxonomy is loaded from), so a spelling added there is read by every parser at once and
no parser keeps its own list. A term is recognised by its name or one of its aliases,
compared folded (no case, accents or punctuation). Pure: reads JSON, never the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cruscotto.domain.reference import read_reference_file
from cruscotto.domain.text import fold_text


@dataclass(frozen=True)
class VocabularyTerm:
    code: str
    name: str
    parent: str | None
    spellings: tuple[str, ...]  # name and aliases, as the file writes them


@dataclass(frozen=True)
class PhraseReading:
    """What `Vocabulary.find_all` read in a cell: the terms, in printed order, and the rest."""

    codes: tuple[str, ...]
    unrecognised: str  # the words no term spells, as printed ("" when everything was read)


class Vocabulary:
    """The terms of one reference file, looked up by any of their spellings."""

    def __init__(self, code: str, terms: list[VocabularyTerm]):
        self.code = code
        self.terms = terms
        self._by_spelling: dict[str, str] = {}
        for term in terms:
            for spelling in term.spellings:
                self._by_spelling.setdefault(fold_text(spelling), term.code)
        self._mention_patterns = {
            term.code: [
                re.compile(rf"(?<!\w){spelling_pattern(spelling)}(?!\w)")
                for spelling in term.spellings
            ]
            for term in terms
        }
        # Longest first, so that "Pari opportunità" is read before a shorter spelling
        # inside it; a spelling is a whole run of words, never part of a word.
        spellings = sorted(self._by_spelling, key=len, reverse=True)
        self._phrases = re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spellings)
            + r")(?!\w)"
        )

    def lookup(self, text: str) -> str | None:
        """Return the code of the term `text` spells, or None when no term does."""
        return self._by_spelling.get(fold_text(text))

    def term(self, code: str) -> VocabularyTerm:
        return next(term for term in self.terms if term.code == code)

    def codes(self, *, top_level: bool = False) -> list[str]:
        """Return the codes in the file's order (only terms without a parent if `top_level`)."""
        return [t.code for t in self.terms if not (top_level and t.parent is not None)]

    def mentions(self, text: str) -> list[str]:
        """Return the codes of the terms running text mentions, in the file's order."""
        return [
            term.code
            for term in self.terms
            if any(pattern.search(text) for pattern in self._mention_patterns[term.code])
        ]

    def find_all(self, text: str) -> PhraseReading:
        """Return the terms a cell that may hold several of them names, and what is left.

        "Sociale Ambientale" reads as two terms; "Sociale Culturale" as one, with
        "Culturale" left unrecognised (kept as printed, for the parser to report).
        """
        folded = fold_text(text)
        codes: list[str] = []
        rest: list[str] = []
        position = 0
        for match in self._phrases.finditer(folded):
            rest.append(folded[position : match.start()])
            position = match.end()
            code = self._by_spelling[" ".join(match.group(1).split())]
            if code not in codes:
                codes.append(code)
        rest.append(folded[position:])
        leftover = " ".join(" ".join(rest).split())
        return PhraseReading(tuple(codes), _as_printed(text, leftover) if leftover else "")


def spelling_pattern(spelling: str) -> str:
    """Return a regular expression for `spelling` in running text.

    Any run of spaces between its words matches; an acronym (a spelling in capitals,
    "LIFE", "PNC") matches only in capitals, since in small letters it is an ordinary
    word, while other spellings match in any case.
    """
    words = r"\s+".join(re.escape(word) for word in spelling.split())
    return words if spelling.isupper() else f"(?i:{words})"


def _as_printed(text: str, folded_leftover: str) -> str:
    """Return the words of `text` whose folded form is in `folded_leftover`, as printed."""
    wanted = set(folded_leftover.split())
    words = [
        word for word in text.split() if fold_text(word) and set(fold_text(word).split()) <= wanted
    ]
    return " ".join(words) or folded_leftover


@cache
def vocabulary(code: str) -> Vocabulary:
    """Return the vocabulary of the reference file `<code>.json` (read once per process)."""
    data = read_reference_file(code)
    return Vocabulary(
        code,
        [
            VocabularyTerm(
                code=term["code"],
                name=term["name"],
                parent=term.get("parent"),
                spellings=(term["name"], *term.get("aliases", [])),
            )
            for term in data["terms"]
        ],
    )
