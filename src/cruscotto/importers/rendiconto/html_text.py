"""Turn the HTML left in the table cells by the PDF conversion into clean text.

Cells hold `<p>` paragraphs, `<ul style=…>` lists whose items are written as
" - item - item" (the `<ul>` is never closed and there are no `<li>`), a few
inline tags (`<i>`, `<u>`, `<small>`) and HTML entities. A cell becomes a list of
*blocks*: one per paragraph, and one per list item, written "- item".
"""

from __future__ import annotations

import html
import re

from .text import normalise_space

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_PARAGRAPH_TAGS = frozenset({"p", "div", "br", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6"})
_LIST_TAGS = frozenset({"ul", "ol"})
_LIST_DASH = re.compile(r"(?:^|\s)-\s+")
_ENDS_WITH_YEAR = re.compile(r"\b\d{4}\s*$")
_STARTS_WITH_YEAR = re.compile(r"\d{4}\b")
_TRAILING_YEARS = re.compile(r"(?<![\w/.])20\d\d(?:\s*[-–/,]\s*20\d\d)*\s*$")


def html_to_blocks(cell: str) -> list[str]:
    """Return the paragraphs and list items of `cell`, as clean single-line strings.

    List items come back as "- item".
    """
    if "<" not in cell:
        return _split_chunk(cell, in_list=False)
    blocks: list[str] = []
    buffer: list[str] = []
    in_list = False

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            blocks.extend(_split_chunk(text, in_list))

    position = 0
    for match in _TAG.finditer(cell):
        buffer.append(cell[position : match.start()])
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name in _PARAGRAPH_TAGS:
            flush()
            in_list = False
        elif name in _LIST_TAGS:
            if not closing:
                # A year printed right before a list ("… privati 2025 <ul>") heads that
                # list: it becomes a block of its own, not the end of the sentence.
                years = _TRAILING_YEARS.search("".join(buffer))
                if years and "".join(buffer)[: years.start()].strip():
                    text = "".join(buffer)
                    buffer[:] = [text[: years.start()]]
                    flush()
                    buffer.append(years.group(0))
            flush()
            in_list = not closing
        elif name == "li":
            flush()
            if not closing:
                buffer.append(" - ")
                in_list = True
        # Inline tags (<i>, <u>, <small>, <span> …) are dropped, their text kept.
    buffer.append(cell[position:])
    flush()
    return blocks


_SMALL = re.compile(r"<\s*small\b[^>]*>(.*?)<\s*/\s*small\s*>", re.IGNORECASE | re.DOTALL)


def markup_as_text(cell: str) -> str:
    """Return a one-line cell (an indicator value) as the reader sees it, without HTML.

    Small print becomes a note in parentheses: "8239/ 8270 <small>compresi cessati in
    corso d'anno</small>" reads "8239/ 8270 (compresi cessati in corso d'anno)".
    A cell without markup is returned unchanged.
    """
    if "<" not in cell:
        return cell
    return clean_inline(_SMALL.sub(lambda match: f" ({match.group(1).strip()})", cell))


def clean_text(cell: str) -> str:
    """Return `cell` without HTML: paragraphs and list items on their own lines."""
    return "\n".join(html_to_blocks(cell))


def clean_inline(cell: str) -> str:
    """Return `cell` without HTML, on one line (for short cells: status, department…)."""
    return " ".join(html_to_blocks(cell))


def _split_chunk(text: str, in_list: bool) -> list[str]:
    text = normalise_space(html.unescape(text) if "&" in text else text)
    if not text:
        return []
    # A paragraph that starts with "- " is a list continued from the previous page.
    if not in_list and not text.startswith("- "):
        return [text]
    return _split_list_items(text)


def _split_list_items(text: str) -> list[str]:
    pieces = _LIST_DASH.split(text)
    lead = pieces[0].strip()
    items: list[str] = []
    for piece in pieces[1:]:
        previous = items[-1] if items else lead
        # "2023 - 2024" is a year range, not the start of a new item.
        if _ENDS_WITH_YEAR.search(previous) and _STARTS_WITH_YEAR.match(piece):
            joined = f"{previous.rstrip()} - {piece}"
            if items:
                items[-1] = joined
            else:
                lead = joined
        else:
            items.append(piece)
    blocks = [lead] if lead else []
    blocks.extend(f"- {item.strip()}" for item in items if item.strip())
    return blocks
