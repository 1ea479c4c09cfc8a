"""Area 1: project paragraphs become projects, one per name, with every strategy they serve.

A project printed under several strategies (Progetto AMICI, the PAINT plan,
Programma InnoSocialMetro …) is one project with one mention per paragraph.
The name is the paragraph's opening clause ("Progetto AMICI", "Predisposizione
PTGM"); spelling variants fold to one key (articles dropped, "Piano territoriale
generale metropolitano (PTGM)" read as "PTGM").
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..vocabularies import vocabulary
from .records import (
    ActionLinkOrigin,
    ActionRecord,
    PlanBlockRecord,
    ProjectMentionRecord,
    ProjectRecord,
)
from .text import URL, Paragraph

NAME_LENGTH = 160
_PROJECT_WORD = re.compile(r"^(Progetto|Programma)\s+(.*)$")
_QUOTED = re.compile(r"^[«“\"]([^»”\"]+)[»”\"]")
_NAME_STOP = re.compile(
    r"\s[-–—]\s|\s[-–—](?=\S)|[(,:;«“]|\.\s"
    r"|\s(?:per|che|con|finalizzat[oai]|volto|dedicato|sostenuto|il cui)\s"
)
_GENERIC_STOP = re.compile(r"\s[-–—]\s|:|\.\s")
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")
_STOPWORDS = {"DEL", "DELLA", "DELLE", "DEI", "DEGLI", "DELL", "DI", "E", "ED", "IL", "LA", "LO"}
_CITED_ACTION = re.compile(r"\bazion[ei]\s+(\d\.\d\.\d{1,2})", re.IGNORECASE)
_GLUED_PAGE_NUMBER = re.compile(r"(?<=[a-zà-ÿ)])\s+\d{1,2}$")
_PNRR_SHORT = re.compile(r"\bM(\d)\s?C(\d)\s?I\s?(\d+(?:\.\d+)?[a-z]?)")
_PNRR_LONG = re.compile(
    r"Missione\s+(\d)\s*[-–]?\s*Componente\s+(\d)\s*[-–]?\s*Investimento\s+(\d+(?:\.\d+)?[a-z]?)",
    re.IGNORECASE,
)


def read_project_name(text: str) -> str:
    """Return the name a project paragraph opens with."""
    match = _PROJECT_WORD.match(text)
    if match:
        rest = match.group(2)
        quoted = _QUOTED.match(rest)
        if quoted:
            inner = _NAME_STOP.split(quoted.group(1), maxsplit=1)[0]
            return f"{match.group(1)} {inner.strip()}"
        return f"{match.group(1)} {_NAME_STOP.split(rest, maxsplit=1)[0].strip()}"
    head = _GENERIC_STOP.split(text, maxsplit=1)[0]
    before_comma = _cut_at_comma_outside_parentheses(head).strip()
    # "Predisposizione, tramite la piattaforma MOOn, di un modulo …": one word is no name.
    head = before_comma if len(before_comma.split()) >= 3 else head.strip()
    if len(head) > NAME_LENGTH:
        head = head[:NAME_LENGTH].rsplit(" ", 1)[0] + " …"
    return head


def _cut_at_comma_outside_parentheses(text: str) -> str:
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            return text[:index]
    return text


def project_key(name: str) -> str:
    """Return the natural key of a project name: folded, articles dropped, acronyms read."""
    name = _replace_spelled_acronyms(name)
    words = [word for word in fold_text(name).split() if word not in _STOPWORDS]
    return "-".join(words).lower()[:180]


def _replace_spelled_acronyms(name: str) -> str:
    """Turn "Piano territoriale generale metropolitano (PTGM)" into "PTGM"."""
    for match in _ACRONYM.finditer(name):
        acronym = match.group(1)
        before = name[: match.start()].split()
        content = [word for word in before if fold_text(word) not in _STOPWORDS]
        initials = "".join(fold_text(word)[:1] for word in content[-len(acronym) :])
        if len(content) >= len(acronym) and initials == acronym:
            # Drop the spelled-out words (and the articles between them) before the acronym.
            kept = list(before)
            removed = 0
            while kept and removed < len(acronym):
                word = kept.pop()
                if fold_text(word) not in _STOPWORDS:
                    removed += 1
            while kept and fold_text(kept[-1]) in _STOPWORDS:
                kept.pop()
            return " ".join([*kept, acronym]) + name[match.end() :]
    return name


def read_urls(text: str) -> list[str]:
    urls = [url.rstrip(").,;") for url in URL.findall(text)]
    return list(dict.fromkeys(urls))


def read_pnrr_measures(text: str) -> list[str]:
    codes = [f"M{m}C{c}I{i}" for m, c, i in _PNRR_SHORT.findall(text)]
    codes += [f"M{m}C{c}I{i}" for m, c, i in _PNRR_LONG.findall(text)]
    return list(dict.fromkeys(codes))


def read_funding_programmes(text: str) -> list[str]:
    """Return the names of the funding programmes of `programma_finanziamento.json` that
    `text` mentions (by name or alias), in the file's order."""
    programmes = vocabulary("programma_finanziamento")
    return [programmes.term(code).name for code in programmes.mentions(text)]


# "finanziato dal MIMIT", "finanziati dalla Fondazione CRT": the document says a project
# is funded and by whom; the funder's name is the run of capitalised words after it.
_FUNDED_BY = re.compile(
    r"\bfinanziat[oaie]\s+(?:dal|dallo|dalla|dall['’]\s*|dai|dagli|dalle)\s*"
    r"([A-ZÀ-Ý][\w’'.-]*(?:\s+(?:(?:di|del|della|dei|e|per)\s+)?[A-ZÀ-Ý][\w’'.-]*)*)"
)


