"""Parser of a council act of the Consiglio metropolitano with its annexed mandate lines.

`parse_council(text)` returns a `CouncilDocument` of plain records and
diagnostics; it never touches the database. `act` reads the session, the act,
attendance, votes and signatures and checks the tallies; `mandate` reads the
annexed mandate lines (Allegato A).
"""

from __future__ import annotations

import re

from cruscotto.core.text import number_lines

from ..records import Diagnostic
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
_ENTE = re.compile(r"CONSIGLIO METROPOLITANO DI TORINO", re.IGNORECASE)


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
    attendees = parse_attendance(lines, diagnostics)
    votes = parse_votes(lines, diagnostics)
    check_votes(votes, attendees, diagnostics)
    document = CouncilDocument(
        ente="Città metropolitana di Torino" if _ENTE.search(text[:_SNIFF_LENGTH]) else "",
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
