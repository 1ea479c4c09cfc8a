"""Read one table cell of an Italian public document into a `CellValue`.

`parse_cell` is pure and general: the relazione sul controllo strategico, the PSM
monitoring and the performance plan print values the same way. `as_printed` is the
text exactly as given; everything else is read from a normalised copy (no HTML,
single spaces). The rules, in the order the code applies them:

Numbers (`read_italian_number`)
    Italian convention: "." groups thousands, "," marks decimals (``1.054.787,85``,
    ``2.689`` = 2689, ``87,34``, ``4002``). A reading that needs another convention
    is never guessed; the value is None and a code goes to ``CellValue.issues``
    (the table parser turns it into a diagnostic with the line):

    * ``ambiguous_separator``: a comma followed by exactly three digits (``20,000``,
      ``1.000,000``). Italian says 20, English 20000, and the seed shows which is
      meant only by accident (the cell next to ``€. 20,000`` reads ``€ 20.000``).
    * ``malformed_number``: no convention reads it (``4.224057,67``, ``100.0000``,
      ``1.00.000``, ``1.000 000``) or only a foreign one (``3.14``, ``1,234.56``).

Whole cells
    empty, ``-``, ``–`` → missing; ``N.D.``, ``n.d.`` → missing + non_disponibile;
    ``SI``, ``Sì``, ``NO`` → yes_no with value 1 / 0.

Values
    A value is a number with what is glued to it: a sign (``-13,8``; not the bullet
    of ``- 494``), ``€`` / ``Euro`` / ``euro`` before or after, ``%``, a unit (``mq``,
    ``m``, ``gg`` …), ``mila`` / ``milioni`` (``200 mila euro`` = 200000: the words
    say so exactly), qualifiers (``c.a``, ``circa``, ``>``, ``oltre``, ``<``), a
    footnote ``*`` and a ratio denominator (``454/569``, ``412/€ 378.276,22``).
    ``Pre-consuntivo``, ``dato parziale``, ``N.D.`` and a loose ``*`` qualify the
    whole cell. Numbers that are not values but part of a label: years after a word
    that introduces one (``nati 1960``, ``Anno 2021``, ``dato 2024``), ranges
    (``2022-2023``, ``14-15enni``), dates (``23/1/2024``, ``da 10/10 a 31/12``),
    names (``Cluster 1:``), identifiers (``Cap 166000``, ``art. 110``, ``sentieri 16,
    26 e 29``). A slash between two values with the same unit of measure is a pair,
    not a ratio (``210 gg / 240 gg``: a ratio of days would not repeat the unit).

Labels
    Every value keeps the words around it. When labels end with ":" or the cell
    starts with words and ends with a number (``Tot. 19.959 centrale 6.120 Del.
    13.839``), the words before a value are its label; otherwise the words after it
    (``11.614 nati 1960 11.934 nati 1961``). "di cui" opens the label of the value
    it introduces. " … " marks where the value stood inside its label (``Riduzione
    del … spesa per interessi passivi``). A parenthesis holding values is read as a
    small cell of its own and its values become further components (``248 (228 sul
    territorio + 20 in deposito in vivaio)``); one without values is label text
    (``54.357.605,08 (PN METRO PLUS)``).

Headline value: conservative
    `value` is set only when the cell states one number: a single value (with its
    qualifiers, unit and a remark in parentheses), the result after "="
    (``120.090 / 126.073 = 95 %``), the one value labelled ``tot.`` / ``totale``, or
    a value followed by its own breakdown ("di cui …", a parenthesis of parts added
    with "+"). Otherwise None and the components carry the numbers: a sum such as
    ``54.357.605,08 + 702.982.827,4 €`` is never added up. A ratio's headline is its
    numerator, the denominator is in the component (dividing would mean rounding);
    a percent's headline is the printed number (87,34 % → 87.34). With no headline
    the cell's `value_type` is the components' common type, or text when they mix.

Prose
    A cell that starts with two or more words and holds five or more is a sentence
    (``Riduzione del 51% spesa per interessi passivi``): value_type text, no headline,
    and only values clearly marked as such (unit, currency, percent, ratio, qualifier
    or "label:") become components; bare numbers stay words of the sentence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from cruscotto.importers.records import CellValue, Qualifier, ValueComponent, ValueType

AMBIGUOUS_SEPARATOR = "ambiguous_separator"
MALFORMED_NUMBER = "malformed_number"

_EURO = "€"
_PERCENT = "%"
_UNITS = frozenset(
    {"mq", "m", "km", "kmq", "ha", "gg", "giorni", "ore", "kg", "t", "mc", "kwh", "mwh"}
)
# Only surface units are printed before the number ("mq 18.200.000").
_PREFIX_UNITS = frozenset({"mq", "kmq", "ha"})
_MULTIPLIERS = {
    "mila": Decimal(1000),
    "milione": Decimal(10**6),
    "milioni": Decimal(10**6),
    "mln": Decimal(10**6),
    "miliardo": Decimal(10**9),
    "miliardi": Decimal(10**9),
    "mld": Decimal(10**9),
}
# Words after which a four-digit 19xx/20xx number is a year, not a value.
_YEAR_WORDS = frozenset(
    {
        "anno", "anni", "nati", "nate", "nato", "nata", "dal", "al", "del", "nel", "dell'anno",
        "entro", "fino", "sino", "scavalco", "esercizio", "dato", "dati", "gennaio", "febbraio",
        "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
        "novembre", "dicembre", "a.s", "as",
    }
)  # fmt: skip
# Words after which a number names something (a budget chapter, a street, a project stage).
_IDENTIFIER_WORDS = frozenset(
    {
        "cap", "capitolo", "art", "artt", "articolo", "comma", "via", "corso", "piazza", "sal",
        "cluster", "lotto", "lotti", "missione", "programma", "asse", "azione", "strategia",
        "legge", "l", "d.lgs", "dlgs", "delibera", "deliberazione", "determina", "dd", "reg",
        "regolamento", "circoscrizione", "circ", "sentiero", "sentieri", "linea", "zona",
        "misura", "n.ro",
    }
)  # fmt: skip
_DATE_WORDS = frozenset({"da", "dal", "a", "al", "entro", "il", "del", "fino", "sino"})
_TOTAL_LABELS = frozenset({"tot", "totale", "tot."})
_OF_WHICH = re.compile(r"(?:,|\s|^)(di cui|dei quali|delle quali)\s*$", re.IGNORECASE)
_OPENS_WITH_OF_WHICH = re.compile(r"\s*(?:di cui|dei quali|delle quali)(?!\w)", re.IGNORECASE)
_YES = frozenset({"si", "sì", "sí", "si'"})
_NO = frozenset({"no"})
_DASHES = frozenset({"-", "–", "—", "--", "---"})
_NOT_AVAILABLE_CELL = re.compile(
    r"^(?:n\.?\s?d\.?|n/d|non disponibile|dato non disponibile)$", re.IGNORECASE
)

_TOKEN_PATTERN = re.compile(
    r"""
    (?P<date>(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/]))
  | (?P<range>(?<![\w.,])\d+(?:[.,]\d+)?[-–]\d+(?:[.,]\d+)?(?:[^\W\d_]+)?(?![\d.,]))
  | (?P<not_available>(?<!\w)(?:[nN]\.\s?[dD]\.?|ND|N/D|n/d)(?!\w))
  | (?P<pre_final>(?i:pre[-\s]?consuntiv[oi]))
  | (?P<partial>(?<!\w)(?i:dat[oi]\s+(?:\w+\s+){0,2}parzial[ei]|parzial[ei])(?!\w))
  | (?P<approximate>(?<!\w)(?i:c\.\s?a\.?(?!\w)|ca\.|circa(?!\w)))
  | (?P<greater>>=?|≥|(?<!\w)(?i:oltre|più\s+di|almeno)(?!\w))
  | (?P<less><=?|≤|(?<!\w)(?i:meno\s+di|inferiore\s+a)(?!\w))
  | (?P<number_sign>(?<!\w)(?:N°|n°|N\.|n\.|nr\.|Nr\.)(?=\s?\d))
  | (?P<currency>€\.?|(?<!\w)(?i:euro|eur)(?!\w))
  | (?P<number>\d+(?:[.,]\d+)*)
  | (?P<symbol>[%/+=:*()\[\];,])
  | (?P<dash>[-–—])
  | (?P<word>[^\s%/+=:*()\[\];,<>≥≤€\d\-–—][^\s%/+=:*()\[\];,<>≥≤€]*)
    """,
    re.VERBOSE,
)
_PLAIN_NUMBER = re.compile(
    r"^(?P<prefix>€\.?\s?)?(?P<sign>-)?(?P<digits>\d+(?:[.,]\d+)*)\s?(?P<suffix>[%€])?$"
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_LETTER = re.compile(r"[^\W\d_]")
_LABEL_EDGE = " \t-–—+=/:;,.*"


@dataclass(frozen=True)
class NumberReading:
    """A number read from its printed digits: `value` is None when `issue` says why."""

    value: Decimal | None
    issue: str | None = None


def read_italian_number(digits: str) -> NumberReading:
    """Read unsigned digits with '.' and ',' separators under the Italian convention."""
    if digits.isdigit():
        return NumberReading(Decimal(digits))
    integer_part, comma, decimals = digits.partition(",")
    if "," in decimals or "." in decimals:
        return NumberReading(None, MALFORMED_NUMBER)  # "1,234,567", "1,234.56": not Italian
    if "." in integer_part and not _is_thousands_grouping(integer_part):
        return NumberReading(None, MALFORMED_NUMBER)  # "4.224057,67", "100.0000", "3.14"
    whole = integer_part.replace(".", "")
    if not comma:
        return NumberReading(Decimal(whole))
    if len(decimals) == 3 and whole.strip("0"):  # not int(): it refuses 4,300 digits and more
        return NumberReading(None, AMBIGUOUS_SEPARATOR)  # "20,000": 20 or 20000?
    return NumberReading(Decimal(f"{whole}.{decimals}"))


def _is_thousands_grouping(digits: str) -> bool:
    groups = digits.split(".")
    first, rest = groups[0], groups[1:]
    return (
        1 <= len(first) <= 3
        and (first != "0" or not rest)
        and not (first.startswith("0") and len(first) > 1)
        and all(len(group) == 3 for group in rest)
    )


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass
class _Group:
    """A parenthesised part of the cell, read as its own small cell."""

    start: int  # position of "("
    end: int  # position after ")"
    reading: _Reading
    tokens: list[_Token]  # every token inside, nested parentheses included


@dataclass
class _Quantity:
    start: int
    end: int
    value: Decimal | None
    unit: str = ""
    denominator: Decimal | None = None
    is_ratio: bool = False
    qualifiers: set[Qualifier] = field(default_factory=set)
    issues: list[str] = field(default_factory=list)
    label: str = ""
    colon_label: bool = False
    total_label: bool = False
    positions: set[int] = field(default_factory=set)  # sequence positions read into it

    @property
    def value_type(self) -> ValueType:
        if self.is_ratio:
            return ValueType.RATIO
        if self.unit == _EURO:
            return ValueType.EURO
        if self.unit == _PERCENT:
            return ValueType.PERCENT
        return ValueType.COUNT

    @property
    def clearly_labelled(self) -> bool:
        return bool(self.unit or self.is_ratio or self.qualifiers or self.colon_label)


@dataclass
class _Reading:
    """What one level of a cell (the cell itself or a parenthesis) holds."""

    quantities: list[_Quantity]  # values at this level, in printed order
    groups: list[_Group]  # parentheses holding values, in printed order
    prose: bool
    first_value_is_total: bool = False  # "377.000 di cui 147.000 … e 230.000 …"
    lists_parts: bool = False  # the level lists the parts of a total: "di cui …", "a + b"
    headline: _Quantity | None = None

    def all_quantities(self) -> list[_Quantity]:
        """Return every value of this level and of its parentheses, in printed order."""
        nested = [(group.start, group.reading.all_quantities()) for group in self.groups]
        ordered: list[tuple[int, list[_Quantity]]] = [(q.start, [q]) for q in self.quantities]
        ordered.extend(nested)
        ordered.sort(key=lambda pair: pair[0])
        return [quantity for _, quantities in ordered for quantity in quantities]


# A table repeats the same few cells ("-", "0", "N.D." …) and a CellValue is immutable,
# so the same text can share one reading.
@lru_cache(maxsize=8192)
def parse_cell(text: str) -> CellValue:
    """Return the cell `text` parsed; `as_printed` is `text` unchanged."""
    normalised = normalise_cell_text(text)
    special = _read_special_cell(text, normalised)
    if special is None:
        special = _read_plain_number(text, normalised)
    return special if special is not None else _read_structured_cell(text, normalised)


def _read_plain_number(text: str, normalised: str) -> CellValue | None:
    """Read the common cell that is one number, maybe with "€" or "%", without tokenising.

    Gives the same result as `_read_structured_cell`; most cells of a table are like this.
    """
    match = _PLAIN_NUMBER.match(normalised)
    if match is None or (match.group("prefix") and match.group("suffix")):
        return None
    reading = read_italian_number(match.group("digits"))
    if reading.value is None:
        return None  # let the full reading describe the doubt
    value = -reading.value if match.group("sign") else reading.value
    unit = _EURO if match.group("prefix") else (match.group("suffix") or "")
    component = _Quantity(start=0, end=0, value=value, unit=unit)
    return CellValue(
        as_printed=text,
        value=value,
        value_type=component.value_type,
        components=(_to_component(component, set()),),
    )


def _read_structured_cell(text: str, normalised: str) -> CellValue:
    tokens = _merge_space_grouped_thousands(_tokenise(normalised), normalised)
    cell_qualifiers = _read_cell_wide_qualifiers(tokens)
    reading = _read_level(tokens, 0, len(tokens), normalised)
    reading.headline = _choose_headline(reading, normalised)
    return _build_cell_value(text, reading, cell_qualifiers)


def normalise_cell_text(text: str) -> str:
    """Return the cell text without HTML, with plain spaces, collapsed and stripped."""
    without_tags = _HTML_TAG.sub(" ", html.unescape(text))
    plain = without_tags.replace("\xa0", " ").replace("\u202f", " ").replace("\u2212", "-")
    return " ".join(plain.split())


def _read_special_cell(text: str, normalised: str) -> CellValue | None:
    folded = normalised.casefold().rstrip(".")
    if not normalised or normalised in _DASHES:
        return CellValue(as_printed=text, value=None, value_type=ValueType.MISSING)
    if _NOT_AVAILABLE_CELL.match(normalised):
        return CellValue(
            as_printed=text,
            value=None,
            value_type=ValueType.MISSING,
            qualifiers=(Qualifier.NOT_AVAILABLE,),
        )
    if folded in _YES or folded in _NO:
        answer = Decimal(1) if folded in _YES else Decimal(0)
        return CellValue(
            as_printed=text,
            value=answer,
            value_type=ValueType.YES_NO,
            components=(ValueComponent(value=answer, value_type=ValueType.YES_NO),),
        )
    return None


def _tokenise(text: str) -> list[_Token]:
    return [
        _Token(match.lastgroup or "word", match.group(), match.start(), match.end())
        for match in _TOKEN_PATTERN.finditer(text)
    ]


def _merge_space_grouped_thousands(tokens: list[_Token], text: str) -> list[_Token]:
    """Join "1.000 000" into one malformed number instead of reading 1000 and 0."""
    merged: list[_Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and token.kind == "number"
            and previous.kind == "number"
            and len(token.text) == 3
            and token.text.startswith("0")
            and text[previous.end : token.start] == " "
        ):
            merged[-1] = _Token(
                "spaced_number", text[previous.start : token.end], previous.start, token.end
            )
            continue
        merged.append(token)
    return merged


def _read_cell_wide_qualifiers(tokens: list[_Token]) -> set[Qualifier]:
    qualifiers: set[Qualifier] = set()
    for token in tokens:
        if token.kind == "pre_final":
            qualifiers.add(Qualifier.PRE_FINAL)
        elif token.kind == "partial":
            qualifiers.add(Qualifier.PARTIAL)
        elif token.kind == "not_available":
            qualifiers.add(Qualifier.NOT_AVAILABLE)
        elif token.text == "*":
            qualifiers.add(Qualifier.FOOTNOTE)
    return qualifiers


# --- one level: the cell or the inside of a parenthesis -------------------------------------


def _read_level(tokens: list[_Token], low: int, high: int, text: str) -> _Reading:
    sequence, groups = _split_groups(tokens, low, high, text)
    quantities = _assemble_quantities(sequence, text)
    level_start = tokens[low].start if low < high else 0
    level_end = tokens[high - 1].end if low < high else 0
    value_groups = [group for group in groups if group.reading.all_quantities()]
    blanked = _blank_non_label_text(text, sequence, quantities, value_groups)
    prose = _is_prose(blanked, quantities, level_start, level_end)
    if prose:
        # Bare numbers inside a sentence are part of the sentence: read them as words.
        quantities = [quantity for quantity in quantities if quantity.clearly_labelled]
        blanked = _blank_non_label_text(text, sequence, quantities, value_groups)
    first_value_is_total = _assign_labels(quantities, blanked, level_start, level_end)
    plus_between = _joined_by_plus(quantities, blanked)
    if plus_between and all(plus_between):
        _propagate_unit_over_sum(quantities)
    opens_with_of_which = bool(_OPENS_WITH_OF_WHICH.match(blanked[level_start:level_end]))
    return _Reading(
        quantities=quantities,
        groups=value_groups,
        prose=prose,
        first_value_is_total=first_value_is_total,
        lists_parts=opens_with_of_which or any(plus_between),
    )


def _split_groups(
    tokens: list[_Token], low: int, high: int, text: str
) -> tuple[list[_Token | _Group], list[_Group]]:
    """Return this level's tokens with each parenthesis replaced by its reading."""
    sequence: list[_Token | _Group] = []
    groups: list[_Group] = []
    index = low
    while index < high:
        token = tokens[index]
        if token.text != "(":
            sequence.append(token)
            index += 1
            continue
        closing = _find_closing_parenthesis(tokens, index, high)
        inner = _read_level(tokens, index + 1, closing, text)
        end = tokens[closing].end if closing < high else tokens[high - 1].end
        group = _Group(
            start=token.start, end=end, reading=inner, tokens=tokens[index + 1 : closing]
        )
        sequence.append(group)
        groups.append(group)
        index = closing + 1
    return sequence, groups


