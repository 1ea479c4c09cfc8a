"""Small text helpers shared by the modules of the rendiconto parser."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^\w]+")


def normalise_space(text: str) -> str:
    """Return `text` with runs of whitespace (tabs, non-breaking spaces) made one space."""
    return " ".join(text.split())


def split_cells(raw_line: str) -> list[str]:
    """Return the tab-separated cells of a table line, each stripped."""
    return [cell.strip() for cell in raw_line.split("\t")]
