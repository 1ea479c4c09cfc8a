"""Chapter 4: the needs for the new plan per axis with their sub-indications, and the new themes.

Each axis is a two-column table: the numbered need, and its lettered
sub-indications (HTML lists, or plain "a) … b) …" in one cell). Rows break
across pages: a row whose first cell is empty or unnumbered continues the
previous need, and a line with no tab continues the last sub-indication.
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .evidence import AXIS_HEADING
from .records import AxisRecord, NeedRecord, SubNeedRecord, ThemeRecord
from .text import Section, clean_inline, html_blocks

_NEED = re.compile(r"^(\d{1,2})\.\s+(.+)$")
_LETTER = re.compile(r"(?:^|(?<=\s))([a-z])\)\s")
_DASH = re.compile(r"^[–-]\s+(.+)$")
_THEME = re.compile(r"^<b>(\d{1,2})\.\s+(.+?)</b>\s*(.*)$")
_AXIS_NUMBER = re.compile(r"ASSE\s+(\d)", re.IGNORECASE)


def parse_needs(
    sections: list[Section], diagnostics: list[Diagnostic]
) -> tuple[list[AxisRecord], list[NeedRecord]]:
    """Return the axes of chapter 4 and their needs."""
    axes: list[AxisRecord] = []
    needs: list[NeedRecord] = []
    in_chapter = False
    for section in sections:
        if re.match(r"^\d\.\s", section.heading):
            in_chapter = section.heading.startswith("4.")
            continue
        axis = AXIS_HEADING.match(section.heading)
        if in_chapter and axis:
            number = int(axis.group(1))
            axes.append(AxisRecord(section.line, number, axis.group(2).strip()))
            needs += read_need_rows(number, section.lines, diagnostics)
        elif not axis:
            in_chapter = False  # "NUOVI TEMI …" closes the needs of the last axis
    return axes, needs


def read_need_rows(
    axis: int, lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[NeedRecord]:
    needs: list[NeedRecord] = []
    for line, raw in lines:
        if not raw.strip():
            continue
        first, _, rest = raw.partition("\t")
        first_text = clean_inline(first)
        need = _NEED.match(first_text)
        if need:
            needs.append(NeedRecord(line, axis, int(need.group(1)), need.group(2).strip()))
        elif not needs:
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "need_row_unreadable",
                    f"Asse {axis}: riga prima di ogni esigenza numerata",
                )
            )
            continue
        elif first_text:
            target = needs[-1]
            if "\t" in raw or not target.sub_needs:
                target.text = join_across_page(target.text, first_text)
            else:
                # a line with no tab after the sub-indications: the last one goes on
                append_to_last_sub(target, first_text)
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "need_row_split_across_pages",
                    f"Asse {axis}, esigenza {target.number}: la riga prosegue dopo un'interruzione di pagina",
                )
            )
        if rest.strip():
            continues = not first_text and bool(needs[-1].sub_needs)
            add_sub_needs(needs[-1], line, rest, diagnostics, report_continuation=continues)
    check_numbering(axis, needs, diagnostics)
    return needs


def add_sub_needs(
    need: NeedRecord,
    line: int,
    cell: str,
    diagnostics: list[Diagnostic],
    report_continuation: bool = False,
) -> None:
    """Add the lettered sub-indications of a cell; text before the first letter continues the last one."""
    for block in html_blocks(cell):
        dash = _DASH.match(block)
        if dash and need.sub_needs:
            need.sub_needs[-1].details.append(dash.group(1).strip())
            continue
        pieces = _LETTER.split(block)
        leading, letters = pieces[0].strip(), pieces[1:]
        if leading:
            if need.sub_needs:
                append_to_last_sub(need, leading)
                if report_continuation:
                    diagnostics.append(
                        Diagnostic(
                            line,
                            Severity.INFO,
                            "need_row_split_across_pages",
                            f"Asse {need.axis}, esigenza {need.number}: la riga prosegue dopo un'interruzione di pagina",
                        )
                    )
            else:
                need.text = f"{need.text} {leading}"
        for letter, text in zip(letters[::2], letters[1::2], strict=True):
            expected = chr(ord("a") + len(need.sub_needs))
            if letter != expected:
                diagnostics.append(
                    Diagnostic(
                        line,
                        Severity.WARNING,
                        "sub_need_letter_out_of_order",
                        f"Esigenza {need.axis}.{need.number}: «{letter})» dove ci si aspetta «{expected})»",
                    )
                )
            need.sub_needs.append(SubNeedRecord(line, letter, text.strip().rstrip(";").strip()))


def append_to_last_sub(need: NeedRecord, text: str) -> None:
    last = need.sub_needs[-1]
    last.text = join_across_page(last.text, text).strip()


def join_across_page(text: str, continuation: str) -> str:
    """Return a cell's text joined with what it goes on with after a page break.

    The conversion closes a parenthesis left open at the foot of the page:
    "(Regione Piemonte, DPGR)" + "13 luglio 2023, n. 4/R)" (003:137-139). When
    the joined text closes more parentheses than it opens, the one before the
    break is dropped.
    """
    joined = f"{text} {continuation}"
    if text.endswith(")") and joined.count(")") > joined.count("("):
        return f"{text[:-1]} {continuation}"
    return joined


def check_numbering(axis: int, needs: list[NeedRecord], diagnostics: list[Diagnostic]) -> None:
    for expected, need in enumerate(needs, start=1):
        if need.number != expected:
            diagnostics.append(
                Diagnostic(
                    need.line,
                    Severity.WARNING,
                    "need_number_out_of_order",
                    f"Asse {axis}: esigenza {need.number} dove ci si aspetta la {expected}",
                )
            )


def parse_themes(sections: list[Section], diagnostics: list[Diagnostic]) -> list[ThemeRecord]:
    """Return the new themes: title, indications, and the axes they could belong to."""
    section = next((s for s in sections if s.heading.startswith("NUOVI TEMI")), None)
    if section is None:
        return []
    themes: list[ThemeRecord] = []
    for line, raw in section.lines:
        cells = raw.split("\t")
        theme = _THEME.match(cells[0].strip())
        if theme:
            axes_cell = clean_inline(cells[2]) if len(cells) > 2 else ""
            themes.append(
                ThemeRecord(
                    line=line,
                    number=int(theme.group(1)),
                    title=clean_inline(theme.group(2)),
                    note=clean_inline(theme.group(3)),
                    indications=indications_of(cells[1] if len(cells) > 1 else ""),
                    axes_as_printed=axes_cell,
                    axes=[int(n) for n in _AXIS_NUMBER.findall(axes_cell)],
                    cross_cutting=axes_cell.lower() == "trasversale",
                )
            )
        elif themes and len(cells) > 1 and not cells[0].strip() and clean_inline(cells[1]):
            themes[-1].indications[-1] += " " + clean_inline(cells[1])
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "theme_row_split_across_pages",
                    f"Tema {themes[-1].number}: la riga prosegue dopo un'interruzione di pagina",
                )
            )
    for record in themes:
        if not record.axes_as_printed:
            diagnostics.append(
                Diagnostic(
                    record.line,
                    Severity.WARNING,
                    "theme_without_axes",
                    f"Tema {record.number}: assi possibili non indicati",
                )
            )
    return themes


def indications_of(cell: str) -> list[str]:
    """Return a cell's indications: its lettered items, or the cell as one indication."""
    blocks = html_blocks(cell)
    items: list[str] = []
    for block in blocks:
        pieces = _LETTER.split(block)
        if pieces[0].strip():
            items.append(pieces[0].strip())
        items += [text.strip() for text in pieces[2::2]]
    return items or [""]