def _find_closing_parenthesis(tokens: list[_Token], opening: int, high: int) -> int:
    depth = 0
    for index in range(opening, high):
        if tokens[index].text == "(":
            depth += 1
        elif tokens[index].text == ")":
            depth -= 1
            if depth == 0:
                return index
    return high  # unclosed: the parenthesis runs to the end of the level


def _assemble_quantities(sequence: list[_Token | _Group], text: str) -> list[_Quantity]:
    label_numbers = _find_label_numbers(sequence)
    consumed: set[int] = set()
    quantities: list[_Quantity] = []
    position = 0
    while position < len(sequence):
        element = sequence[position]
        if (
            isinstance(element, _Token)
            and element.kind in ("number", "spaced_number")
            and position not in label_numbers
        ):
            already_consumed = set(consumed)
            quantity, position = _read_quantity(sequence, position, text, consumed, label_numbers)
            quantity.positions = consumed - already_consumed
            quantities.append(quantity)
            continue
        position += 1
    return quantities


def _find_label_numbers(sequence: list[_Token | _Group]) -> set[int]:
    """Return the positions of numbers that belong to a label, not to a value."""
    labels: set[int] = set()
    identifiers: set[int] = set()
    for position, element in enumerate(sequence):
        if not isinstance(element, _Token) or element.kind != "number":
            continue
        previous_word = _word_before(sequence, position)
        following = _element_at(sequence, position + 1)
        if isinstance(following, _Token) and following.text == ":":
            labels.add(position)  # "Cluster 1: 4%"
        elif _is_year(element.text) and previous_word in _YEAR_WORDS:
            labels.add(position)  # "nati 1960", "Anno 2021"
        elif previous_word in _IDENTIFIER_WORDS or _continues_list(sequence, position, identifiers):
            labels.add(position)  # "Cap 166000", "sentieri 16, 26 e 29"
            identifiers.add(position)
        elif _is_glued_to_word(element, following):
            labels.add(position)  # "2a", "3D"
        elif previous_word in _DATE_WORDS and _is_day_month_pair(sequence, position):
            labels.update({position, position + 2})  # "da 10/10 a 31/12"
    return labels


