"""Lines and paragraphs of the monitoring report, and the three areas it is made of."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity

# A line that opens a new text frame of the PDF starts with a space: the
# converter printed each frame of a page (left column, right column, heading)
# as a run of lines, and a frame break is as good as a blank line.
_FRAME_START = re.compile(r"^ \S")
PAGE_NUMBER = re.compile(r"^\d{1,3}(?:\s+\d{1,3})*$")
URL = re.compile(r"https?://\S+|www\.\S+")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, counted by "\n" only
    text: str  # stripped of surrounding whitespace

    @property
    def is_blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def first(self) -> str:
        return self.lines[0].text

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def is_page_number(self) -> bool:
        return all(PAGE_NUMBER.match(line.text) for line in self.lines)

    @property
    def is_link_dump(self) -> bool:
        return all(URL.fullmatch(line.text) for line in self.lines)


def read_lines(text: str) -> list[Line]:
    """Return every line of `text`, numbered from 1 by newline only."""
    return [
        Line(number, raw.strip().replace("\u00a0", " "))
        for number, raw in enumerate(text.split("\n"), start=1)
    ]


def read_pairs(text: str) -> list[tuple[Line, str]]:
    """Return each line of `text` with its raw form (leading spaces mark a frame start)."""
    return list(zip(read_lines(text), text.split("\n"), strict=True))


def split_paragraphs(lines: list[tuple[Line, str]]) -> list[Paragraph]:
    """Group (line, raw text) pairs into paragraphs at blank lines and frame starts."""
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    for line, raw in lines:
        if line.is_blank or _FRAME_START.match(raw):
            if current:
                paragraphs.append(Paragraph(tuple(current)))
            current = [] if line.is_blank else [line]
            continue
        current.append(line)
    if current:
        paragraphs.append(Paragraph(tuple(current)))
    return paragraphs


_COMPOUND_CUT = re.compile(r"[^\W\d_]-$")  # "socio-" at a line end, before "sanitari"


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one text.

    A URL cut at a hyphen is glued back; so is a compound word cut after its hyphen
    ("socio-" + "sanitari" is "socio-sanitari", "Torino-" + "Nichelino"). A single word
    hyphenated by the layout was already joined by `rejoin_hyphenated_words`.

    Linear in the parts' length: each part is looked at once, with what the text
    joined so far ends in (searching the whole text again at each part made a long
    paragraph, such as a document repeated, quadratic).
    """
    pieces: list[str] = []
    ending = _Ending()
    for part in parts:
        piece = part if ending.is_empty or ending.is_cut_at_hyphen(part) else " " + part
        pieces.append(piece)
        ending.add(piece)
    return " ".join("".join(pieces).split())


# A URL's shortest start ("https://" and one character) is 9 characters long.
_URL_START_LENGTH = 9


class _Ending:
    """What a text being joined ends in: its last characters, and whether its last word is a URL.

    A word is what follows the text's last space, as `str.rsplit(" ", 1)` cuts it.
    """

    def __init__(self) -> None:
        self.tail = ""  # the text's last characters
        self.word_tail = ""  # the last word's last characters
        self.word_has_url = False

    @property
    def is_empty(self) -> bool:
        return not self.tail

    def is_cut_at_hyphen(self, part: str) -> bool:
        if self.tail.endswith("-") and self.word_has_url:
            return True
        return bool(_COMPOUND_CUT.search(self.tail)) and part[:1].isalpha()

    def add(self, piece: str) -> None:
        space = piece.rfind(" ")
        if space >= 0:  # the last word starts in this piece
            word = piece[space + 1 :]
            self.word_has_url = bool(URL.search(word))
        else:  # the piece goes on with the last word: only a URL ending in it is new
            word = self.word_tail + piece
            self.word_has_url = self.word_has_url or bool(URL.search(word))
        self.word_tail = word[-_URL_START_LENGTH:]
        self.tail = (self.tail + piece)[-_URL_START_LENGTH:]


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENATED_AT_LINE_END = re.compile(r"(?<![\w-])([^\W\d_]+)-[ \t]*$")
_LINE_HEAD_WORD = re.compile(r"^([ \t]*)([^\W\d_]+)")


