"""Scoring rules, from the words of "Modalità di calcolo" to data the engine can apply.

A rule is one of: yes/no; bands over a value (percent, euro, count, days),
higher- or lower-is-better; proportional to the target; a formula. What cannot
be read is kept as "unparsed" with the reason, never approximated. Bands that
overlap, leave gaps or are not monotone are reported as problems of the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from cruscotto.domain.scoring_rules import Band, Polarity, RuleKind, RuleSpec

from ..cell_values import parse_cell
from ..records import ValueType
from .records import CatalogueEntry

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
VAR = r"(?:valore|incremento|%|n°|N°|n)"
_OPS = {"<": (False,), "<=": (True,)}
# The order matters: each pattern masks what it matched before the next one looks.
_DAYS = re.compile(
    rf"Al{{0,2}}o?\s*(\d+)%\s*se\s*(inferiore a|compreso tra|oltre)\s*({NUM})(?:\s*e\s*({NUM}))?",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"({NUM})\s*(<=|<)\s*{VAR}\s*(<=|<)\s*({NUM})\s*€?\s*(?:Punteggio\s*)?(\d+)", re.IGNORECASE
)
_TOP = re.compile(
    # The score must follow "pari a": where a page break lost it, the clause is left unread.
    rf"è\s*(?:al\s*)?(>=|=>|=|<=|>|<)\s*({NUM})\s*(?:€|%)?(?:(?!punteggio)[^;])*?punteggio pari(?: a)?\s*(\d+)",
    re.IGNORECASE,
)
_EXACT = re.compile(r"è\s+(\d+)\s+punteggio pari(?: a)?\s*(\d+)", re.IGNORECASE)
_ABOVE = re.compile(rf"{VAR}\s*(>=|>)\s*({NUM})\s*€?\s*Punteggio\s*(\d+)", re.IGNORECASE)
_BELOW = re.compile(
    rf"(?<![\d.,])(?:{VAR}\s*)?(<=|<)\s*({NUM})\s*€?\s*Punteggio\s*(\d+)", re.IGNORECASE
)
_HTML_RESIDUE = re.compile(r'=""|<br|</')
_PROPORTIONAL = re.compile(r"si valuta lo scostamento", re.IGNORECASE)
_TWO_PARAMETERS = re.compile(r"uno dei due parametri|su almeno il", re.IGNORECASE)
_FORMULA = re.compile(r"(?:pari a|calcolat\w+ come)\s*:\s*(.+)$", re.IGNORECASE)


def number(text: str) -> Decimal | None:
    """Return the number printed, or None where it cannot be read ("0.000": zero or a typo?)."""
    return parse_cell(text).value


# A score is a percentage of the objective's weight: more digits are not a score.
_MAX_SCORE_DIGITS = 3


def score(text: str) -> int | None:
    """Return the score printed, or None when it cannot be one."""
    return int(text) if len(text) <= _MAX_SCORE_DIGITS else None


def band(
    lower: Decimal | None,
    lower_inclusive: bool,
    upper: Decimal | None,
    upper_inclusive: bool,
    score: int | None,
) -> Band | None:
    """Return the band, or None when its score cannot be read."""
    if score is None:
        return None
    return Band(lower, lower_inclusive, upper, upper_inclusive, score)


def read_rule(entry: CatalogueEntry) -> RuleSpec:
    """Return the rule of a catalogue entry as data."""
    target = parse_cell(entry.target_as_printed) if entry.target_as_printed else None
    if entry.yes_no:
        return RuleSpec(RuleKind.YES_NO, Polarity.HIGHER, unit="yes_no")
    text = clean_rule_text(entry.rule_as_printed)
    unit = unit_of(text, target.value_type if target else None)
    spec = RuleSpec(RuleKind.UNPARSED, unit=unit, target=target.value if target else None)
    if not text:
        spec.problems.append("not_parseable: nessuna regola di calcolo stampata")
        return spec
    if _HTML_RESIDUE.search(text):
        spec.problems.append(
            "not_parseable: fasce e punteggi separati dalla conversione (residui HTML)"
        )
        return spec
    if _TWO_PARAMETERS.search(text) or (target and len(target.components) > 1):
        spec.problems.append("not_parseable: il risultato dipende da due parametri")
        return spec
    formula = _FORMULA.search(text)
    if text.lower().startswith("viene assegnata una %") and formula:
        spec.kind, spec.polarity, spec.formula = (
            RuleKind.FORMULA,
            Polarity.HIGHER,
            formula.group(1).strip(),
        )
        return spec
    bands, leftover = read_bands(text)
    spec.bands = bands
    if _PROPORTIONAL.search(text):
        spec.kind, spec.polarity = RuleKind.PROPORTIONAL, Polarity.HIGHER
        if spec.target is None:
            spec.kind = RuleKind.UNPARSED
            spec.problems.append("not_parseable: proporzionale senza un target numerico")
        return spec
    if not bands:
        spec.problems.append("not_parseable: nessuna fascia riconosciuta")
        return spec
    polarity = polarity_of(bands)
    problems = check_bands(bands, polarity, unit)
    left = " ".join(leftover.split())
    if _has_numbers_left(leftover):
        if any(p.startswith("bands_gap") for p in problems):
            # Unread text and a hole in the bands: the rule is incomplete, not a rule with a gap.
            spec.problems.append(f"not_parseable: testo non interpretato «{left[:80]}»")
            return spec
        problems.append(f"leftover_text: «{left[:80]}» ignorato")
    spec.kind, spec.polarity = RuleKind.BANDS, polarity
    spec.problems.extend(problems)
    return spec


def clean_rule_text(text: str) -> str:
    """Undo the conversion's damage that can be undone: "%-80" for "%<80", HTML line breaks."""
    text = re.sub(r"</[^>]*>", " ", text)
    text = re.sub(r'<br=""\s*punteggio="">', " ", text)
    text = re.sub(r"(?<=[%°])-(?=\s*\d)", "<", text)
    return " ".join(text.split())