def _word_before(sequence: list[_Token | _Group], position: int) -> str:
    previous = _element_at(sequence, position - 1)
    if isinstance(previous, _Token) and previous.kind == "word":
        return previous.text.casefold().rstrip(".")
    return ""


def _element_at(sequence: list[_Token | _Group], position: int) -> _Token | _Group | None:
    return sequence[position] if 0 <= position < len(sequence) else None


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


def _continues_list(sequence: list[_Token | _Group], position: int, identifiers: set[int]) -> bool:
    joiner = _element_at(sequence, position - 1)
    joined = isinstance(joiner, _Token) and joiner.text.casefold() in (",", "e", "ed")
    return joined and position - 2 in identifiers


def _is_glued_to_word(number: _Token, following: _Token | _Group | None) -> bool:
    if (
        not isinstance(following, _Token)
        or following.kind != "word"
        or following.start != number.end
    ):
        return False
    folded = following.text.casefold()
    return folded not in _UNITS and folded not in _MULTIPLIERS


def _is_day_month_pair(sequence: list[_Token | _Group], position: int) -> bool:
    slash = _element_at(sequence, position + 1)
    second = _element_at(sequence, position + 2)
    first = sequence[position]
    if not (isinstance(slash, _Token) and slash.text == "/" and isinstance(second, _Token)):
        return False
    if not (isinstance(first, _Token) and first.text.isdigit() and second.text.isdigit()):
        return False
    # Compared as text first: int() refuses a run of digits longer than 4,300.
    day, month = first.text.lstrip("0"), second.text.lstrip("0")
    return (
        len(day) <= 2
        and len(month) <= 2
        and 1 <= int(day or 0) <= 31
        and 1 <= int(month or 0) <= 12
    )