def read_unlisted_funders(text: str) -> list[str]:
    """Return, as printed, the funders `text` states ("finanziato dal …") that are none of
    the programmes of `programma_finanziamento.json`."""
    programmes = vocabulary("programma_finanziamento")
    return [
        name
        for match in _FUNDED_BY.finditer(text)
        if not programmes.mentions(name := match.group(1).rstrip(".’'-"))
    ]


class ProjectCollector:
    """Gather project paragraphs block by block; `finish` merges them into projects."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.by_key: dict[str, ProjectRecord] = {}
        self.blocks_by_mention: list[tuple[ProjectMentionRecord, PlanBlockRecord]] = []

    def add(self, paragraph: Paragraph, strategy_code: str, block: PlanBlockRecord) -> None:
        text = paragraph.text
        name = read_project_name(text)
        key = project_key(name)
        mention = ProjectMentionRecord(
            line=paragraph.line, strategy_code=strategy_code, block=block.number, text=text
        )
        project = self.by_key.get(key)
        if project is None:
            project = ProjectRecord(key=key, name=name, description=text, line=paragraph.line)
            self.by_key[key] = project
        project.mentions.append(mention)
        for url in read_urls(text):
            if url not in project.urls:
                project.urls.append(url)
        for programme in read_funding_programmes(text):
            if programme not in project.funding_programmes:
                project.funding_programmes.append(programme)
        for funder in read_unlisted_funders(text):
            # Kept as the document names it: the funding taxonomy grows with what imports read.
            self.diagnostics.append(
                Diagnostic(
                    _line_of(paragraph, funder),
                    Severity.WARNING,
                    "unlisted_funding_programme",
                    f"il progetto «{name[:50]}» è finanziato da «{funder}», che non è tra i "
                    "programmi di finanziamento noti (programma_finanziamento.json): registrato "
                    "com'è stampato",
                )
            )
            if funder not in project.funding_programmes:
                project.funding_programmes.append(funder)
        for measure in read_pnrr_measures(text):
            if measure not in project.pnrr_measures:
                project.pnrr_measures.append(measure)
        self.blocks_by_mention.append((mention, block))

    def extend_last(self, text: str) -> None:
        """Append a paragraph that continues the last project paragraph (a frame break)."""
        mention, _ = self.blocks_by_mention[-1]
        self.replace_last_text(mention.text + " " + text)

    def last_text_is_unfinished(self) -> bool:
        """Whether the last project paragraph leaves a parenthesis open."""
        if not self.blocks_by_mention:
            return False
        text = self.blocks_by_mention[-1][0].text
        return text.count("(") > text.count(")")

    def strip_glued_page_number_of_last(self) -> None:
        """Drop the page number glued to the last paragraph of a page ("… elettriche 15")."""
        if not self.blocks_by_mention:
            return
        mention, _ = self.blocks_by_mention[-1]
        match = _GLUED_PAGE_NUMBER.search(mention.text)
        if match is None:
            return
        self.diagnostics.append(
            Diagnostic(
                mention.line,
                Severity.INFO,
                "page_number_glued",
                f"numero di pagina «{match.group().strip()}» attaccato alla fine del progetto "
                f"«{mention.text[:50]}…»: tolto",
            )
        )
        self.replace_last_text(mention.text[: match.start()])

    def replace_last_text(self, text: str) -> None:
        mention, _ = self.blocks_by_mention[-1]
        for project in self.by_key.values():
            if project.mentions and project.mentions[-1] is mention:
                if project.description == mention.text:
                    project.description = text
                mention.text = text
                for url in read_urls(text):
                    if url not in project.urls:
                        project.urls.append(url)
                return

    def finish(
        self, blocks: list[PlanBlockRecord], actions: list[ActionRecord]
    ) -> list[ProjectRecord]:
        """Link each mention to the actions the text allows; return the projects."""
        actions_by_code = {action.code: action for action in actions}
        self.report_unattributed_blocks(blocks)
        for mention, block in self.blocks_by_mention:
            if len(block.action_codes) == 1:
                mention.action_codes[block.action_codes[0]] = ActionLinkOrigin.ONLY_ACTION_OF_BLOCK
            for code in _CITED_ACTION.findall(mention.text):
                if code in actions_by_code:
                    mention.action_codes.setdefault(code, ActionLinkOrigin.CITED)
                else:
                    self.diagnostics.append(
                        Diagnostic(
                            mention.line,
                            Severity.WARNING,
                            "cited_action_unknown",
                            f"il progetto cita l'azione {code}, che il piano non elenca",
                        )
                    )
            measures = set(read_pnrr_measures(mention.text))
            for code in block.action_codes:
                if measures & set(read_pnrr_measures(actions_by_code[code].text)):
                    mention.action_codes.setdefault(code, ActionLinkOrigin.SAME_PNRR_MEASURE)
        return list(self.by_key.values())

    def report_unattributed_blocks(self, blocks: list[PlanBlockRecord]) -> None:
        """Say where the text does not tell which of a block's actions a project serves.

        The report greys the actions with no project; the colour did not survive
        the conversion, so in such a block no action can be called grey or served.
        """
        for block in blocks:
            if block.project_count and len(block.action_codes) > 1:
                self.diagnostics.append(
                    Diagnostic(
                        block.line,
                        Severity.INFO,
                        "projects_not_attributed_to_actions",
                        f"{block.project_count} progetti stampati accanto alle azioni "
                        f"{', '.join(block.action_codes)}: il testo non dice quale azione "
                        "servano (salvo citazioni), né quali azioni siano in grigio",
                    )
                )


def _line_of(paragraph: Paragraph, words: str) -> int:
    """Return the number of the paragraph's line where `words` begin."""
    first_word = words.split()[0]
    return next(
        (line.number for line in paragraph.lines if first_word in line.text), paragraph.line
    )
