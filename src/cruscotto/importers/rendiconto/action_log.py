"""Split an "Azioni e attività effettuate" cell into yearly log entries.

The cell is a year-by-year diary: "2022 Uniformazione delle procedure … 2023 Messa a
regime …", "<p>2023 - 2024</p> <p>…</p>", "2022, 2023, 2024, 2025 Verifica …". A
*year marker* (one year, or a range or list of years) opens a new entry; the text
before the first marker is an entry without a year.

Which years are markers — the rules, in the order they are applied:

1. Only years of the mandate window (2020-2027) can be markers; "2014-2020" is a
   programming period named in a sentence.
2. At the start of a paragraph or list item a year is a marker, unless it is directly
   followed by "." or "," or "/" — then it closes a sentence that the previous
   paragraph left open, as in "Decreto ministeriale 10 ottobre</p> <p>2022.
   Partecipazione …": that paragraph continues the previous entry (joined by a space).
3. In a cell written in paragraphs (`<p>`), only rule 2 applies: every year opening an
   entry there starts a paragraph, and the years inside paragraphs are part of the
   sentence ("Quota prevista 2023: €", "Capitale europea dell'Innovazione 2025:",
   "Work Programme 2025 HORIZON").
4. In a plain cell ("2022 Avvio … Dirigenza. 2023 Attività …") a year inside the text is
   a marker only when it reads as a heading: the word before it does not bind it to
   the sentence (not a preposition, article, month, "n.", "anno" …, see
   `_BINDING_WORDS`), and it is followed by " - " or by a word starting with a capital
   letter, a digit or a quote, optionally after ":" — "Festa dell'Europa 2024
   Palinsesto" and "lavoro a distanza 2023 - contrattazione" are markers; "eventi
   Universiadi 2025 con", "approvato nel 2023 Il", "Capitale europea dell'Innovazione
   2025: progettazione" are not. A year followed by another year ("Emergenza freddo
   2022 2023 CIA …") is not a marker: the second is.
5. A year glued to a date or a number ("05/09/2023", "13.09.2022", "166/2022") is never
   a marker.

Clean text: paragraphs and list items become lines ("- item"); HTML is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..records import LogEntryRecord
from .html_text import html_to_blocks

FIRST_MARKER_YEAR = 2020
LAST_MARKER_YEAR = 2027

_YEAR = r"20[0-9]{2}"
_YEARS = rf"{_YEAR}(?:\s*(?:[-–/,]|\be\b)\s*{_YEAR})*"
_YEAR_VALUES = re.compile(_YEAR)
_BLOCK_START = re.compile(rf"^(?:-\s+)?(?P<years>{_YEARS})(?P<after>.*)$", re.DOTALL)
_INLINE = re.compile(rf"(?<![\w/.,\-–])(?P<years>{_YEARS})(?![\w/%.,])")
_HEADING_AFTER = re.compile(r"^(?:\s*:)?\s+(?:-\s|[\"“«'(]?[A-ZÀ-Ý0-9])")
_NEXT_IS_YEAR = re.compile(rf"^\s+{_YEAR}\b")
_PARAGRAPH_TAG = re.compile(r"<p\b", re.IGNORECASE)
_LEADING_PUNCTUATION = re.compile(r"^\s*(?::|-(?=\s))\s*")

# Words that, written just before a year, make it part of the sentence ("nel 2023",
# "entro il 2025", "10 ottobre 2022", "n. 2023 …").
_BINDING_WORDS_TEXT = """
    a ad al all alla alle allo agli anno anni annualita biennio bilancio con da dal dall
    dalla dalle dallo dagli dei del dell della delle dello degli di dopo e ed edizione
    entro esercizio fino fra il in l la le lo n nel nell nella nelle nello negli nr num
    numero per periodo prima stagione su sul sull sulla sulle sullo sugli tra triennio
    mandato gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre
    novembre dicembre gen feb mar apr mag giu lug ago set ott nov dic
"""
_BINDING_WORDS = frozenset(_BINDING_WORDS_TEXT.split())


@dataclass
class _Marker:
    start: int  # where the years begin in the block
    end: int  # where the entry's text begins
    year_from: int
    year_to: int


def parse_action_log(cell: str, line: int, diagnostics: list[Diagnostic]) -> list[LogEntryRecord]:
    """Return the log entries of one "Azioni e attività effettuate" cell.

    The first entry has year None when text comes before the first year marker.
    """
    entries: list[LogEntryRecord] = []
    inline_markers = not _PARAGRAPH_TAG.search(cell)
    for block in html_to_blocks(cell):
        _read_block(block, line, entries, inline_markers)
    for entry in entries:
        if entry.year_from is not None and entry.year_to is not None and not entry.text:
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "empty_log_entry",
                    f"anno {entry.year_from} senza azioni descritte",
                )
            )
    return entries


def _read_block(block: str, line: int, entries: list[LogEntryRecord], inline_markers: bool) -> None:
    start_marker, continues_sentence = _find_block_start_marker(block)
    markers = [start_marker] if start_marker else []
    if inline_markers:
        markers.extend(_find_inline_markers(block, start_marker.end if start_marker else 0))

    # A marker opening the block takes its list bullet with it ("- 2025 verifica …").
    lead = "" if start_marker else block[: markers[0].start] if markers else block
    if lead.strip():
        _append_text(entries, line, lead.strip(), joiner=" " if continues_sentence else "\n")
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start if index + 1 < len(markers) else len(block)
        text = _LEADING_PUNCTUATION.sub("", block[marker.end : stop]).strip()
        entries.append(LogEntryRecord(line, marker.year_from, marker.year_to, text))


def _append_text(entries: list[LogEntryRecord], line: int, text: str, joiner: str) -> None:
    if not entries:
        entries.append(LogEntryRecord(line, None, None, text))
        return
    last = entries[-1]
    last.text = f"{last.text}{joiner}{text}" if last.text else text


def _find_block_start_marker(block: str) -> tuple[_Marker | None, bool]:
    """Return the marker opening `block`, and whether the block continues a sentence."""
    match = _BLOCK_START.match(block)
    if not match:
        return None, False
    years = _read_years(match.group("years"))
    if years is None:
        return None, False
    after = match.group("after")
    if after[:1] == ".":
        # "2022. Partecipazione …": the year closes the previous paragraph's sentence.
        return None, True
    if after and not re.match(r"[\s:\-–]", after):
        return None, False
    return _Marker(match.start("years"), match.end("years"), *years), False


def _find_inline_markers(block: str, search_from: int) -> list[_Marker]:
    markers = []
    for match in _INLINE.finditer(block, search_from):
        years = _read_years(match.group("years"))
        if years is None:
            continue
        before = block[: match.start()].rstrip()
        after = block[match.end() :]
        if _is_inline_heading(before, after):
            markers.append(_Marker(match.start(), match.end(), *years))
    return markers


def _is_inline_heading(before: str, after: str) -> bool:
    if not before or before[-1] == "(" or not _HEADING_AFTER.match(after):
        return False
    if _NEXT_IS_YEAR.match(after):
        return False
    words = fold_text(before).lower().split()
    # "Nov. 2024", "n. 2023": a binding word wins over the full stop that follows it.
    return not words or words[-1] not in _BINDING_WORDS


def _read_years(text: str) -> tuple[int, int] | None:
    years = [int(value) for value in _YEAR_VALUES.findall(text)]
    if not all(FIRST_MARKER_YEAR <= year <= LAST_MARKER_YEAR for year in years):
        return None
    return min(years), max(years)