def _read_quantity(
    sequence: list[_Token | _Group],
    position: int,
    text: str,
    consumed: set[int],
    label_numbers: set[int],
) -> tuple[_Quantity, int]:
    """Read the number at `position` with what is glued to it; return it and the next position."""
    quantity = _read_bare_quantity(sequence, position, text, consumed)
    after = _read_suffixes(sequence, position + 1, quantity, consumed)
    slash = _element_at(sequence, after)
    denominator_at = _find_denominator(sequence, after + 1)
    if (
        isinstance(slash, _Token)
        and slash.text == "/"
        and denominator_at is not None
        and denominator_at not in label_numbers
    ):
        denominator = _read_bare_quantity(sequence, denominator_at, text, consumed)
        denominator_after = _read_suffixes(sequence, denominator_at + 1, denominator, consumed)
        if _is_ratio(quantity, denominator):
            consumed.add(after)
            _merge_denominator(quantity, denominator)
            return quantity, denominator_after
        # A pair such as "210 gg / 240 gg": give the consumed tokens back to the second value.
        for index in range(denominator_at - 1, denominator_after):
            consumed.discard(index)
    return quantity, after


def _find_denominator(sequence: list[_Token | _Group], position: int) -> int | None:
    element = _element_at(sequence, position)
    if isinstance(element, _Token) and element.kind == "currency":
        element, position = _element_at(sequence, position + 1), position + 1
    if isinstance(element, _Token) and element.kind == "number":
        return position
    return None