def rejoin_hyphenated_words(text: str) -> str:
    """Return `text` with each word the layout hyphenated at a line end written whole.

    "salvaguardia idrogeolo-" / "gica e al rispetto" (001:2226) becomes
    "salvaguardia idrogeologica" / "e al rispetto": the line count stays the same.
    Only where the joined word is clearly one word: the document writes it whole
    elsewhere, or with another final vowel ("idrogeologici"), and never with the
    hyphen inside a line. Compounds such as "socio-sanitari" keep their hyphen
    (`join_lines`).
    """
    lines = text.split("\n")
    words = {word.lower() for word in _WORD.findall(text)}
    stems = {word[:-1] for word in words if len(word) > 5}
    for index in range(len(lines) - 1):
        head = _HYPHENATED_AT_LINE_END.search(lines[index])
        tail = _LINE_HEAD_WORD.match(lines[index + 1])
        if head is None or tail is None or not tail.group(2)[:1].islower():
            continue
        whole = head.group(1) + tail.group(2)
        hyphenated = f"{head.group(1)}-{tail.group(2)}".lower()
        if whole.lower()[:-1] not in stems or hyphenated in words:
            continue
        before, rest = lines[index][: head.start()], lines[index + 1][tail.end() :].lstrip(" \t")
        if rest:  # the word ends on the upper line
            lines[index], lines[index + 1] = before + whole, tail.group(1) + rest
        elif before.strip():  # the tail is the whole lower line: the word moves down
            lines[index], lines[index + 1] = before.rstrip(), tail.group(1) + whole
        # else both lines are the word's halves: left as printed, no line may empty
    return "\n".join(lines)


@dataclass
class Areas:
    """The three observation areas of the report, as (line, raw text) pairs."""

    introduction: list[tuple[Line, str]]
    plan_pages: list[tuple[Line, str]]  # area 1: the Ente's projects per strategy and action
    survey: list[tuple[Line, str]]  # area 2: the survey of the territory
    context: list[tuple[Line, str]]  # area 3: context indicators


AREA_2_HEADING = re.compile(r"grado di attuazione .* da parte del\s*$", re.IGNORECASE)
_AREA_3 = re.compile(r"^Gli effetti sul contesto", re.IGNORECASE)
_FIRST_PLAN_PAGE = re.compile(r"^(STRATEGIA \d\.\d|Azione \d\.\d\.\d)\b")


def split_areas(text: str, diagnostics: list[Diagnostic]) -> Areas:
    """Cut the report at the headings of its areas; report a heading that is missing."""
    pairs = read_pairs(text)
    plan_start = _find(pairs, _FIRST_PLAN_PAGE, 0)
    survey_start = _find(pairs, AREA_2_HEADING, plan_start or 0, next_line="territorio")
    context_start = _find(pairs, _AREA_3, survey_start or 0)
    for found, name in [
        (plan_start, "le pagine delle strategie (area 1)"),
        (survey_start, "l'indagine sul territorio (area 2)"),
        (context_start, "gli indicatori di contesto (area 3)"),
    ]:
        if found is None:
            diagnostics.append(Diagnostic(1, Severity.ERROR, "area_not_found", f"non trovo {name}"))
    end = len(pairs)
    cut_1 = plan_start if plan_start is not None else end
    cut_2 = survey_start if survey_start is not None else end
    cut_3 = context_start if context_start is not None else end
    return Areas(
        introduction=pairs[:cut_1],
        plan_pages=pairs[cut_1:cut_2],
        survey=pairs[cut_2:cut_3],
        context=pairs[cut_3:],
    )


def _find(
    pairs: list[tuple[Line, str]], pattern: re.Pattern[str], start: int, next_line: str = ""
) -> int | None:
    for index in range(start, len(pairs)):
        line = pairs[index][0]
        if not pattern.search(line.text):
            continue
        if next_line and not any(
            next_line in following.text for following, _ in pairs[index + 1 : index + 3]
        ):
            continue
        return index
    return None
