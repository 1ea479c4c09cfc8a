"""Headings and cells of the preliminary-phase report (Markdown and HTML left by the conversion)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^#+\s+(.+?)\s*$")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br)\b[^>]*>", re.IGNORECASE)


@dataclass
class Section:
    line: int
    heading: str  # markup removed
    lines: list[tuple[int, str]] = field(default_factory=list)


def split_sections(lines: list[tuple[int, str]]) -> list[Section]:
    """Return the text under each Markdown heading, whatever its level.

    The conversion gave headings of one rank different levels ("####" for one
    axis, "##" for the next), so the level is ignored and headings are told
    apart by their words.
    """
    sections = [Section(0, "")]
    for line, text in lines:
        heading = _HEADING.match(text)
        if heading:
            sections.append(Section(line, clean_inline(heading.group(1))))
        else:
            sections[-1].lines.append((line, text))
    return sections


def clean_inline(text: str) -> str:
    """Return `text` without HTML tags, Markdown emphasis and repeated spaces.

    A comma the conversion set apart from its word after a closing tag
    ("<b>dimensione Metromontana</b> , per", 003:182) is put back against it.
    """
    without_tags = _TAG.sub("", text)
    without_emphasis = re.sub(r"\*{1,2}([^*]+?)\*{1,2}", r"\1", without_tags).replace("**", "")
    spaced = " ".join(without_emphasis.replace("\\_", "_").split())
    return re.sub(r" ([,;])(?= )", r"\1", spaced)


def html_blocks(cell: str) -> list[str]:
    """Return the paragraphs and list items of an HTML cell, as plain text."""
    with_breaks = _BLOCK_TAG.sub("\n", cell)
    return [clean_inline(block) for block in with_breaks.split("\n") if clean_inline(block)]