def _read_bare_quantity(
    sequence: list[_Token | _Group], position: int, text: str, consumed: set[int]
) -> _Quantity:
    number = sequence[position]
    assert isinstance(number, _Token)
    if number.kind == "spaced_number":
        reading = NumberReading(None, MALFORMED_NUMBER)
    else:
        reading = read_italian_number(number.text)
    quantity = _Quantity(start=number.start, end=number.end, value=reading.value)
    if reading.issue:
        quantity.issues.append(reading.issue)
    consumed.add(position)
    _read_prefixes(sequence, position - 1, quantity, text, consumed)
    return quantity


def _read_prefixes(
    sequence: list[_Token | _Group],
    position: int,
    quantity: _Quantity,
    text: str,
    consumed: set[int],
) -> None:
    element = _element_at(sequence, position)
    if _is_sign(element, quantity, text):
        assert isinstance(element, _Token)
        quantity.value = -quantity.value if quantity.value is not None else None
        quantity.start = element.start
        consumed.add(position)
        position -= 1
        element = _element_at(sequence, position)
    while isinstance(element, _Token) and position not in consumed:
        if element.kind == "number_sign":
            pass
        elif element.kind == "currency" and not quantity.unit:
            quantity.unit = _EURO
        elif (
            element.kind == "word"
            and element.text.casefold() in _PREFIX_UNITS
            and not quantity.unit
        ):
            quantity.unit = element.text.casefold()
        elif element.kind == "approximate":
            quantity.qualifiers.add(Qualifier.APPROXIMATE)
        elif element.kind == "greater":
            quantity.qualifiers.add(Qualifier.GREATER_THAN)
        elif element.kind == "less":
            quantity.qualifiers.add(Qualifier.LESS_THAN)
        else:
            return
        quantity.start = element.start
        consumed.add(position)
        position -= 1
        element = _element_at(sequence, position)


