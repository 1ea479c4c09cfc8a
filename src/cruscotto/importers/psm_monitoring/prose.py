"""The report's own text before its plan pages: the introduction and the method of area 1.

The converted text puts blank lines between the wrapped lines of one paragraph, so
a paragraph ends where a sentence ends (., :, ;), where a numbered item starts
("2. il grado di attuazione …"), or where a heading ends: a text frame that does
not end a sentence, followed by a line that starts with a capital.
"""

from __future__ import annotations

import re

from .text import Line, join_lines

NUMBERED_ITEM = re.compile(r"^\d\.\s")
SENTENCE_END = (".", ":", ";", "?", "!")


def read_prose(pairs: list[tuple[Line, str]]) -> list[str]:
    """Return the paragraphs of `pairs` (lines with their raw form), in reading order."""
    paragraphs: list[list[Line]] = []
    opens_frame = False  # the paragraph being read started a text frame
    for line, raw in pairs:
        if not line.text:
            continue
        current = paragraphs[-1] if paragraphs else None
        new_frame = raw.startswith(" ")
        if (
            current is None
            or current[-1].text.endswith(SENTENCE_END)
            or new_frame
            or NUMBERED_ITEM.match(line.text)
            or (opens_frame and line.text[:1].isupper())
        ):
            paragraphs.append([line])
            opens_frame = new_frame
            continue
        current.append(line)
    return [join_lines([line.text for line in lines]) for lines in paragraphs]
