"""The mandate-line table of a programma ("<the mandate's groups> | n° | Testo | Obiettivi
Agenda 2030 | Missioni PNRR"; Turin's first column is headed "Le 7 Città").

The SDG and PNRR cells hold the alternative text of the icons printed in the PDF:
"10 – RIDURRE LE DISUGUAGLIANZE", "<p>4 – ISTRUZIONE DI QUALITÀ 5 – PARITÀ DI
GENERE</p>", " Missione 1 MISSIONE 1" (a label and the icon: one tag), "MISSIONE 2
MISSIONE 3". An empty cell means no tag; nothing is inferred from the other rows.
"""

from __future__ import annotations

import re
from collections import Counter

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..records import MandateGroupRecord, MandateLineRecord
from ..vocabularies import vocabulary
from .html_text import clean_inline, clean_text

# The SDG names are those of `sdg.json` (with the spellings Turin's report prints as
# aliases), the PNRR missions the top-level terms of `pnrr_missioni.json`: one source
# for the parser, the database and the report.
PNRR_MISSIONS = [
    int(code.removeprefix("M")) for code in vocabulary("pnrr_missioni").codes(top_level=True)
]

_SDG_NUMBER = re.compile(r"(?<![\w.,/])(\d{1,2})(?:\s*[–-])?\s+(?=[A-ZÀ-Ý])")
_PNRR_MISSION = re.compile(r"\bmissione\s*(\d{1,3})\b", re.IGNORECASE)


def is_mandate_header(cells: list[str]) -> bool:
    """Whether a row is the table's header: recognised by its "n°" and "Testo" columns,
    since the first one is headed with the mandate's own name for its groups."""
    return (
        len(cells) >= 3
        and fold_text(cells[1]) in ("N", "N O", "NUM", "NUMERO")
        and fold_text(cells[2]) == "TESTO"
    )


def groups_label(tables: list[list[tuple[int, list[str]]]]) -> str:
    """Return what the first mandate table heads its groups' column ("Le 7 Città")."""
    for rows in tables:
        for _, cells in rows:
            if is_mandate_header(cells):
                return cells[0].strip()
    return ""


def name_groups_as_tables_print_them(
    groups: list[MandateGroupRecord], lines: list[MandateLineRecord]
) -> None:
    """Give each group the name in the case the tables write it.

    The premessa lists the names in capitals ("LA CITTÀ DELLA PROSSIMITÀ"); the tables
    write them in sentence case ("La Città della prossimità"). The spelling the tables
    use most for the whole name wins; a name they only print cut short is put in
    sentence case, keeping the capitals the tables give its words elsewhere.
    """
    spellings: dict[str, Counter[str]] = {}
    capitals: dict[str, str] = {}
    for record in lines:
        printed = " ".join(record.group_as_printed.split())
        spellings.setdefault(fold_text(printed), Counter())[printed] += 1
        for word in printed.split()[1:]:
            if word[:1].isupper():
                capitals.setdefault(word.lower(), word)
    for group in groups:
        printed_whole = spellings.get(fold_text(group.name))
        if printed_whole:
            group.name = printed_whole.most_common(1)[0][0]
            continue
        words = group.name.lower().split()
        words = words[:1] + [capitals.get(word, word) for word in words[1:]]
        sentence = " ".join(words)
        group.name = sentence[:1].upper() + sentence[1:]


def parse_mandate_table(
    rows: list[tuple[int, list[str]]],
    groups: list[MandateGroupRecord],
    diagnostics: list[Diagnostic],
) -> list[MandateLineRecord]:
    """Return the mandate lines of one programma's table (header rows are skipped)."""
    mandate_lines: list[MandateLineRecord] = []
    numbers_seen: set[str] = set()
    for line, cells in rows:
        cells = cells + [""] * (5 - len(cells))
        if is_mandate_header(cells) or not any(cells):
            continue
        group_cell, number, text = cells[0], cells[1], clean_text(cells[2])
        sdgs = _read_sdgs(cells[3], line, diagnostics)
        pnrr = _read_pnrr_missions(cells[4:], line, diagnostics)
        if not (group_cell or number or text):
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "orphan_mandate_tags",
                    f"riga con soli simboli (SDG {sdgs}, PNRR {pnrr}) senza linea programmatica: "
                    "non attribuiti a nessuna linea",
                )
            )
            continue
        mandate_lines.append(
            MandateLineRecord(
                line=line,
                local_number=number,
                group_number=_match_group(group_cell, groups, line, diagnostics),
                group_as_printed=group_cell,
                text=text,
                sdgs=sdgs,
                pnrr_missions=pnrr,
            )
        )
        _check_number(mandate_lines[-1], numbers_seen, line, diagnostics)
        numbers_seen.add(number)
    return mandate_lines


def _match_group(
    printed: str, groups: list[MandateGroupRecord], line: int, diagnostics: list[Diagnostic]
) -> int | None:
    """Return the number of the group printed in the row, compared without case or accents."""
    folded = fold_text(printed)
    for record in groups:
        if fold_text(record.name) == folded:
            return record.number
    # A name cut short by the page ("La Città multicentrica") still names one group.
    candidates = [
        record.number for record in groups if folded and fold_text(record.name).startswith(folded)
    ]
    if len(candidates) == 1:
        return candidates[0]
    diagnostics.append(
        Diagnostic(
            line,
            Severity.WARNING,
            "unknown_mandate_group",
            f"«{printed}» non corrisponde a nessuna delle aree tematiche elencate nella premessa",
        )
    )
    return None


def _read_sdgs(cell: str, line: int, diagnostics: list[Diagnostic]) -> list[int]:
    text = clean_inline(cell)
    matches = list(_SDG_NUMBER.finditer(text))
    sdgs: list[int] = []
    problems: list[str] = []
    if text[: matches[0].start() if matches else len(text)].strip():
        problems.append(text[: matches[0].start() if matches else len(text)].strip())
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        number, name = int(match.group(1)), fold_text(text[match.end() : stop])
        if vocabulary("sdg").lookup(name) != str(number):
            problems.append(text[match.start() : stop].strip())
        elif number not in sdgs:
            sdgs.append(number)
    for problem in problems:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "unreadable_sdg",
                f"obiettivo Agenda 2030 non letto: «{problem}»",
            )
        )
    return sdgs


def _read_pnrr_missions(cells: list[str], line: int, diagnostics: list[Diagnostic]) -> list[int]:
    text = clean_inline(" ".join(cells))
    missions: list[int] = []
    for match in _PNRR_MISSION.finditer(text):
        number = int(match.group(1))
        if number not in PNRR_MISSIONS:
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "unreadable_pnrr_mission",
                    f"missione PNRR {number} inesistente",
                )
            )
        elif number not in missions:
            missions.append(number)
    leftover = _PNRR_MISSION.sub(" ", text).strip()
    if leftover:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "unreadable_pnrr_mission",
                f"missione PNRR non letta: «{leftover}»",
            )
        )
    return missions


def _check_number(
    record: MandateLineRecord, numbers_seen: set[str], line: int, diagnostics: list[Diagnostic]
) -> None:
    """Report a number that is not one, or that an earlier line of the table has."""
    if not record.local_number.isdigit():
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "unreadable_mandate_number",
                f"numero di linea programmatica «{record.local_number}» non leggibile",
            )
        )
    elif record.local_number in numbers_seen:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "duplicate_mandate_number",
                f"la linea programmatica n° {record.local_number} compare due volte nella tabella",
            )
        )
