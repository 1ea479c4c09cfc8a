"""Area 3: the context indicators, strategy by strategy (STRATEGIA | INDICATORE | DESCRIZIONE | FONTE | VALORE | ANNO).

The table came out of the PDF as paragraphs: the indicator's name wrapped in
its narrow column, the description, then "source value year" — sometimes all on
one line, sometimes the source on two lines, sometimes the value is words
("Dati relativi ai singoli corpi idrici") and the year stands alone. An
indicator ends where a year ends the text read so far; the source is found by
name among the sources the report cites, and what lies between the source and
the year is the value, kept as printed and parsed with `parse_cell`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..cell_values import parse_cell
from ..records import ValueType
from ..vocabularies import vocabulary
from .records import AxisRecord, ContextIndicatorRecord, ContextValueRecord
from .text import Line, Paragraph, join_lines, split_paragraphs

AXIS_HEADING = re.compile(r"^Asse (\d) \| (.+)$")
TABLE_HEADER = re.compile(r"^STRATEGIA INDICATORE DESCRIZIONE FONTE VALORE ANNO")
STRATEGY_CODE = re.compile(r"^(\d\.\d)$")
STATED_TOTAL = re.compile(r"\((\d{1,6}) indicatori in totale\)")
ENDING_YEAR = re.compile(r"\s*\b((?:19|20)\d\d)$")
# The name column is narrow: a name wraps at about 30 characters, a description does not.
NAME_COLUMN_WIDTH = 32
# The sources a report is known to cite (`fonte_dati.json`, names as written, case
# included: "Aci" is a source, "aci" is not). A source is any organisation's name, so the
# list only helps to tell where a description ends; a source it lacks is read from its
# place (see `split_source`). Each is (name, its first word, pattern): a text without the
# first word is not searched at all, which keeps long paragraphs that cite no source
# (the rest of a document pasted after the table) cheap to read.
_SOURCE_PATTERNS = [
    (
        spelling,
        spelling.split()[0],
        re.compile(r"(?:^|\s)" + re.escape(spelling).replace(r"\ ", r"\s+") + r"(?=\s|$)"),
    )
    for term in vocabulary("fonte_dati").terms
    for spelling in term.spellings
]
# A value as the tables print it: a number in any format, a ratio or sum, "N.D.", "c.a".
_VALUE_WORD = re.compile(r"^(?:[<>~≈]?[\d.,+/%€-]*\d[\d.,+/%€-]*|N\.?D\.?|c\.?a\.?|€|%)$")
# Words that join the parts of a source's name ("Camera di Commercio", "FSC e PEFC").
_NAME_JOINERS = {"di", "del", "della", "dei", "delle", "e", "per", "-", "–"}
# Words a description opens with, to split "Consumo di suolo Percentuale di suolo consumato".
DESCRIPTION_OPENERS = re.compile(
    r"\s(?=(?:Numero|Percentuale|Quota|Indice|Stima|Rapporto|Metri|Giornate|Superficie"
    r"|Posti-km|Microgrammi|Beni|Portata|Stato|Valore|Tasso|Differenza|Popolazione)\b)"
)
# Units stated by the description's wording; a rate ("per 100 kmq", "ogni 10.000
# abitanti") has no unit of its own to state, so it is left blank.
UNITS = [
    (re.compile(r"^(Percentuale|Rapporto percentuale)\b|\(%\)|\bin percentuale\b"), "%"),
    (re.compile(r"^Quota\b(?!.*\b(ogni|per \d))"), "%"),
    (re.compile(r"^Metri quadri di verde per abitante\b"), "mq per abitante"),
    (re.compile(r"^Microgrammi per m3\b"), "µg/m³"),
    (re.compile(r"^Numero medio di anni\b"), "anni"),
    (re.compile(r"^Numero\b(?!.*\b(ogni|per \d))"), "numero"),
]


@dataclass
class ContextTables:
    axes: list[AxisRecord] = field(default_factory=list)
    strategy_titles: dict[str, tuple[int, str]] = field(default_factory=dict)
    indicators: list[ContextIndicatorRecord] = field(default_factory=list)
    stated_total: int | None = None


def parse_context_indicators(
    pairs: list[tuple[Line, str]], diagnostics: list[Diagnostic]
) -> ContextTables:
    """Return the axes, the strategy titles and the indicators of the context tables."""
    tables = ContextTables()
    strategy = ""
    pending: list[Line] = []
    started = False
    for paragraph in split_paragraphs(pairs):
        first = paragraph.first
        if not started:
            stated = STATED_TOTAL.search(paragraph.text)
            if stated:
                tables.stated_total = int(stated.group(1))
            if not AXIS_HEADING.match(first):
                continue
            started = True
        axis = AXIS_HEADING.match(first)
        if axis:
            number = int(axis.group(1))
            if all(known.number != number for known in tables.axes):
                tables.axes.append(AxisRecord(paragraph.line, number, axis.group(2).strip()))
            continue
        if TABLE_HEADER.match(first) or paragraph.is_page_number:
            continue
        code = STRATEGY_CODE.match(first)
        if code:
            if pending:
                report_unfinished(pending, diagnostics)
                pending = []
            strategy = code.group(1)
            title = Paragraph(paragraph.lines[1:]).text if len(paragraph.lines) > 1 else ""
            tables.strategy_titles.setdefault(strategy, (paragraph.line, title))
            continue
        pending.extend(paragraph.lines)
        if ENDING_YEAR.search(paragraph.lines[-1].text):
            tables.indicators.append(read_indicator(pending, strategy, diagnostics))
            pending = []
    if pending:
        report_unfinished(pending, diagnostics)
    return tables


def report_unfinished(lines: list[Line], diagnostics: list[Diagnostic]) -> None:
    diagnostics.append(
        Diagnostic(
            lines[0].number,
            Severity.ERROR,
            "context_indicator_without_year",
            f"righe senza anno finale, non lette come indicatore: «{join_lines([line.text for line in lines])[:80]}»",
        )
    )


def read_indicator(
    lines: list[Line], strategy: str, diagnostics: list[Diagnostic]
) -> ContextIndicatorRecord:
    first_line = lines[0].number
    name_lines: list[str] = []
    rest: list[str] = []
    for index, line in enumerate(lines):
        is_last = index == len(lines) - 1
        if not rest and len(line.text) <= NAME_COLUMN_WIDTH and not is_last:
            name_lines.append(line.text)
        else:
            rest.append(line.text)
    text = join_lines(rest)
    if not name_lines:
        parts = DESCRIPTION_OPENERS.split(text, maxsplit=1)
        if len(parts) == 2:
            name_lines, text = [parts[0]], parts[1]
        else:
            diagnostics.append(
                Diagnostic(
                    first_line,
                    Severity.WARNING,
                    "context_indicator_name_not_separated",
                    f"non riesco a separare il nome dalla descrizione: «{text[:60]}…»",
                )
            )
    name = join_lines(name_lines)
    year_match = ENDING_YEAR.search(text)
    assert year_match is not None  # the caller only passes text that ends with a year
    year = int(year_match.group(1))
    text = text[: year_match.start()].strip()
    description, source, value_text, listed = split_source(text)
    if source and not listed:
        diagnostics.append(
            Diagnostic(
                lines[-1].number,
                Severity.WARNING,
                "context_indicator_source_unlisted",
                f"fonte «{source}» di «{name or description[:40]}» non è tra le fonti note "
                "(fonte_dati.json): letta dalla sua posizione, prima del valore "
                f"«{value_text}»; da verificare",
            )
        )
    if not source:
        diagnostics.append(
            Diagnostic(
                lines[-1].number,
                Severity.WARNING,
                "context_indicator_source_unknown",
                f"fonte non riconosciuta per «{name or description[:40]}»: valore letto come "
                f"«{value_text}»",
            )
        )
    cell = parse_cell(value_text)
    if cell.value_type == ValueType.TEXT:
        diagnostics.append(
            Diagnostic(
                lines[-1].number,
                Severity.INFO,
                "context_value_not_numeric",
                f"«{name}»: il valore {year} non è un numero («{value_text}»); tenuto come testo",
            )
        )
    return ContextIndicatorRecord(
        line=first_line,
        strategy_code=strategy,
        name=name,
        description=description,
        source=source,
        unit=read_unit(description),
        territorial_level=read_territorial_level(description),
        value=ContextValueRecord(lines[-1].number, year, cell),
    )


def split_source(text: str) -> tuple[str, str, str, bool]:
    """Split "description source value" into its parts; say whether the source is a known one.

    At the last known source the text cites, when there is one; else by the layout: the
    value is the run of number-like words at the end, the source the capitalised words
    just before it ("… imprese attive Camera di Commercio di Cuneo 43.823").
    """
    best: tuple[int, int, str] | None = None
    for name, first_word, pattern in _SOURCE_PATTERNS:
        if first_word not in text:
            continue
        for match in pattern.finditer(text):
            start = match.start() + (1 if match.group().startswith((" ", "\t")) else 0)
            candidate = (start, match.end(), name)
            if best is None or start > best[0] or (start == best[0] and match.end() > best[1]):
                best = candidate
    if best is None:
        return (*split_source_by_layout(text), False)
    start, end, _ = best
    return text[:start].strip(), " ".join(text[start:end].split()), text[end:].strip(), True


def split_source_by_layout(text: str) -> tuple[str, str, str]:
    """Split "description source value" where the source is none the report is known to cite.

    The source is "" when no capitalised word precedes a number-like value; then, as
    when the value is not number-like, the value is the last word.
    """
    words = text.split()
    value_start = len(words)
    while value_start > 0 and _VALUE_WORD.match(words[value_start - 1]):
        value_start -= 1
    if value_start == len(words):
        description, _, value = text.rpartition(" ")
        return description.strip(), "", value.strip()
    source_start = value_start
    while source_start > 0 and _is_name_word(words[source_start - 1]):
        source_start -= 1
    while source_start < value_start and words[source_start] in _NAME_JOINERS:
        source_start += 1
    return (
        " ".join(words[:source_start]),
        " ".join(words[source_start:value_start]),
        " ".join(words[value_start:]),
    )


def _is_name_word(word: str) -> bool:
    """A word of an organisation's name: capitalised ("Camera", "CCIAA") or a joiner; a
    word that closes a parenthesis ends the description."""
    return (word[:1].isupper() and not word.endswith(")")) or word in _NAME_JOINERS


def read_unit(description: str) -> str:
    for pattern, unit in UNITS:
        if pattern.search(description):
            return unit
    return ""


def read_territorial_level(description: str) -> str:
    """The level the value refers to: the report's indicators are metropolitan unless they say."""
    folded = description.lower()
    if "capoluogo" in folded:
        return "capoluogo"
    if "regional" in folded or "regione" in folded:
        return "regionale"
    return "metropolitano"
