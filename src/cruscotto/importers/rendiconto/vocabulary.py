"""The closed vocabularies of the activity table: statuses, impacts, letters, references.

Statuses and impacts are those of the reference files `stato.json` and `impatto.json`
(read through `cruscotto.importers.vocabularies`), never a list of this module.
"""

from __future__ import annotations

import re

from cruscotto.domain.text import fold_text

from ..records import Impact, Status
from ..vocabularies import vocabulary

LETTER_PATTERN = re.compile(r"^([a-z])\1?$")
_REFERENCE_PART = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?$")
# A programma lists a handful of mandate lines (7 at most in the seed): a range wider
# than this is a misprint or a figure, not references, and expanding it would be
# as long as the number is large.
_MAX_REFERENCE_RANGE = 100


def read_status(text: str) -> Status | None:
    """Return the status written in `text`, or None when empty or not one of `stato.json`."""
    code = vocabulary("stato").lookup(text)
    return Status(code) if code else None


def read_impacts(text: str) -> tuple[list[Impact], list[str]]:
    """Return the impacts named in `text` (in printed order) and the words that are no
    impact of `impatto.json`, folded ("TRANSIZIONE", "ECOLOGICA")."""
    reading = vocabulary("impatto").find_all(text)
    return [Impact(code) for code in reading.codes], fold_text(reading.unrecognised).split()


def looks_like_impacts(text: str) -> bool:
    """Return whether `text` is empty or made only of impact words."""
    impacts, unknown = read_impacts(text)
    return not unknown


def read_mandate_references(text: str) -> list[str] | None:
    """Return the local mandate-line numbers in a "Rif linee CC" cell.

    "1" → ["1"]; "1-2" and "1,2", "1, 2" → ["1", "2"]; "-" or "" → []; a hyphen
    between two numbers is a range ("1-3" → ["1", "2", "3"]). None when unreadable.
    """
    text = text.strip()
    if text in ("", "-", "–"):
        return []
    references: list[str] = []
    for part in re.split(r"\s*[,;]\s*", text):
        match = _REFERENCE_PART.match(part)
        if not match:
            return None
        first_digits, last_digits = match.group(1), match.group(2) or match.group(1)
        if max(len(first_digits), len(last_digits)) > 6:
            return None
        first, last = int(first_digits), int(last_digits)
        if last < first or last - first > _MAX_REFERENCE_RANGE:
            return None
        references.extend(str(number) for number in range(first, last + 1))
    return list(dict.fromkeys(references))


def looks_like_references(text: str) -> bool:
    return read_mandate_references(text) is not None


def next_letter(letter: str) -> str:
    """Return the DUP SeO letter that follows `letter` (z → aa, aa → bb, "" → a)."""
    if not letter:
        return "a"
    if letter == "z":
        return "aa"
    char = chr(ord(letter[0]) + 1)
    return char * len(letter)


def read_letter(text: str, previous_letter: str) -> tuple[str, str]:
    """Return the DUP SeO letter written in `text` and what was wrong with it.

    The second value is "" (read as printed), "corrected" or "unreadable" (then the
    letter is ""). A capital "I" is the typo for "l" that the document makes (k, I,
    m): it becomes whichever of "i" and "l" follows the previous letter, else "l".
    """
    raw = text.strip()
    if not raw:
        return "", ""
    if LETTER_PATTERN.match(raw):
        return raw, ""
    if raw in ("I", "II"):
        expected = next_letter(previous_letter)
        if expected in ("i", "l", "ii", "ll"):
            return expected, "corrected"
        return "l" * len(raw), "corrected"
    if LETTER_PATTERN.match(raw.lower()):
        return raw.lower(), "corrected"
    return "", "unreadable"
