"""Typed records read from a council act (Consiglio metropolitano) and its mandate lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from cruscotto.domain.diagnostics import Diagnostic


class AttendanceStatus(StrEnum):
    PRESENT = "presente"
    ABSENT = "assente"
    SPOKESPERSON = "portavoce"  # a zone's spokesperson: takes part, does not vote


class VoteChoice(StrEnum):
    IN_FAVOUR = "favorevole"
    AGAINST = "contrario"
    ABSTAINED = "astenuto"
    NOT_VOTING = "non_votante"  # present at the session, did not take part in this vote


@dataclass
class AttendeeRecord:
    line: int
    name: str  # as printed in the attendance list: "Marco COGNO"
    surname: str  # the upper-case part: "COGNO"
    role: str  # "Sindaco Metropolitano", "Consigliere", "Portavoce"
    status: AttendanceStatus
    zone_number: int | None = None  # for spokespersons: the zona omogenea they speak for
    zone_name: str = ""


@dataclass
class BallotRecord:
    """One person's vote on one operative point, as printed and as matched."""

    line: int
    printed_name: str  # "Cagno"
    choice: VoteChoice
    attendee: str = ""  # the attendance name it was matched to ("Marco COGNO"), "" if none


@dataclass
class VoteRecord:
    """The vote on one operative point: printed tallies and the names behind them.

    A tally the act does not print is None (unknown), never zero.
    """

    line: int
    point: int
    text: str  # the operative point as printed in the DELIBERA
    text_line: int
    present: int | None = None
    voting: int | None = None
    in_favour: int | None = None
    against: int | None = None
    abstained: int | None = None
    not_voting: int | None = None
    outcome: str = ""  # "approvato", "respinto", "" when not printed
    ballots: list[BallotRecord] = field(default_factory=list)


@dataclass
class SignatureRecord:
    line: int
    role: str  # "IL VICESEGRETARIO GENERALE"
    name: str
    digitally_signed: bool


@dataclass
class SessionRecord:
    line: int
    number: str  # "II", as printed after ADUNANZA
    date: datetime.date | None
    time: datetime.time | None
    place: str
    presiding_role: str
    presiding_officer: str
    secretary_role: str
    secretary: str
    notice_date: datetime.date | None = None


@dataclass
class ActRecord:
    line: int
    number: str  # "DEL_CONS 3"
    subject: str
    subject_line: int


@dataclass
class MandateSectionRecord:
    """A narrative section of the mandate lines ("La visione"), or the cross-cutting one."""

    line: int
    title: str
    text: str
    cross_cutting: bool = False


@dataclass
class MandateActionRecord:
    line: int
    number: int  # 1-based within the axis, in print order
    title: str  # the bold words
    description: str  # what follows them; "" when the action has a title only


@dataclass
class MandateAxisRecord:
    line: int
    number: int
    title: str  # as listed in "La strategia": "Torino metropoli più sana"
    theme: str  # the parenthesis after it: "Salute"
    description: str  # the axis' own paragraphs
    description_line: int
    actions: list[MandateActionRecord] = field(default_factory=list)


@dataclass
class MandateRecord:
    line: int
    title: str
    period_start: int | None
    period_end: int | None
    presented_by: str
    sections: list[MandateSectionRecord] = field(default_factory=list)
    axes: list[MandateAxisRecord] = field(default_factory=list)


@dataclass
class CouncilDocument:
    ente: str
    session: SessionRecord | None
    act: ActRecord | None
    attendees: list[AttendeeRecord]
    votes: list[VoteRecord]
    signatures: list[SignatureRecord]
    mandate: MandateRecord | None
    diagnostics: list[Diagnostic]
    ente_line: int | None = None  # where the ente is printed; None if it is not
