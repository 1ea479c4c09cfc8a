"""Line handling shared by the council-act parsers."""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])")


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
