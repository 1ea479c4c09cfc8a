"""Give each objective of "Target e regole di calcolo" its whole text back.

The "Obiettivo" column of that table drifts against the Id column where the
printed table crosses a page (and in a few rows mid-page): the end of one
objective is printed in the next row ("… il mantenimento del" | "relativo asset
strategico entro il 31/12/2024 Sviluppo economico - …"), or the start of the
next objective closes the previous row ("… entro il 31/12/2024 Implementazione
del contratto collettivo decentrato integrativo" | "del personale …").

The public-value matrix prints every objective whole, so it tells where each
text really begins and ends. This module moves the pieces back to the row they
belong to (only words the matrix prints at that place are moved); where the
table's text is still a part of the matrix's sentence, or the same sentence with
letters misread ("Titolo Ill" for "Titolo III"), the matrix's text is taken.
Every change is reported with the lines involved; nothing is written that the
document does not print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from ..rendiconto.text import normalise_space
from .records import CatalogueEntry

# Fewer words than this could meet by chance at the edge of two texts.
MIN_MOVED_TOKENS = 2
_TOKEN = re.compile(r"[^\W_]+")
_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")


@dataclass(frozen=True)
class Token:
    folded: str
    start: int
    end: int


def tokens_of(text: str) -> list[Token]:
    """Return the words and numbers of `text`, folded, with where each is in `text`."""
    return [Token(fold_text(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def folded(tokens: list[Token]) -> list[str]:
    return [token.folded for token in tokens]


def head_of_next_length(text: str, next_matrix_text: str, own_matrix_text: str) -> int:
    """Return how many last words of `text` are the opening words of the next objective.

    0 when none: the words must open the next objective's matrix text and must not
    close this objective's own (then they are simply shared wording).
    """
    words, following, own = (
        folded(tokens_of(t)) for t in (text, next_matrix_text, own_matrix_text)
    )
    for length in range(min(len(words) - 1, len(following)), MIN_MOVED_TOKENS - 1, -1):
        piece = words[-length:]
        if piece == following[:length] and own[-length:] != piece:
            return length
    return 0


def tail_of_previous_length(text: str, previous_matrix_text: str, own_matrix_text: str) -> int:
    """Return how many first words of `text` are the closing words of the previous objective."""
    words, preceding, own = (
        folded(tokens_of(t)) for t in (text, previous_matrix_text, own_matrix_text)
    )
    for length in range(min(len(words) - 1, len(preceding)), MIN_MOVED_TOKENS - 1, -1):
        piece = words[:length]
        if piece == preceding[-length:] and own[:length] != piece:
            return length
    return 0


_CLOSING = re.compile(r"[.,;:)\]»\"]+|%[.,;:)]*")


def split_after_tokens(text: str, count: int) -> tuple[str, str]:
    """Return `text` cut after its first `count` words.

    The punctuation that closes the last of them goes with it ("100%.", "2024)");
    a "%" goes with a number only ("n. 2 zone omogenee" | "% di riduzione …").
    """
    tokens = tokens_of(text)
    if count >= len(tokens):
        return text, ""
    if count == 0:
        return "", text
    last = tokens[count - 1]
    cut = last.end
    closing = _CLOSING.match(text, cut)
    if closing and (not closing.group().startswith("%") or last.folded.isdigit()):
        cut = closing.end()
    return normalise_space(text[:cut]), normalise_space(text[cut:])


def is_part_of(text: str, matrix_text: str, note: str = "") -> bool:
    """Whether `text` is a piece of the sentence `matrix_text` prints, cut at either end.

    A text that lacks only the closing "Target 100%", or only its note, is whole:
    "Target e regole di calcolo" prints those in their own columns, the matrix
    appends them to the sentence.
    """
    words, whole = folded(tokens_of(text)), folded(tokens_of(matrix_text))
    if not words or len(words) >= len(whole):
        return False
    note_words = " ".join(folded(tokens_of(note)))
    for start in range(len(whole) - len(words) + 1):
        if whole[start : start + len(words)] == words:
            after = whole[start + len(words) :]
            if start:
                return True
            return after[0] != "TARGET" and " ".join(after) not in note_words
    return False


def misread_roman_numerals(text: str, matrix_text: str) -> list[tuple[str, str]]:
    """Return the (table, matrix) words that differ only as a misread Roman numeral.

    "Ill" for "III" is an OCR confusion of I and l; when that is the only
    difference, the matrix's spelling is the document's. [] when the texts
    differ otherwise, or do not differ.
    """
    words, other = tokens_of(text), tokens_of(matrix_text)
    if len(words) != len(other):
        return []
    pairs = [
        (text[a.start : a.end], matrix_text[b.start : b.end])
        for a, b in zip(words, other, strict=True)
        if a.folded != b.folded
    ]
    confusable = str.maketrans({"L": "I", "1": "I"})
    if pairs and all(
        _ROMAN_NUMERAL.match(theirs)
        and not _ROMAN_NUMERAL.match(ours.upper())
        and ours.upper().translate(confusable) == theirs
        for ours, theirs in pairs
    ):
        return pairs
    return []


def repair_split_texts(order: list[CatalogueEntry], diagnostics: list[Diagnostic]) -> None:
    """Move the pieces of text printed in a neighbouring row back; then prefer a whole text.

    `order` is the entries in the order of the rows of "Target e regole di
    calcolo". Each entry's `text` is changed in place.
    """
    for previous, current in zip(order, order[1:], strict=False):
        if not (previous.text and current.text and previous.matrix_text and current.matrix_text):
            continue
        moved = head_of_next_length(previous.text, current.matrix_text, previous.matrix_text)
        if moved:
            kept, piece = split_after_tokens(previous.text, len(tokens_of(previous.text)) - moved)
            previous.text, current.text = kept, normalise_space(f"{piece} {current.text}")
            diagnostics.append(
                Diagnostic(previous.line, Severity.WARNING, "objective_text_split_repaired",
                           f"obiettivo {current.objective_id}: l'inizio del testo («{piece}») è stampato "
                           f"nella riga dell'obiettivo {previous.objective_id} (riga {previous.line}); "
                           f"riportato all'obiettivo {current.objective_id}, come nella matrice del "
                           f"valore pubblico (riga {current.matrix_line})")
            )  # fmt: skip
        moved = tail_of_previous_length(current.text, previous.matrix_text, current.matrix_text)
        if moved:
            piece, kept = split_after_tokens(current.text, moved)
            previous.text, current.text = normalise_space(f"{previous.text} {piece}"), kept
            diagnostics.append(
                Diagnostic(current.line, Severity.WARNING, "objective_text_split_repaired",
                           f"obiettivo {previous.objective_id}: la fine del testo («{piece}») è stampata "
                           f"nella riga dell'obiettivo {current.objective_id} (riga {current.line}); "
                           f"riportata all'obiettivo {previous.objective_id}, come nella matrice del "
                           f"valore pubblico (riga {previous.matrix_line})")
            )  # fmt: skip
    for entry in order:
        prefer_whole_matrix_text(entry, diagnostics)


def prefer_whole_matrix_text(entry: CatalogueEntry, diagnostics: list[Diagnostic]) -> None:
    """Take the matrix's text when the table's is only a part of it, or the same misread."""
    if not entry.text or not entry.matrix_text:
        return
    if is_part_of(entry.text, entry.matrix_text, entry.note):
        reason = (
            f"il testo di «Target e regole di calcolo» (riga {entry.line}) è solo una parte "
            f"di quello della matrice del valore pubblico (riga {entry.matrix_line})"
        )
    elif pairs := misread_roman_numerals(entry.text, entry.matrix_text):
        misread = ", ".join(f"«{ours}» per «{theirs}»" for ours, theirs in pairs)
        reason = (
            f"«Target e regole di calcolo» (riga {entry.line}) stampa {misread}; "
            f"per il resto il testo è quello della matrice del valore pubblico (riga {entry.matrix_line})"
        )
    else:
        return
    entry.text = entry.matrix_text
    diagnostics.append(
        Diagnostic(entry.line, Severity.INFO, "objective_text_from_value_matrix",
                   f"obiettivo {entry.objective_id}: testo preso dalla matrice del valore pubblico: {reason}")
    )  # fmt: skip