def _is_sign(element: _Token | _Group | None, quantity: _Quantity, text: str) -> bool:
    if not isinstance(element, _Token) or element.kind != "dash" or element.end != quantity.start:
        return False
    # "-13,8" is negative; "- 494" (a bullet) and "14-15" (a range) are not.
    return element.start == 0 or text[element.start - 1] in " ("


def _read_suffixes(
    sequence: list[_Token | _Group], position: int, quantity: _Quantity, consumed: set[int]
) -> int:
    element = _element_at(sequence, position)
    if isinstance(element, _Token) and element.text.casefold() in _MULTIPLIERS:
        if quantity.value is not None:
            quantity.value *= _MULTIPLIERS[element.text.casefold()]
        position = _consume(quantity, element, position, consumed)
        element = _element_at(sequence, position)
        following = _element_at(sequence, position + 1)
        if (
            isinstance(element, _Token)
            and element.text.casefold() == "di"
            and isinstance(following, _Token)
            and following.kind == "currency"
        ):
            position = _consume(quantity, element, position, consumed)  # "7 milioni di euro"
            element = following
    for _ in range(3):  # a footnote star, a unit and a trailing "circa" in any order
        if not isinstance(element, _Token):
            break
        if element.text == "*" and element.start == quantity.end:
            quantity.qualifiers.add(Qualifier.FOOTNOTE)
        elif element.text == _PERCENT and not quantity.unit:
            quantity.unit = _PERCENT
        elif (
            element.kind == "currency"
            and not quantity.unit
            and not _is_number_at(sequence, position + 1)
        ):
            quantity.unit = _EURO
        elif element.kind == "word" and element.text.casefold() in _UNITS and not quantity.unit:
            quantity.unit = element.text.casefold()
        elif element.kind == "approximate" and not _starts_value(sequence, position + 1):
            quantity.qualifiers.add(Qualifier.APPROXIMATE)  # "300.000 euro circa"
        else:
            break
        position = _consume(quantity, element, position, consumed)
        element = _element_at(sequence, position)
    return position