def unit_of(text: str, target_type: ValueType | None) -> str:
    if re.search(r"\bgg\b|giorn", text, re.IGNORECASE):
        return "days"
    if re.search(r"\bla %|% di\b", text):  # "Se la % di fascicoli … è >=60" with target "60"
        return "percent"
    return {
        ValueType.PERCENT: "percent",
        ValueType.EURO: "euro",
        ValueType.COUNT: "count",
    }.get(target_type, "") if target_type else ""  # fmt: skip


def read_bands(text: str) -> tuple[list[Band], str]:
    """Return the bands the text states, in printed order without repeats, and what is left."""
    found: list[tuple[int, Band]] = []

    def mask(match: re.Match[str]) -> str:
        return " " * (match.end() - match.start())

    def collect(pattern: re.Pattern[str], build: Callable[[re.Match[str]], Band | None]) -> None:
        nonlocal text

        def read(match: re.Match[str]) -> str:
            band = build(match)
            if band is None:  # a number that cannot be read: left for the leftover text
                return match.group()
            found.append((match.start(), band))
            return mask(match)

        text = pattern.sub(read, text)

    collect(_DAYS, _days_band)
    collect(_RANGE, _range_band)
    collect(_TOP, _top_band)
    collect(_EXACT, _exact_band)
    collect(_ABOVE, _above_band)
    collect(_BELOW, _below_band)
    bands: list[Band] = []
    for _, band in sorted(found, key=lambda pair: pair[0]):
        if band not in bands:
            bands.append(band)
    return bands, text


def _days_band(match: re.Match[str]) -> Band | None:
    points, relation, first = score(match[1]), match[2].lower(), number(match[3])
    if first is None:
        return None
    if relation.startswith("inferiore"):
        return band(None, False, first, False, points)
    if relation.startswith("oltre"):
        return band(first, False, None, False, points)
    second = number(match[4]) if match[4] else None
    if second is None:  # "compreso tra 5" with its second end lost
        return None
    return band(first, True, second, True, points)


