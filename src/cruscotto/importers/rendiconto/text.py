"""Small text helpers shared by the modules of the rendiconto parser."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Return `text` upper-cased, without accents or punctuation, single-spaced.

    Used only to compare names spelled in different ways ("La Città dell'innovazione"
    and "LA CITTÀ DELL'INNOVAZIONE"); never stored. Cached: the same department and
    Città names are compared thousands of times.
    """
    if not text.isascii():
        # Decompose "à" into "a" + accent, then drop what is not ASCII (accents, "–", "€").
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.sub(" ", text.upper()).split())


def normalise_space(text: str) -> str:
    """Return `text` with runs of whitespace (tabs, non-breaking spaces) made one space."""
    return " ".join(text.split())


def split_cells(raw_line: str) -> list[str]:
    """Return the tab-separated cells of a table line, each stripped."""
    return [cell.strip() for cell in raw_line.split("\t")]