def _consume(quantity: _Quantity, token: _Token, position: int, consumed: set[int]) -> int:
    quantity.end = token.end
    consumed.add(position)
    return position + 1


def _is_number_at(sequence: list[_Token | _Group], position: int) -> bool:
    element = _element_at(sequence, position)
    return isinstance(element, _Token) and element.kind in ("number", "number_sign")


def _starts_value(sequence: list[_Token | _Group], position: int) -> bool:
    """Return whether a number, possibly after "€" or "N°", starts at `position`."""
    element = _element_at(sequence, position)
    if isinstance(element, _Token) and element.kind in ("currency", "number_sign"):
        element = _element_at(sequence, position + 1)
    return isinstance(element, _Token) and element.kind == "number"


def _is_ratio(numerator: _Quantity, denominator: _Quantity) -> bool:
    """Euros over euros is a ratio; days over days ("210 gg / 240 gg") is a pair of values."""
    same_measure = bool(numerator.unit) and numerator.unit == denominator.unit
    return not (same_measure and numerator.unit != _EURO)


def _merge_denominator(quantity: _Quantity, denominator: _Quantity) -> None:
    quantity.is_ratio = True
    quantity.denominator = denominator.value
    quantity.unit = quantity.unit or denominator.unit
    quantity.qualifiers |= denominator.qualifiers
    quantity.issues.extend(denominator.issues)
    quantity.end = denominator.end


# --- labels and structure ------------------------------------------------------------------


def _blank_non_label_text(
    text: str,
    sequence: list[_Token | _Group],
    quantities: list[_Quantity],
    value_groups: list[_Group],
) -> str:
    """Return `text` with everything that is not label text replaced by spaces.

    Cell-wide marks ("pre-consuntivo", "N.D.", "*") are qualifiers, not label words,
    also inside a parenthesis: "1.234 (dato parziale)" has no label.
    """
    characters = list(text)
    read = {position for quantity in quantities for position in quantity.positions}
    spans: list[tuple[int, int]] = [(group.start, group.end) for group in value_groups]
    for position, element in enumerate(sequence):
        if isinstance(element, _Group):
            spans.extend(_cell_wide_spans(element))
        elif position in read or _is_cell_wide(element):
            spans.append((element.start, element.end))
    for start, end in spans:
        characters[start:end] = " " * (end - start)
    return "".join(characters)


def _is_cell_wide(token: _Token) -> bool:
    return token.kind in ("pre_final", "partial", "not_available") or token.text == "*"


def _cell_wide_spans(group: _Group) -> list[tuple[int, int]]:
    return [(token.start, token.end) for token in group.tokens if _is_cell_wide(token)]


def _gaps(quantities: list[_Quantity], blanked: str, level_start: int, level_end: int) -> list[str]:
    """Return the label text before, between and after the values: len(quantities) + 1 gaps."""
    bounds = [level_start] + [edge for q in quantities for edge in (q.start, q.end)] + [level_end]
    return [blanked[bounds[index] : bounds[index + 1]] for index in range(0, len(bounds), 2)]


def _count_words(text: str) -> int:
    return sum(1 for word in text.split() if _LETTER.search(word))


def _is_prose(blanked: str, quantities: list[_Quantity], level_start: int, level_end: int) -> bool:
    if not quantities:
        return False
    gaps = _gaps(quantities, blanked, level_start, level_end)
    return _count_words(gaps[0]) >= 2 and sum(_count_words(gap) for gap in gaps) >= 5


def _assign_labels(
    quantities: list[_Quantity], blanked: str, level_start: int, level_end: int
) -> bool:
    """Give every value its label; return True when the first value is followed by "di cui"."""
    if not quantities:
        return False
    gaps = _gaps(quantities, blanked, level_start, level_end)
    moved: list[str] = [""] * len(gaps)
    first_value_is_total = False
    for index in range(1, len(gaps) - 1):
        match = _OF_WHICH.search(gaps[index])
        if match:  # "400, di cui oltre 160 attive": "di cui" opens the next value's label
            moved[index] = match.group(1)
            gaps[index] = gaps[index][: match.start()]
            first_value_is_total = first_value_is_total or index == 1
    prefix_style = any(":" in gap for gap in gaps) or (
        _count_words(gaps[0]) > 0 and _count_words(gaps[-1]) == 0
    )
    for index, quantity in enumerate(quantities):
        before = _join_label(moved[index], gaps[index])
        after = gaps[index + 1]
        if prefix_style:
            parts = [before] + ([after] if index == len(quantities) - 1 else [])
        else:
            parts = ([before] if index == 0 else [moved[index]]) + [after]
        # " … " marks where the value stood: "Riduzione del … spesa per interessi passivi".
        quantity.label = " … ".join(part for part in map(_clean_label, parts) if part)
        quantity.colon_label = prefix_style and gaps[index].rstrip().endswith(":")
        quantity.total_label = _clean_label(gaps[index]).casefold() in _TOTAL_LABELS and (
            prefix_style or index == 0
        )
    return first_value_is_total


