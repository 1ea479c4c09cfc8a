"""The mandate lines annexed to the act (Allegato A): sections, axes and their actions.

Shape of the annex: a title, narrative sections under plain-line headings
("La visione"), the list of the six axes inside "La strategia", then one block
per axis (its paragraphs, "Le azioni per realizzare questo asse sono:" and a
bullet per action whose bold words are the action's title), and last the
upper-case cross-cutting section on services.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..duplicates import keep_first
from .records import MandateActionRecord, MandateAxisRecord, MandateRecord, MandateSectionRecord
from .text import strip_markup

_ANNEX = re.compile(r"^Allegato A\s*$")
_TITLE = re.compile(r"^LINEE PROGRAMMATICHE .*?(\d{4})\s*-\s*(\d{4})\s*$")
_PRESENTED = re.compile(r"^Presentate dal (.+)$")
# The axes are read by their layout, never by their words: listed in "La strategia"
# as a numbered run "1. <title> (<theme>);", then described one block each, opening
# with "<number>. <title> …".
_AXIS_LISTED = re.compile(r"^(\d)\.\s+([^(]+?)\s*\((.+)\)[;.]?$")
_NUMBERED = re.compile(r"^(\d)\.\s+\S")
_TITLE_WORDS_COMPARED = 3
_ACTIONS_INTRO = re.compile(r"^Le azioni per realizzare questo asse sono:")
_ACTION = re.compile(r"^[-•]\s+\*\*")
_SEPARATOR = re.compile(r"^-+\s*§+\s*-+$")
_HEADING_MAX_LENGTH = 100
_SENTENCE_END = (".", ";", ":", "!", "?", "»", "”", '"', ")")
_FOOTNOTE = re.compile(r"^(\d{1,2}) (\S.*)$")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def is_heading(text: str) -> bool:
    """Whether a line is a section heading: short, capitalised, without closing punctuation."""
    stripped = text.strip()
    return (
        0 < len(stripped) <= _HEADING_MAX_LENGTH
        and stripped[0].isupper()
        and stripped[-1] not in ".;:,"
        and not stripped.startswith(("-", "*", "#"))
        and not stripped[0].isdigit()
    )


def is_cross_cutting_heading(text: str) -> bool:
    stripped = text.strip()
    return is_heading(stripped) and stripped.upper() == stripped and len(stripped.split()) > 3


def parse_mandate(
    lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> MandateRecord | None:
    """Return the mandate lines of the annex, or None when the act has no Allegato A."""
    start = next((i for i, (_, text) in enumerate(lines) if _ANNEX.match(text)), None)
    if start is None:
        return None
    annex = lines[start:]
    title_index = next((i for i, (_, text) in enumerate(annex) if _TITLE.match(text)), None)
    presented_index = next((i for i, (_, t) in enumerate(annex) if _PRESENTED.match(t)), None)
    title_match = _TITLE.match(annex[title_index][1]) if title_index is not None else None
    if title_match is None:
        diagnostics.append(
            Diagnostic(
                annex[0][0],
                Severity.WARNING,
                "mandate_period_not_found",
                "Titolo e periodo delle linee programmatiche non trovati",
            )
        )
    presented = _PRESENTED.match(annex[presented_index][1]) if presented_index is not None else None
    body_start = (presented_index or title_index or 0) + 1
    mandate = MandateRecord(
        line=annex[title_index or 0][0],
        title=annex[title_index][1].strip() if title_index is not None else "",
        period_start=int(title_match.group(1)) if title_match else None,
        period_end=int(title_match.group(2)) if title_match else None,
        presented_by=presented.group(1).strip() if presented else "",
    )
    body = annex[body_start:]
    axes_listed, listed_end = read_listed_axes(body)
    first_block = next(
        (i for i in range(listed_end, len(body)) if axis_block_number(body, i, axes_listed)),
        len(body),
    )
    mandate.sections = read_sections(body[:first_block], False, diagnostics)
    axes, rest = read_axis_blocks(body[first_block:], axes_listed, diagnostics)
    mandate.axes = keep_first(
        axes, lambda axis: axis.number, lambda axis: axis.line,
        lambda axis: f"L'asse {axis.number}", "duplicate_axis", diagnostics,
    )  # fmt: skip
    mandate.sections += read_sections(rest, True, diagnostics)
    return mandate


def continues_paragraph(previous: str, text: str) -> bool:
    """Whether `text` goes on with the paragraph `previous` after a page break.

    The conversion ends a page's paragraph without its full stop and starts the
    next page with a new one: "… una lieve ma costante diminuzione," / "dove la
    popolazione …" (002:179-181). A paragraph that does not end a sentence,
    followed by one that begins in lower case, is one paragraph.
    """
    return bool(previous) and not previous.endswith(_SENTENCE_END) and text[:1].islower()


def report_paragraph_split(line: int, where: str, diagnostics: list[Diagnostic]) -> None:
    diagnostics.append(
        Diagnostic(
            line,
            Severity.INFO,
            "paragraph_split_across_pages",
            f"{where}: il paragrafo prosegue dopo un'interruzione di pagina; ricomposto",
        )
    )


def read_sections(
    lines: list[tuple[int, str]], cross_cutting: bool, diagnostics: list[Diagnostic]
) -> list[MandateSectionRecord]:
    """Return the sections under the headings found in `lines`.

    For the cross-cutting part only upper-case headings count: its paragraphs
    are long and a short capitalised line there is a footnote, not a heading.
    """
    sections: list[MandateSectionRecord] = []
    paragraphs: list[str] = []
    in_footnote = False
    for line, text in lines:
        if _SEPARATOR.match(text.strip()):
            continue
        heading = is_cross_cutting_heading(text) if cross_cutting else is_heading(text)
        if heading:
            close_section(sections, paragraphs)
            sections.append(MandateSectionRecord(line, strip_markup(text), "", cross_cutting))
            paragraphs = []
            in_footnote = False
        elif text.strip() and sections:
            paragraph = strip_markup(text)
            footnote = read_footnote(paragraph, paragraphs)
            if footnote is not None:
                paragraphs.append(footnote)
                in_footnote = True
                report_footnote(line, sections[-1].title, diagnostics)
            elif in_footnote:
                # The footnote's own lines (002:468, its URL) go on with it.
                paragraphs[-1] = f"{paragraphs[-1]} {paragraph}"
            elif paragraphs and continues_paragraph(paragraphs[-1], paragraph):
                paragraphs[-1] = f"{paragraphs[-1]} {paragraph}"
                report_paragraph_split(line, f"Sezione «{sections[-1].title}»", diagnostics)
            else:
                paragraphs.append(paragraph)
    close_section(sections, paragraphs)
    return sections


def read_footnote(paragraph: str, paragraphs: list[str]) -> str | None:
    """Return the footnote `paragraph` is, with its superscript number, or None.

    The conversion prints a page's footnote as a paragraph that starts with its
    plain number ("1 La valutazione partecipativa …", 002:467), while the text
    that cites it keeps the superscript ("valutazione partecipativa”¹"). Only a
    number the section's text has already cited makes a footnote, so a numbered
    paragraph stays a paragraph.
    """
    match = _FOOTNOTE.match(paragraph)
    if match is None:
        return None
    marker = match.group(1).translate(_SUPERSCRIPT_DIGITS)
    if not any(marker in earlier for earlier in paragraphs):
        return None
    return f"{marker} {match.group(2)}"


def report_footnote(line: int, section_title: str, diagnostics: list[Diagnostic]) -> None:
    diagnostics.append(
        Diagnostic(
            line,
            Severity.INFO,
            "footnote_of_section",
            f"Sezione «{section_title}»: nota a piè di pagina, tenuta in fondo alla sezione "
            "con il suo numero in apice come nel testo che la richiama",
        )
    )


def close_section(sections: list[MandateSectionRecord], paragraphs: list[str]) -> None:
    if sections and not sections[-1].text:
        sections[-1].text = "\n\n".join(paragraphs)


def read_listed_axes(
    lines: list[tuple[int, str]],
) -> tuple[dict[int, tuple[int, str, str]], int]:
    """Return the axes as listed in "La strategia", number → (line, title, theme), and the
    index of the line after the list (0 when there is none).

    The list is the first run of numbered items with their theme in parentheses that
    counts from 1 (blank lines between items allowed): "1. Torino metropoli più verde
    (rivoluzione verde)"; a numbered line elsewhere, or out of sequence, is prose.
    """
    listed: dict[int, tuple[int, str, str]] = {}
    end = 0
    for index, (line, text) in enumerate(lines):
        stripped = text.strip()
        axis = _AXIS_LISTED.match(stripped)
        if axis and int(axis.group(1)) == len(listed) + 1:
            listed[int(axis.group(1))] = (line, axis.group(2).strip(), axis.group(3).strip())
            end = index + 1
        elif listed and stripped:
            break
    return listed, end


def leading_words(text: str) -> list[str]:
    return fold_text(text).split()[:_TITLE_WORDS_COMPARED]


def axis_block_number(
    lines: list[tuple[int, str]], index: int, listed: dict[int, tuple[int, str, str]]
) -> int | None:
    """The number of the axis whose block opens at `lines[index]`, else None.

    The block of a listed axis opens with its number and the first words of its title
    (the block may drop a comma: "più mobile accessibile"). Any other numbered line
    opens a block when its paragraphs lead to "Le azioni per realizzare questo asse
    sono:" before the next numbered line (an axis the list leaves out).
    """
    numbered = _NUMBERED.match(lines[index][1].strip())
    if numbered is None:
        return None
    number = int(numbered.group(1))
    text = lines[index][1].strip().split(" ", 1)[1]
    if number in listed:
        title_words = leading_words(listed[number][1])
        return number if leading_words(text)[: len(title_words)] == title_words else None
    for _, following in lines[index + 1 :]:
        if _ACTIONS_INTRO.match(following.strip()):
            return number
        if _NUMBERED.match(following.strip()):
            return None
    return None


def read_axis_blocks(
    lines: list[tuple[int, str]],
    listed: dict[int, tuple[int, str, str]],
    diagnostics: list[Diagnostic],
) -> tuple[list[MandateAxisRecord], list[tuple[int, str]]]:
    """Return the axes read from their blocks, and the lines after the last block."""
    axes: list[MandateAxisRecord] = []
    in_actions = False
    for index, (line, text) in enumerate(lines):
        stripped = text.strip()
        number = axis_block_number(lines, index, listed)
        if number is not None:
            axes.append(start_axis(number, line, stripped, listed, diagnostics))
            in_actions = False
        elif is_cross_cutting_heading(stripped) and axes:
            return axes, lines[index:]
        elif not axes or not stripped or _SEPARATOR.match(stripped):
            continue
        elif _ACTIONS_INTRO.match(stripped):
            in_actions = True
        elif in_actions:
            add_action_line(axes[-1], line, stripped, diagnostics)
        else:
            add_axis_paragraph(axes[-1], line, strip_markup(stripped), diagnostics)
    check_listed_axes(axes, listed, diagnostics)
    return axes, []


def add_axis_paragraph(
    axis: MandateAxisRecord, line: int, paragraph: str, diagnostics: list[Diagnostic]
) -> None:
    cut = axis.description.rfind("\n\n")  # the last paragraph, without copying the others
    last = axis.description[cut + 2 :] if cut >= 0 else axis.description
    if continues_paragraph(last, paragraph):
        axis.description = f"{axis.description} {paragraph}"
        report_paragraph_split(line, f"Asse {axis.number}", diagnostics)
    else:
        axis.description += "\n\n" + paragraph


def start_axis(
    number: int,
    line: int,
    text: str,
    listed: dict[int, tuple[int, str, str]],
    diagnostics: list[Diagnostic],
) -> MandateAxisRecord:
    """Return a new axis; its title and theme are those of the list in "La strategia"."""
    if number in listed:
        _, title, theme = listed[number]
    else:
        title, theme = strip_markup(text.split(" ", 1)[1])[:120], ""
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "axis_not_listed",
                f"L'asse {number} non compare nell'elenco degli assi: titolo ricavato dal testo",
            )
        )
    description = strip_markup(text.split(" ", 1)[1])
    return MandateAxisRecord(line, number, title, theme, description, line)


def add_action_line(
    axis: MandateAxisRecord, line: int, text: str, diagnostics: list[Diagnostic]
) -> None:
    """Add a bullet as a new action, or a page-split continuation to the previous one."""
    if _ACTION.match(text):
        title, description = split_action(text.lstrip("-• ").strip())
        axis.actions.append(MandateActionRecord(line, len(axis.actions) + 1, title, description))
    elif axis.actions:
        action = axis.actions[-1]
        action.description = f"{action.description} {strip_markup(text)}".strip()
        diagnostics.append(
            Diagnostic(
                line,
                Severity.INFO,
                "action_split_across_pages",
                f"Asse {axis.number}, azione {action.number}: il testo prosegue dopo un'interruzione di pagina",
            )
        )


def split_action(bullet: str) -> tuple[str, str]:
    """Split "**Title:** description" into title and description.

    The title runs to the end of the last bold span, because some actions
    interleave bold and plain words ("**Sviluppare**, insieme ai Comuni, **azioni di …**").
    """
    end = bullet.rfind("**")
    title = strip_markup(bullet[: end + 2]).rstrip(":. ").strip()
    description = strip_markup(bullet[end + 2 :]).lstrip(":;,. ").strip()
    return title, description


def check_listed_axes(
    axes: list[MandateAxisRecord],
    listed: dict[int, tuple[int, str, str]],
    diagnostics: list[Diagnostic],
) -> None:
    read = {axis.number for axis in axes}
    for number, (line, title, _) in sorted(listed.items()):
        if number not in read:
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "axis_without_block",
                    f"L'asse {number} «{title}» è elencato ma non descritto",
                )
            )
    for axis in axes:
        if not axis.actions:
            diagnostics.append(
                Diagnostic(
                    axis.line,
                    Severity.WARNING,
                    "axis_without_actions",
                    f"L'asse {axis.number} non elenca azioni",
                )
            )
