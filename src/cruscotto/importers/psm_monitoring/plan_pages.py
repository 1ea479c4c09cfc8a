"""Area 1: the plan pages, strategy by strategy: actions on the left, projects on the right.

The converter printed each page as frames in an order of its own: the
"STRATEGIA 2.1" heading may come before the actions, after the projects, twice,
or not at all, and the upper-case strategy title often closes the page. So the
action code is the key: a page is read as a *block*, a run of action paragraphs
followed by the paragraphs printed beside them, and the block's strategy is
the one its action codes name. Headings and titles never decide anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity

from .projects import ProjectCollector
from .records import ActionRecord, PlanBlockRecord, ProjectRecord
from .text import Line, Paragraph, split_paragraphs

ACTION_HEADING = re.compile(r"^Azione (\d)\.(\d)\.(\d{1,2})\s*$")
STRATEGY_HEADING = re.compile(r"^STRATEGIA (\d)\.(\d)\s*$")
# Strategy descriptions start with an infinitive ("Costruire", "Adottare");
# project paragraphs start with a noun ("Progetto", "Predisposizione", "Avvio").
GLUED_NUMBER = re.compile(r"(?<=[^\d\s])\s+\d{1,2}$")
INFINITIVE = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:are|ere|ire)\b")


@dataclass
class UpperTitle:
    line: int
    title: str
    description: str
    heading_code: str  # the "STRATEGIA x.y" printed in the same frame, if any


@dataclass
class PlanPages:
    actions: list[ActionRecord] = field(default_factory=list)
    blocks: list[PlanBlockRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    upper_titles: list[UpperTitle] = field(default_factory=list)
    # Descriptions printed apart from their title: (line, text, strategy of the next block).
    loose_descriptions: list[tuple[int, str, str]] = field(default_factory=list)
    heading_codes: list[tuple[int, str]] = field(default_factory=list)


def is_upper_line(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and sum(char.isupper() for char in letters) / len(letters) > 0.8


def parse_plan_pages(pairs: list[tuple[Line, str]], diagnostics: list[Diagnostic]) -> PlanPages:
    """Return the actions, blocks and projects of the plan pages."""
    pages = PlanPages()
    collector = ProjectCollector(diagnostics)
    seen_actions: dict[str, ActionRecord] = {}
    block: PlanBlockRecord | None = None
    pending_descriptions: list[tuple[int, str]] = []
    last_kind = ""  # "action" or "project": what a continuation paragraph continues
    for paragraph in split_paragraphs(pairs):
        first = paragraph.first
        if first[:1].islower() and last_kind and not paragraph.is_link_dump:
            # A frame break inside a paragraph: the text goes on where it was.
            if last_kind == "action":
                pages.actions[-1].text += " " + paragraph.text
            else:
                collector.extend_last(paragraph.text)
            continue
        if ACTION_HEADING.match(first):
            action = read_action(paragraph, 0)
            if action.code in seen_actions:
                # Checked before a block is opened for it: a block holds at least one action.
                diagnostics.append(
                    Diagnostic(
                        paragraph.line,
                        Severity.WARNING,
                        "duplicate_action",
                        f"l'azione {action.code} è già stampata a riga "
                        f"{seen_actions[action.code].line}; vale la prima",
                    )
                )
                continue
            # A new block starts after the projects of the previous one, and where
            # the strategy changes: actions of two strategies never share a block.
            if block is None or block.project_count or action.strategy_code != strategy_of(block):
                block = PlanBlockRecord(number=len(pages.blocks) + 1, line=paragraph.line)
                pages.blocks.append(block)
            action.block = block.number
            seen_actions[action.code] = action
            pages.actions.append(action)
            block.action_codes.append(action.code)
            for line, text in pending_descriptions:
                pages.loose_descriptions.append((line, text, action.strategy_code))
            pending_descriptions = []
            last_kind = "action"
            continue
        if STRATEGY_HEADING.match(first):
            code = ".".join(STRATEGY_HEADING.match(first).groups())  # type: ignore[union-attr]
            pages.heading_codes.append((paragraph.line, code))
            if last_kind == "project":
                collector.strip_glued_page_number_of_last()
            last_kind = ""
            if len(paragraph.lines) > 1:
                read_upper_title(Paragraph(paragraph.lines[1:]), code, pages)
            continue
        if paragraph.is_page_number or paragraph.is_link_dump:
            # Page numbers, map labels (zone numbers) and the list of the page's
            # links repeated at its foot: not projects.
            continue
        if is_upper_line(first):
            # The upper-case title opens the next strategy's page: the last project
            # paragraph ended the page, with its page number glued ("… all'Accordo 20").
            if last_kind == "project":
                collector.strip_glued_page_number_of_last()
            last_kind = ""
            read_upper_title(paragraph, "", pages)
            continue
        if last_kind == "project" and collector.last_text_is_unfinished():
            # "… istituti scolastici (Torino Nord, … Moncalieri e Chieri." / "Progettazione
            # di interventi educativi … all'Accordo" (001:1114-1126): the parenthesis is
            # still open, the project goes on in the next paragraph.
            collector.extend_last(paragraph.text)
            continue
        last_kind = ""
        if INFINITIVE.match(first):
            pending_descriptions.append((paragraph.line, paragraph.text))
            continue
        if block is None:
            diagnostics.append(
                Diagnostic(
                    paragraph.line,
                    Severity.WARNING,
                    "project_before_any_action",
                    "paragrafo stampato prima di ogni azione: non so a quale strategia appartenga",
                )
            )
            continue
        block.project_count += 1
        collector.add(paragraph, strategy_of(block), block)
        last_kind = "project"
    for line, text in pending_descriptions:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "orphan_strategy_description",
                f"descrizione senza azioni che la seguano: «{text[:60]}…»",
            )
        )
    pages.projects = collector.finish(pages.blocks, pages.actions)
    return pages


def strategy_of(block: PlanBlockRecord) -> str:
    return block.action_codes[0].rsplit(".", 1)[0]


def read_action(paragraph: Paragraph, block: int) -> ActionRecord:
    match = ACTION_HEADING.match(paragraph.first)
    assert match is not None
    code = ".".join(match.groups())
    text = Paragraph(paragraph.lines[1:]).text if len(paragraph.lines) > 1 else ""
    return ActionRecord(line=paragraph.line, code=code, text=text, block=block)


def read_upper_title(paragraph: Paragraph, heading_code: str, pages: PlanPages) -> None:
    """Keep an upper-case strategy title and the sentence-case description under it."""
    title_lines: list[str] = []
    description_lines: list[str] = []
    for line in paragraph.lines:
        if not description_lines and is_upper_line(line.text):
            title_lines.append(line.text)
        else:
            description_lines.append(line.text)
    pages.upper_titles.append(
        UpperTitle(
            line=paragraph.line,
            title=" ".join(" ".join(title_lines).split()),
            # A page number glued to the description's last line ("… marittimo) 8").
            description=GLUED_NUMBER.sub("", " ".join(" ".join(description_lines).split())),
            heading_code=heading_code,
        )
    )
