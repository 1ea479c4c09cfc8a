"""Line handling shared by the council-act parsers."""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])")


def number_lines(text: str) -> list[tuple[int, str]]:
    """Return (1-based line number, line) pairs, numbered by "\\n" only as grep numbers them.

    str.splitlines() would also split on form feeds and other separators the
    PDF conversion leaves behind, and shift every line number after them.
    """
    return [(number, raw.rstrip("\r")) for number, raw in enumerate(text.split("\n"), start=1)]


def strip_markup(text: str) -> str:
    """Return `text` without Markdown bold and italic markers, single-spaced."""
    without_bold = _BOLD.sub("", text)
    return " ".join(_ITALIC.sub(r"\1", without_bold).split())


def next_non_blank(lines: list[tuple[int, str]], index: int) -> int | None:
    """Return the index of the first non-blank line after `index`, or None."""
    for position in range(index + 1, len(lines)):
        if lines[position][1].strip():
            return position
    return None
