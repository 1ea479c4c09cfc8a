"""Parser of a council act of the Consiglio metropolitano with its annexed mandate lines.

`parse_council(text)` returns a `CouncilDocument` of plain records and
diagnostics; it never touches the database. `act` reads the session, the act,
attendance, votes and signatures and checks the tallies; `mandate` reads the
annexed mandate lines (Allegato A).
"""

from __future__ import annotations

import re

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.domain.text import number_lines

from ..duplicates import keep_first
from ..ente_names import (
    PrintedEnte,
    read_council_in_line,
    read_whole_line_ente,
    report_ente_not_found,
)
from .act import (
    check_votes,
    parse_act,
    parse_attendance,
    parse_session,
    parse_signatures,
    parse_votes,
)
from .mandate import parse_mandate
from .records import CouncilDocument

__all__ = ["looks_like_council", "parse_council"]

_SNIFF_LENGTH = 3_000


def looks_like_council(text: str) -> bool:
    """Return whether `text` is a council act: a deliberation heading and a vote tally."""
    head = text[:_SNIFF_LENGTH]
    return bool(
        re.search(r"^DELIBERAZIONE CONSIGLIO", head, re.MULTILINE)
        and re.search(r"^Votanti:", text, re.MULTILINE)
    )


def parse_council(text: str) -> CouncilDocument:
    """Return the records and diagnostics read from the text of the act."""
    lines = number_lines(text)
    diagnostics: list[Diagnostic] = []
    ente = read_ente(lines, diagnostics)
    attendees = keep_first(
        parse_attendance(lines, diagnostics), lambda attendee: attendee.name,
        lambda attendee: attendee.line, lambda attendee: f"«{attendee.name}»",
        "duplicate_attendee", diagnostics,
    )  # fmt: skip
    votes = keep_first(
        parse_votes(lines, diagnostics), lambda vote: vote.point, lambda vote: vote.line,
        lambda vote: f"La votazione sul punto {vote.point}", "duplicate_vote", diagnostics,
    )  # fmt: skip
    check_votes(votes, attendees, diagnostics)
    document = CouncilDocument(
        ente=ente.name if ente else "",
        ente_line=ente.line if ente else None,
        session=parse_session(lines, diagnostics),
        act=parse_act(lines, diagnostics),
        attendees=attendees,
        votes=votes,
        signatures=parse_signatures(lines),
        mandate=parse_mandate(lines, diagnostics),
        diagnostics=diagnostics,
    )
    diagnostics.sort(key=lambda diagnostic: diagnostic.line)
    return document


def read_ente(lines: list[tuple[int, str]], diagnostics: list[Diagnostic]) -> PrintedEnte | None:
    """The ente of the act, from its heading on the first page ("DELIBERAZIONE CONSIGLIO
    METROPOLITANO DI …", or the ente's name on a line of its own). None, and a diagnostic,
    when there is none: the premises name enti too ("Sindaco della Città Metropolitana di
    …"), but which one the act is of is not theirs to say."""
    read = 0
    for line, text in lines:
        name = read_council_in_line(text) or read_whole_line_ente(text)
        if name:
            return PrintedEnte(name, line)
        read += len(text) + 1
        if read > _SNIFF_LENGTH:
            break
    report_ente_not_found("nell'intestazione dell'atto («CONSIGLIO … DI …»)", diagnostics)
    return None
