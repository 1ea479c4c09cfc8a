"""Area 2: the survey of the territory, read from charts that came apart in the conversion.

A pie or bar chart became a run of percentage lines followed by a run of label
lines ("52%", "5%" … then "Sindaco/a", "Vice Sindaco/a" …), or lines that keep
label and value together ("Ho partecipato agli incontri online 59%"); the zone
table kept its rows ("Zona 5 – Pinerolese 7% 14%"). Titles of charts printed
side by side share a line, split by long runs of spaces, and so do their
"Base (casi)". Open questions are a title followed by "o …" answers.

Titles and bases are taken in reading order. A chart goes to the first title
still waiting for one, unless its content says it belongs to another waiting
title: a chart of yes/no options to a yes/no question rather than to one asked
with "quale"/"quanto"; a chart of the respondents' roles in a Comune to the
question put to the Comuni, of organisation types to the one put to the other
stakeholders. Such a reordering is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..cell_values import parse_cell
from ..vocabularies import vocabulary
from .records import (
    OpenAnswerRecord,
    ProseRecord,
    SurveyDimension,
    SurveyOptionRecord,
    SurveyQuestionRecord,
    SurveyRecord,
    SurveySectionRecord,
)
from .text import AREA_2_HEADING, PAGE_NUMBER, Line, join_lines

SECTION = re.compile(r"^SEZIONE (\d)\s*[–-]\s*(.+)$|^Sezione (\d):\s*(.+)$")
BASE = re.compile(r"Base \(casi\):\s*(\d{1,6})(?!\d)")
PERCENT_LINE = re.compile(r"^(\d{1,3})%$")
INLINE_OPTION = re.compile(r"^(?P<label>[^\d%][^%]{1,60}?)\s+(?P<value>\d{1,3}%)$")
ZONE_ROW = re.compile(
    r"^(?P<label>Zona \d{1,2}\s*[–-]\s*.+?)\s+(?P<values>(?:\d{1,3}%|-)(?:\s+(?:\d{1,3}%|-))*)$"
)
BULLET = re.compile(r"^o\s+(.+)$")
COLUMNS = re.compile(r"\s{5,}")
LABEL_LENGTH = 60
TITLE_LINE_LENGTH = 70
OPEN_TITLE = re.compile(r"\?\s*(-\s*Target\s*“[^”]+”)?$|\(trascrizione delle osservazioni\)$")
ZONE_TITLE = "Zona omogenea di riferimento"
SERIES_NAMES = {"COMUNI": "Comuni", "ALTRI STAKEHOLDER": "Altri stakeholder"}
RESPONDENTS = re.compile(r"Target\s*“([^”]+)”")
INTERROGATIVE = re.compile(
    r"^(Con quale|Quale|Quali|Quanto|In che modo|Come|Perch|Per quale|Nel complesso, quanto)",
    re.IGNORECASE,
)
STRATEGY_CITED = re.compile(r"\bStrategi[ae]\s+(\d\.\d)\b(?!\.\d)", re.IGNORECASE)
ACTION_CITED = re.compile(r"\b(\d\.\d\.\d{1,2})\b")
PLATFORM = re.compile(r"piattaforma (\w+)")
INVITED_MAYORS = re.compile(r"i (\d{1,6}) Sindaci")
SURVEY_YEAR = re.compile(r"nel mese di \w+\s+(\d{4})")
NUMBERED_ITEM = re.compile(r"^\d\.\s")
CHART_NOTE = re.compile(r"^La somma delle percentuali supera il 100%")


def read_dimensions() -> tuple[dict[str, SurveyDimension], dict[SurveyDimension, set[str]]]:
    """Return, from `indagine_dimensione.json`, the dimension each profile title announces
    and the answers known for each dimension (folded).

    A title is read by the reference file alone (its dimensions' names and aliases: the
    Comuni answered with their role, "Target Comuni"; the other stakeholders with their
    organisation's type). The known answers only help to give a chart printed out of
    place to its question: each survey has its own, and they are kept as printed.
    """
    dimensions = vocabulary("indagine_dimensione")
    titles: dict[str, SurveyDimension] = {}
    answers: dict[SurveyDimension, set[str]] = {}
    for term in dimensions.terms:
        if term.parent is None:
            for spelling in term.spellings:
                titles[fold_text(spelling)] = SurveyDimension(term.code)
        else:
            answers.setdefault(SurveyDimension(term.parent), set()).update(
                fold_text(spelling) for spelling in term.spellings
            )
    return titles, answers


TITLE_DIMENSIONS, DIMENSION_LABELS = read_dimensions()


@dataclass
class Chart:
    line: int
    options: list[SurveyOptionRecord] = field(default_factory=list)

    @property
    def dimension(self) -> SurveyDimension:
        labels = {fold_text(option.label) for option in self.options if option.label}
        for dimension, known in DIMENSION_LABELS.items():
            if labels and len(labels & known) >= max(1, len(labels) - 1):
                return dimension
        return SurveyDimension.NONE

    @property
    def is_yes_no(self) -> bool:
        return bool(self.options) and all(
            fold_text(option.label).split()[:1] in (["SI"], ["NO"], ["NON"])
            for option in self.options
            if option.label
        )


class SurveyReader:
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.section = 0
        self.sections: list[SurveySectionRecord] = []
        self.questions: list[SurveyQuestionRecord] = []
        self.waiting_for_chart: list[SurveyQuestionRecord] = []
        self.waiting_for_base: list[SurveyQuestionRecord] = []
        self.open_question: SurveyQuestionRecord | None = None
        self.percents: list[Line] = []
        self.labels: list[Line] = []
        self.inline: list[tuple[Line, str, str]] = []
        self.inline_label: Line | None = None
        self.zone_questions: list[SurveyQuestionRecord] = []
        self.zone_title_line = 0
        self.last_bullet: OpenAnswerRecord | None = None
        self.prose: list[ProseRecord] = []
        self.prose_lines: list[Line] = []  # the paragraph being read
        self.prose_index = -1  # where its last line is in `lines`
        self.prose_from = 0  # lines before it are the area's heading, not prose
        self.prose_after = 0  # questions read before the paragraph being read
        self.prose_section = 0  # the section it is printed in
        self.title_start = 0  # the first line of the last question title gathered

    # -- reading -------------------------------------------------------------

    def read(self, lines: list[tuple[Line, str]]) -> None:
        index = 0
        while index < len(lines):
            line, raw = lines[index]
            index += 1
            text = line.text
            if not text:
                self.last_bullet = None
                continue
            continues_bullet = self.last_bullet is not None and not raw.startswith(" ")
            bullet = BULLET.match(text)
            if bullet:
                self.add_answer(line, bullet.group(1))
                continue
            if continues_bullet and self.last_bullet is not None:
                self.last_bullet.text += " " + text
                continue
            self.last_bullet = None
            section = SECTION.match(text)
            if section:
                self.flush_charts()
                self.close_prose()
                number = int(section.group(1) or section.group(3))
                title = (section.group(2) or section.group(4)).strip()
                self.section = number
                self.sections.append(SurveySectionRecord(line.number, number, title))
                continue
            if BASE.search(text):
                self.flush_charts()
                self.assign_bases(line, [int(n) for n in BASE.findall(text)])
                continue
            if PERCENT_LINE.match(text):
                if self.inline_label is not None:
                    self.inline.append((self.inline_label, self.inline_label.text, text))
                    self.inline_label = None
                    continue
                if self.labels or self.inline:
                    self.flush_charts()
                self.percents.append(line)
                continue
            zone = ZONE_ROW.match(text)
            if zone and self.zone_questions:
                self.add_zone_row(line, zone.group("label"), zone.group("values").split())
                continue
            inline = INLINE_OPTION.match(text)
            if inline and not self.percents and len(text) <= LABEL_LENGTH + 6:
                self.inline.append((line, inline.group("label").strip(), inline.group("value")))
                continue
            if self.percents and self.is_label(text) and len(self.labels) < len(self.percents):
                self.labels.append(line)
                continue
            if PAGE_NUMBER.match(text):
                continue
            if self.inline and self.is_label(text) and not text.endswith("?"):
                self.inline_label = line
                continue
            if fold_text(text) == fold_text(ZONE_TITLE):
                self.flush_charts()
                self.zone_title_line = line.number
                continue
            if (
                self.zone_title_line
                and fold_text(text) in SERIES_NAMES
                and len(self.zone_questions) < 2
            ):
                self.add_zone_question(line, SERIES_NAMES[fold_text(text)])
                continue
            columns = [c.strip() for c in COLUMNS.split(text) if c.strip()]
            if len(columns) >= 2 and all(len(c) <= TITLE_LINE_LENGTH for c in columns):
                self.flush_charts()
                index = self.add_header(lines, index, line, columns)
                continue
            if OPEN_TITLE.search(text) or text.endswith("?"):
                self.flush_charts()
                index = self.add_title(lines, index, line)
                continue
            # Narrative: it ends a chart that was being read.
            self.flush_charts()
            if index - 1 >= self.prose_from:
                self.add_prose_line(lines, index - 1)

    # -- the report's own text -------------------------------------------------

    def add_prose_line(self, lines: list[tuple[Line, str]], index: int) -> None:
        """Add a narrative line to the paragraph being read, or start a new one.

        The converted text puts blank lines between the lines of one paragraph, so a
        paragraph ends where a sentence ends (., :, ;), a numbered item starts
        ("2. Valutazione …"), or anything but blank lines and page numbers came between.
        """
        line, raw = lines[index]
        if self.prose_lines:
            between = lines[self.prose_index + 1 : index]
            adjacent = all(not gap.text or PAGE_NUMBER.match(gap.text) for gap, _ in between)
            ended = self.prose_lines[-1].text.endswith((".", ":", ";"))
            new_frame = raw.startswith(" ")
            if not adjacent or ended or new_frame or NUMBERED_ITEM.match(line.text):
                self.close_prose()
        if not self.prose_lines:
            self.prose_after, self.prose_section = len(self.questions), self.section
            last = self.prose[-1] if self.prose else None
            if (
                last is not None
                and (last.after_questions, last.section) == (self.prose_after, self.prose_section)
                and not last.text.endswith((".", ":", ";", "?", "!"))
                and not NUMBERED_ITEM.match(last.text)
            ):
                # A paragraph broken by a chart printed inside it ("… e del Chierese -"
                # / chart / "Pinerolese.", 001:1662-1718): it goes on.
                self.prose.pop()
                self.prose_lines = [Line(last.line, last.text)]
        self.prose_lines.append(line)
        self.prose_index = index

    def close_prose(self) -> None:
        text = join_lines([line.text for line in self.prose_lines])
        # The note under a chart of several answers is the chart's (multiple_answers).
        if text and not CHART_NOTE.match(text):
            self.prose.append(
                ProseRecord(self.prose_lines[0].number, text, self.prose_after, self.prose_section)
            )
        self.prose_lines = []

    def drop_prose_from(self, line_number: int) -> None:
        """Take back the lines a wrapped question title gathered from above it."""
        self.prose_lines = [line for line in self.prose_lines if line.number < line_number]

    @staticmethod
    def is_label(text: str) -> bool:
        return (
            len(text) <= LABEL_LENGTH
            and not text.endswith((".", "?"))
            and not BASE.search(text)
            and not OPEN_TITLE.search(text)
            and not PAGE_NUMBER.match(text)
        )

    # -- titles ----------------------------------------------------------------

    def add_header(
        self, lines: list[tuple[Line, str]], index: int, line: Line, columns: list[str]
    ) -> int:
        """Titles of charts side by side; a second line with as many columns continues them."""
        following = next_text_line(lines, index)
        if following is not None:
            next_columns = [c.strip() for c in COLUMNS.split(following[1][0].text) if c.strip()]
            if (
                len(next_columns) == len(columns)
                and not columns[0].endswith("?")
                and not BASE.search(following[1][0].text)
            ):
                columns = [f"{a} {b}" for a, b in zip(columns, next_columns, strict=True)]
                index = following[0] + 1
        self.waiting_for_base = []
        for column in columns:
            self.add_closed_question(line, column)
        return index

    def add_title(self, lines: list[tuple[Line, str]], index: int, line: Line) -> int:
        text = self.gather_title(lines, index - 1)
        self.drop_prose_from(self.title_start)
        self.close_prose()
        following = next_text_line(lines, index)
        if following is not None and BULLET.match(following[1][0].text):
            self.open_question = self.new_question(line, text)
            return index
        # A base printed under earlier titles cannot belong to this one.
        self.waiting_for_base = []
        self.add_closed_question(line, text)
        return index

    def gather_title(self, lines: list[tuple[Line, str]], end: int) -> str:
        """The title ending at `end`, with the short lines right above it (a wrapped title)."""
        parts = [lines[end][0].text]
        start = end
        # A title that opens a text frame (its raw line starts with a space) starts there.
        while start > 0 and not lines[start][1].startswith(" "):
            previous = lines[start - 1][0].text
            if not previous or len(previous) > TITLE_LINE_LENGTH or previous.endswith((".", "?")):
                break
            parts.insert(0, previous)
            start -= 1
        self.title_start = lines[start][0].number
        return " ".join(" ".join(parts).split())

    def new_question(self, line: Line, text: str) -> SurveyQuestionRecord:
        respondents = RESPONDENTS.search(text)
        question = SurveyQuestionRecord(
            line=line.number,
            section=self.section,
            text=text,
            base=None,
            dimension=TITLE_DIMENSIONS.get(fold_text(text), SurveyDimension.NONE),
            respondents=respondents.group(1) if respondents else "",
        )
        self.questions.append(question)
        return question

    def add_closed_question(self, line: Line, text: str) -> None:
        question = self.new_question(line, text)
        self.open_question = None
        self.waiting_for_chart.append(question)
        self.waiting_for_base.append(question)

    def add_answer(self, line: Line, text: str) -> None:
        if self.open_question is None:
            self.diagnostics.append(
                Diagnostic(
                    line.number,
                    Severity.WARNING,
                    "survey_answer_without_question",
                    f"risposta aperta senza domanda: «{text[:60]}»",
                )
            )
            self.last_bullet = None
            return
        answer = OpenAnswerRecord(line=line.number, text=" ".join(text.split()))
        self.open_question.open_answers.append(answer)
        self.last_bullet = answer

    # -- bases and charts -------------------------------------------------------

    def assign_bases(self, line: Line, bases: list[int]) -> None:
        for base in bases:
            if self.zone_questions and self.zone_questions[-1].base is None:
                self.zone_questions[-1].base = base
                continue
            if not self.waiting_for_base:
                self.diagnostics.append(
                    Diagnostic(
                        line.number,
                        Severity.WARNING,
                        "survey_base_without_question",
                        f"«Base (casi): {base}» senza una domanda che l'attenda",
                    )
                )
                continue
            self.waiting_for_base.pop(0).base = base

    def flush_charts(self) -> None:
        if self.inline_label is not None:
            self.inline.append((self.inline_label, self.inline_label.text, ""))
            self.inline_label = None
        if self.inline:
            chart = Chart(self.inline[0][0].number)
            for line, label, value in self.inline:
                chart.options.append(make_option(line.number, label, value))
            self.inline = []
            self.place_chart(chart)
        if self.percents:
            self.place_chart(self.pair_percents_and_labels())
            self.percents, self.labels = [], []

    def pair_percents_and_labels(self) -> Chart:
        chart = Chart(self.percents[0].number)
        for position, percent in enumerate(self.percents):
            label = self.labels[position].text if position < len(self.labels) else ""
            chart.options.append(make_option(percent.number, label, percent.text))
        if len(self.labels) != len(self.percents):
            self.diagnostics.append(
                Diagnostic(
                    self.percents[0].number,
                    Severity.WARNING,
                    "survey_labels_missing",
                    f"grafico con {len(self.percents)} valori e {len(self.labels)} etichette: "
                    "le etichette mancanti restano sconosciute",
                )
            )
        return chart

    def place_chart(self, chart: Chart) -> None:
        if not self.waiting_for_chart:
            self.diagnostics.append(
                Diagnostic(
                    chart.line,
                    Severity.WARNING,
                    "survey_chart_without_question",
                    f"grafico senza titolo ({', '.join(o.label for o in chart.options)[:60]})",
                )
            )
            return
        chosen = self.choose_question(chart)
        self.waiting_for_chart.remove(chosen)
        chosen.options = chart.options
        if chart.dimension != SurveyDimension.NONE:
            chosen.dimension = chart.dimension
        total = sum(o.percent.value for o in chart.options if o.percent and o.percent.value)
        chosen.multiple_answers = total > 102  # rounding leaves a single-answer chart near 100

    def choose_question(self, chart: Chart) -> SurveyQuestionRecord:
        candidates = self.waiting_for_chart
        preferred = [
            q
            for q in candidates
            if chart.dimension != SurveyDimension.NONE and q.dimension == chart.dimension
        ]
        if not preferred and all(q.dimension == SurveyDimension.NONE for q in candidates):
            preferred = [
                q for q in candidates if bool(INTERROGATIVE.match(q.text)) != chart.is_yes_no
            ]
        chosen = (preferred or candidates)[0]
        if chosen is not candidates[0]:
            self.diagnostics.append(
                Diagnostic(
                    chart.line,
                    Severity.INFO,
                    "survey_chart_order_differs",
                    f"il grafico stampato qui («{chart.options[0].label}» …) è di «{chosen.text[:50]}», "
                    f"non del primo titolo in attesa «{candidates[0].text[:50]}»",
                )
            )
        return chosen

    # -- the zone table -----------------------------------------------------------

    def add_zone_question(self, line: Line, series: str) -> None:
        question = SurveyQuestionRecord(
            line=self.zone_title_line,
            section=self.section,
            text=f"{ZONE_TITLE} — {series}",
            base=None,
            dimension=SurveyDimension.ZONA_OMOGENEA,
            respondents=series,
        )
        self.questions.append(question)
        self.zone_questions.append(question)

    def add_zone_row(self, line: Line, label: str, values: list[str]) -> None:
        if len(values) != len(self.zone_questions):
            self.diagnostics.append(
                Diagnostic(
                    line.number,
                    Severity.WARNING,
                    "survey_zone_row_incomplete",
                    f"«{label}»: {len(values)} valori per {len(self.zone_questions)} colonne",
                )
            )
        for question, value in zip(self.zone_questions, values, strict=False):
            question.options.append(make_option(line.number, " ".join(label.split()), value))


def make_option(line: int, label: str, printed: str) -> SurveyOptionRecord:
    return SurveyOptionRecord(
        line=line,
        label=label,
        percent_as_printed=printed,
        percent=parse_cell(printed) if printed else None,
    )


def next_text_line(
    lines: list[tuple[Line, str]], index: int
) -> tuple[int, tuple[Line, str]] | None:
    for position in range(index, len(lines)):
        if lines[position][0].text:
            return position, lines[position]
    return None


def link_answers(questions: list[SurveyQuestionRecord]) -> None:
    """Read the strategies and actions an open answer cites ("Strategia 4.1 (… 4.1.1, 4.1.2)")."""
    for question in questions:
        for answer in question.open_answers:
            answer.strategy_codes = list(dict.fromkeys(STRATEGY_CITED.findall(answer.text)))
            answer.action_codes = list(dict.fromkeys(ACTION_CITED.findall(answer.text)))


def parse_survey(
    pairs: list[tuple[Line, str]], diagnostics: list[Diagnostic]
) -> SurveyRecord | None:
    """Return the survey of the territory; None when the area holds no question."""
    reader = SurveyReader(diagnostics)
    # The area's heading ("Il grado di attuazione … da parte del" / "territorio") is no prose.
    if pairs and AREA_2_HEADING.search(pairs[0][0].text):
        following = next_text_line(pairs, 1)
        reader.prose_from = following[0] + 1 if following is not None else 1
    reader.read(pairs)
    reader.flush_charts()
    reader.close_prose()
    if not reader.questions:
        return None
    for question in reader.questions:
        if not question.is_open and question.base is None:
            diagnostics.append(
                Diagnostic(
                    question.line,
                    Severity.WARNING,
                    "survey_base_missing",
                    f"«{question.text[:60]}»: la base (numero di casi) non è stampata",
                )
            )
        if question.is_open and not question.open_answers:
            diagnostics.append(
                Diagnostic(
                    question.line,
                    Severity.WARNING,
                    "survey_question_without_chart",
                    f"«{question.text[:60]}»: nessun grafico né risposta",
                )
            )
    link_answers(reader.questions)
    intro = " ".join(line.text for line, _ in pairs[:40])
    platform = PLATFORM.search(intro)
    mayors = INVITED_MAYORS.search(intro)
    year = SURVEY_YEAR.search(intro)
    return SurveyRecord(
        line=pairs[0][0].number,
        title="Indagine sul grado di attuazione del PSM da parte del territorio",
        year=int(year.group(1)) if year else None,
        platform=platform.group(1) if platform else "",
        invited_mayors=int(mayors.group(1)) if mayors else None,
        sections=reader.sections,
        questions=reader.questions,
        prose=reader.prose,
    )
