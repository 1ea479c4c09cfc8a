"""Text helpers: numbering a document's lines, folding names spelled in different ways."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def fold_text(text: str) -> str:
    """Return `text` upper-cased, without accents or punctuation, single-spaced.

    "Servizi Sociali, Sociosanitari e Abitativi" and "SERVIZI SOCIALI SOCIOSANITARI E
    ABITATIVI" fold to the same string. Used to compare names spelled in different ways,
    never stored. Cached: parsers compare the same department and group names thousands
    of times.
    """
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).upper()).split())


def strip_accents(text: str) -> str:
    """Return `text` without its accents ("attività" → "attivita"), case and punctuation kept.

    The one accent fold: names compared (fold_text) and search stems (search.services)
    must agree on what "città" and "citta" are.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def short_digest(text: str, length: int = 10) -> str:
    """Return a short stable hexadecimal digest of `text` (for natural keys of long texts)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def number_lines(text: str) -> list[tuple[int, str]]:
    """Return (1-based line number, line) pairs, numbered by "\\n" only as grep numbers them.

    str.splitlines() would also split on form feeds and other separators the
    PDF conversion leaves behind, and shift every line number after them.
    """
    return [(number, raw.rstrip("\r")) for number, raw in enumerate(text.split("\n"), start=1)]


_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")


def ascii_int(text: str) -> int | None:
    """The whole number `text` writes in the digits 0-9, or None.

    `str.isdigit` says yes to "²" and "٣", which `int` then refuses or reads as another
    number: a year or an id typed in a URL, a file or a command is checked with this.
    """
    text = text.strip()
    return int(text) if _ASCII_NUMBER.fullmatch(text) else None