def _range_band(match: re.Match[str]) -> Band | None:
    lower, upper = number(match[1]), number(match[4])
    if lower is None or upper is None:
        return None
    return band(lower, match[2] == "<=", upper, match[3] == "<=", score(match[5]))


def _top_band(match: re.Match[str]) -> Band | None:
    operator, value, points = match[1], number(match[2]), score(match[3])
    if value is None:
        return None
    if operator in (">=", "=>", "="):  # "è =100" on a percentage: nothing is above 100
        return band(value, True, None, False, points)
    if operator == ">":
        return band(value, False, None, False, points)
    return band(None, False, value, operator == "<=", points)


def _exact_band(match: re.Match[str]) -> Band | None:
    value = number(match[1])
    return None if value is None else band(value, True, value, True, score(match[2]))


def _above_band(match: re.Match[str]) -> Band | None:
    value = number(match[2])
    return None if value is None else band(value, match[1] == ">=", None, False, score(match[3]))


def _below_band(match: re.Match[str]) -> Band | None:
    value = number(match[2])
    return None if value is None else band(None, False, value, match[1] == "<=", score(match[3]))


def _has_numbers_left(text: str) -> bool:
    """Whether what no pattern read still holds a rule: two numbers, or a comparison."""
    text = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", " ", text)  # "circolare IFEL del 21/11/2019"
    return len(re.findall(r"\d+", text)) >= 2 or bool(re.search(r"[<>]=?\s*\d", text))


def polarity_of(bands: list[Band]) -> Polarity:
    """Higher is better when the best score sits at the top of the value range."""
    ordered = sort_bands(bands)
    best = max(band.score for band in bands)
    return (
        Polarity.LOWER
        if ordered[0].score == best and ordered[-1].score != best
        else Polarity.HIGHER
    )


def sort_bands(bands: list[Band]) -> list[Band]:
    return sorted(
        bands,
        key=lambda b: (
            b.lower is not None,
            b.lower or Decimal(0),
            b.upper is None,
            b.upper or Decimal(0),
        ),
    )


def check_bands(bands: list[Band], polarity: Polarity, unit: str) -> list[str]:
    """Return the problems of a band rule: overlaps, gaps, unbounded ends missing, not monotone."""
    problems = []
    ordered = sort_bands(bands)
    if ordered[0].lower is not None:
        problems.append(f"bands_gap: nessuna fascia sotto {ordered[0].lower}")
    if ordered[-1].upper is not None and not (unit == "percent" and ordered[-1].upper >= 100):
        problems.append(f"bands_gap: nessuna fascia sopra {ordered[-1].upper}")
    # Counts are whole numbers, so "=3" and "=4" leave no gap; days of delay are averages.
    integral = unit == "count" and all(
        (b.lower is None or b.lower == int(b.lower))
        and (b.upper is None or b.upper == int(b.upper))
        for b in bands
    )
    for below, above in zip(ordered, ordered[1:], strict=False):
        if below.upper is None or above.lower is None:
            problems.append(f"bands_overlap: {below.describe()} e {above.describe()}")
            continue
        if below.upper > above.lower or (
            below.upper == above.lower and below.upper_inclusive and above.lower_inclusive
        ):
            problems.append(f"bands_overlap: {below.describe()} e {above.describe()}")
        elif _leaves_gap(below, above, integral):
            problems.append(f"bands_gap: tra {below.upper} e {above.lower}")
    scores = [band.score for band in ordered]
    expected = sorted(scores, reverse=polarity == Polarity.LOWER)
    if scores != expected:
        problems.append(f"bands_not_monotone: punteggi {scores} in ordine di valore")
    return problems


def _leaves_gap(below: Band, above: Band, integral: bool) -> bool:
    assert below.upper is not None and above.lower is not None
    if integral:
        first_uncovered = below.upper + (1 if below.upper_inclusive else 0)
        first_covered = above.lower + (0 if above.lower_inclusive else 1)
        return first_covered > first_uncovered
    return below.upper < above.lower or not (below.upper_inclusive or above.lower_inclusive)
