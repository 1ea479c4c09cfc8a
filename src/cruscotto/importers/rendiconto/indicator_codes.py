"""Indicator codes: read them in the activity table and check them against the VP table.

An activity cites the rows of its programma's "INDICATORI DI VALORE PUBBLICO" table by
code: "a.1 a.2", "<p>l.1</p> <p>l.2</p>", "f.1.a", "Concluso 1" (an indicator kept for
an objective already concluded). Codes are typed by hand, so they are normalised:
lower case, no trailing dot ("a.2." → "a.2"), capital I read as the activity's letter
("I.1" → "l.1"); a code missing its dot or with stray punctuation ("g1") is repaired
and reported; the VP table's own malformed codes ("d.,1", "q1") are reported by the
indicator-table parser and only normalised here.

`normalise_indicator_code` is public so that the loader can link activities and
indicators with the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity

from ..records import ActivityRecord, IndicatorKind, IndicatorRecord
from .html_text import clean_inline

_CANONICAL = re.compile(r"^([a-z])\1?(?:\.\d+)+(?:\.[a-z])?$")
_CONCLUDED = re.compile(r"^concluso\s*(\d+)$", re.IGNORECASE)
_REPAIRABLE = re.compile(
    r"^(?P<letter>([a-z])\2?)\s*[.,;:]*\s*(?P<rest>\d+(?:\.\d+)*(?:\.[a-z])?)$"
)
_TOKEN = re.compile(
    r"concluso\s*\d+|[A-Za-z]{1,2}\s*[.,]*\s*\d+(?:\.\d+)*(?:\.[a-z](?![a-z]))?\.?", re.IGNORECASE
)
_SEPARATORS = re.compile(r"[\s,;\-–]+")


@dataclass(frozen=True)
class CodeReading:
    as_printed: str
    code: str  # normalised; "" when unreadable
    problem: str  # "" | "corrected" | "malformed" | "unreadable"


def normalise_indicator_code(text: str, activity_letter: str = "") -> CodeReading:
    """Return the normalised form of one indicator code and what was wrong with it."""
    as_printed = text.strip()
    token = as_printed.rstrip(".,;")
    concluded = _CONCLUDED.match(token)
    if concluded:
        return CodeReading(as_printed, f"concluso {concluded.group(1)}", "")
    problem = ""
    if token[:1] == "I" and not token[1:2].isalpha():
        # Capital I for l (or i): take the letter of the activity that cites the code.
        token = (activity_letter if activity_letter in ("i", "l") else "l") + token[1:]
        problem = "corrected"
    elif token != token.lower():
        token = token.lower()
        problem = "corrected"
    if _CANONICAL.match(token):
        return CodeReading(as_printed, token, problem)
    repairable = _REPAIRABLE.match(token)
    if repairable:
        code = f"{repairable.group('letter')}.{repairable.group('rest')}"
        return CodeReading(as_printed, code, "malformed")
    return CodeReading(as_printed, "", "unreadable")


def read_indicator_codes(cell: str, activity_letter: str) -> list[CodeReading]:
    """Return every code in a "Codice Indicatore" cell ("-" and "" hold none)."""
    text = clean_inline(cell)
    readings = [
        normalise_indicator_code(match.group(0), activity_letter) for match in _TOKEN.finditer(text)
    ]
    leftover = _SEPARATORS.sub(" ", _TOKEN.sub(" ", text)).strip()
    if leftover:
        readings.append(CodeReading(leftover, "", "unreadable"))
    return readings


def check_indicator_codes(
    activities: list[ActivityRecord],
    indicators: list[IndicatorRecord],
    code_lines: dict[tuple[str, str], int],
    diagnostics: list[Diagnostic],
) -> None:
    """Report activity codes with no VP row, and VP rows whose activity does not exist.

    `code_lines` gives the line where each (activity key, code) was printed.
    """
    cited = {code for activity in activities for code in activity.indicator_codes}
    table = _read_public_value_codes(indicators, cited)
    if cited and not table:
        # One finding for the programma, rather than one per code.
        first = next(activity for activity in activities if activity.indicator_codes)
        diagnostics.append(
            Diagnostic(
                first.line,
                Severity.WARNING,
                "missing_public_value_table",
                f"le attività citano {len(cited)} codici di indicatore ma il programma non ha una "
                "tabella di indicatori di valore pubblico",
            )
        )
        return
    for activity in activities:
        for code in activity.indicator_codes:
            if code not in table:
                diagnostics.append(
                    Diagnostic(
                        code_lines.get((activity.key, code), activity.line),
                        Severity.WARNING,
                        "dangling_indicator_code",
                        f"attività {activity.letter or '(senza lettera)'}: il codice «{code}» non "
                        "corrisponde ad alcuna riga degli indicatori di valore pubblico",
                    )
                )
    letters = {activity.letter for activity in activities if activity.letter}
    for code, indicator in table.items():
        _check_indicator_activity(code, indicator, letters, cited, diagnostics)


def _read_public_value_codes(
    indicators: Iterable[IndicatorRecord], cited: set[str]
) -> dict[str, IndicatorRecord]:
    """Return the VP rows by normalised code.

    The indicator-table parser already reports the codes it finds malformed ("d.,1",
    "q1"); here they are only normalised the same way as the activities' codes, so
    that "d.,1" answers an activity citing "d.1". A capital I is read as whichever of
    i and l an activity cites.
    """
    table: dict[str, IndicatorRecord] = {}
    for indicator in indicators:
        if indicator.kind != IndicatorKind.PUBLIC_VALUE or not indicator.code.strip():
            continue
        code = normalise_indicator_code(indicator.code).code
        if indicator.code.strip()[:1] == "I":
            code = next(
                (
                    candidate
                    for letter in ("l", "i")
                    if (candidate := normalise_indicator_code(indicator.code, letter).code) in cited
                ),
                code,
            )
        if code:
            table.setdefault(code, indicator)
    return table


def _check_indicator_activity(
    code: str,
    indicator: IndicatorRecord,
    letters: set[str],
    cited: set[str],
    diagnostics: list[Diagnostic],
) -> None:
    if code.startswith("concluso"):
        if code not in cited:
            diagnostics.append(
                Diagnostic(
                    indicator.line,
                    Severity.INFO,
                    "concluded_indicator_unlinked",
                    f"l'indicatore «{indicator.code}» riguarda un'attività conclusa che "
                    "nessuna attività della tabella cita",
                )
            )
        return
    letter = code.split(".")[0]
    if letter not in letters:
        diagnostics.append(
            Diagnostic(
                indicator.line,
                Severity.WARNING,
                "indicator_without_activity",
                f"l'indicatore «{indicator.code}» rimanda all'attività {letter}, che il "
                "programma non elenca",
            )
        )