def _join_label(moved: str, gap: str) -> str:
    return f"{moved} {gap}" if moved else gap


def _clean_label(label: str) -> str:
    cleaned = " ".join(label.split())
    while True:
        previous = cleaned
        cleaned = cleaned.strip(_LABEL_EDGE)
        cleaned = re.sub(r"^(?:e|ed)\s+|\s+(?:e|ed)$", "", cleaned)
        if cleaned.startswith("(") and cleaned.endswith(")") and cleaned.count("(") == 1:
            cleaned = cleaned[1:-1]
        if cleaned == previous:
            return cleaned


def _joined_by_plus(quantities: list[_Quantity], blanked: str) -> list[bool]:
    """Return, for each pair of neighbouring values, whether a "+" stands between them."""
    return ["+" in blanked[left.end : right.start] for left, right in pairwise(quantities)]


def _propagate_unit_over_sum(quantities: list[_Quantity]) -> None:
    """In "54.357.605,08 + 702.982.827,4 €" the euro sign, printed once, applies to every term."""
    units = {quantity.unit for quantity in quantities if quantity.unit}
    if len(units) == 1 and not any(quantity.is_ratio for quantity in quantities):
        unit = units.pop()
        for quantity in quantities:
            quantity.unit = quantity.unit or unit


def _choose_headline(reading: _Reading, text: str) -> _Quantity | None:
    """Return the value the cell itself states as its number, or None."""
    quantities = reading.quantities
    if reading.prose or not quantities:
        return None
    for index in range(len(quantities) - 1, 0, -1):
        if "=" in text[quantities[index - 1].end : quantities[index].start]:
            return quantities[index]  # "a / b = 3,6%": the printed result
    totals = [quantity for quantity in quantities if quantity.total_label]
    if len(totals) == 1:
        return totals[0]  # "tot. 126.073 sede centrale: 53.232 …"
    if reading.first_value_is_total:
        return quantities[0]  # "377.000 di cui 147.000 … e 230.000 …"
    if len(quantities) == 1 and all(group.reading.lists_parts for group in reading.groups):
        return quantities[0]  # "248 (228 sul territorio + 20 in deposito)", "10.739 (di cui 261 …)"
    return None


def _build_cell_value(text: str, reading: _Reading, cell_qualifiers: set[Qualifier]) -> CellValue:
    quantities = reading.all_quantities()
    data_qualifiers = cell_qualifiers & {Qualifier.PRE_FINAL, Qualifier.PARTIAL}
    components = tuple(_to_component(quantity, data_qualifiers) for quantity in quantities)
    headline = reading.headline
    if headline is not None:
        value_qualifiers = headline.qualifiers
        value_type = headline.value_type
    else:
        value_qualifiers = {
            qualifier for quantity in quantities for qualifier in quantity.qualifiers
        }
        value_type = _common_value_type(quantities) if not reading.prose else ValueType.TEXT
    if not quantities and Qualifier.NOT_AVAILABLE in cell_qualifiers:
        value_type = ValueType.MISSING  # "N.D. (dato parziale)"
    issues = tuple(dict.fromkeys(issue for quantity in quantities for issue in quantity.issues))
    return CellValue(
        as_printed=text,
        value=headline.value if headline is not None else None,
        value_type=value_type,
        qualifiers=_ordered(cell_qualifiers | value_qualifiers),
        components=components,
        issues=issues,
    )


def _to_component(quantity: _Quantity, data_qualifiers: set[Qualifier]) -> ValueComponent:
    return ValueComponent(
        value=quantity.value,
        value_type=quantity.value_type,
        label=quantity.label,
        unit=quantity.unit,
        denominator=quantity.denominator,
        qualifiers=_ordered(quantity.qualifiers | data_qualifiers),
    )


def _common_value_type(quantities: list[_Quantity]) -> ValueType:
    types = {quantity.value_type for quantity in quantities}
    return types.pop() if len(types) == 1 else ValueType.TEXT


def _ordered(qualifiers: set[Qualifier]) -> tuple[Qualifier, ...]:
    return tuple(qualifier for qualifier in Qualifier if qualifier in qualifiers)
