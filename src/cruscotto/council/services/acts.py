"""The council acts as the public reads them: the sessions, and one act as a page.

An act's page holds the session, who attended, each operative point with its
vote checked by the same functions as `cruscotto council votes`, the
signatures, and what the importer could not read or read with a doubt, each
with the line of the document it came from. The number of queries is fixed:
it does not grow with the members, the points or the ballots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from cruscotto.core.models import ImportDiagnostic
from cruscotto.council.models import (
    Attendance,
    Ballot,
    CouncilAct,
    CouncilSession,
    OperativePoint,
    Signature,
)
from cruscotto.council.services.votes import acts_with_votes, check_present, describe_point
from cruscotto.domain.text import fold_text
from cruscotto.importers.council.names import split_surname

# The counts of a vote in the order the act prints them, with the choice whose
# names are printed under each (present and voting have no names of their own).
TALLY_ROWS: list[tuple[str, str, str | None]] = [
    ("present", "Presenti", None),
    ("voting", "Votanti", None),
    ("in_favour", "Favorevoli", Ballot.Choice.IN_FAVOUR),
    ("against", "Contrari", Ballot.Choice.AGAINST),
    ("abstained", "Astenuti", Ballot.Choice.ABSTAINED),
    ("not_voting", "Non partecipano al voto", Ballot.Choice.NOT_VOTING),
]


@dataclass(frozen=True)
class VoterName:
    printed: str  # "Cagno", as the vote prints it
    attendee: str  # "Marco COGNO", the attendance name it was matched to ("" for none)

    @property
    def spelled_differently(self) -> bool:
        """Whether the printed surname is not the attendee's surname as the roll call spells it."""
        return not self.attendee or fold_text(self.printed) != fold_text(
            split_surname(self.attendee)
        )


@dataclass(frozen=True)
class TallyRow:
    key: str  # "in_favour", as in `cruscotto council votes --json`
    label: str
    count: int | None  # None: the act does not print it
    names: list[VoterName] | None  # None: the act prints no names for this count

    @property
    def names_match_count(self) -> bool:
        return self.names is None or len(self.names) == (self.count or 0)


@dataclass(frozen=True)
class PointVote:
    point: OperativePoint
    rows: list[TallyRow]
    tally_checked: bool  # votes.check_point: voting = in favour + against + abstained
    present_checked: bool  # votes.check_present: present = roll call − not voting
    present_at_roll_call: int
    diagnostics: list[ImportDiagnostic]  # those printed between this vote and the next

    @property
    def checks_out(self) -> bool:
        return (
            self.tally_checked
            and self.present_checked
            and all(row.names_match_count for row in self.rows)
        )

    def count(self, key: str) -> int | None:
        return next(row.count for row in self.rows if row.key == key)

    @property
    def cast(self) -> int:
        """In favour + against + abstained, a count not printed being none."""
        return sum(self.count(key) or 0 for key in ("in_favour", "against", "abstained"))


@dataclass(frozen=True)
class ActPage:
    act: CouncilAct
    present: list[Attendance]
    absent: list[Attendance]
    spokespersons: list[Attendance]
    points: list[PointVote]
    signatures: list[Signature]
    diagnostics: list[ImportDiagnostic]  # every one of the document, in line order


def list_sessions() -> list[CouncilSession]:
    """Return every session, latest first, with its ente and its acts: two queries."""
    return list(
        CouncilSession.objects.select_related("ente")
        .prefetch_related(
            Prefetch("acts", queryset=CouncilAct.objects.select_related("plan").order_by("number"))
        )
        .order_by("-date", "ente__name", "number")
    )


def get_act_page(act_id: int) -> ActPage:
    """Return the page of an act in six queries; raise CouncilAct.DoesNotExist."""
    act = (
        acts_with_votes()
        .select_related("plan", "source_document")
        .prefetch_related("attendance", "signatures")
        .get(pk=act_id)
    )
    attendance = list(act.attendance.all())
    present = [a for a in attendance if a.status == Attendance.Status.PRESENT]
    diagnostics = (
        list(ImportDiagnostic.objects.filter(document_id=act.source_document_id))
        if act.source_document_id
        else []
    )
    signatures = list(act.signatures.all())
    points = list(act.points.all())
    return ActPage(
        act=act,
        present=present,
        absent=[a for a in attendance if a.status == Attendance.Status.ABSENT],
        spokespersons=[a for a in attendance if a.status == Attendance.Status.SPOKESPERSON],
        points=[
            describe_vote(
                point, len(present), diagnostics_of_point(point, points, signatures, diagnostics)
            )
            for point in points
        ],
        signatures=signatures,
        diagnostics=sorted(diagnostics, key=lambda d: (d.line, d.position)),
    )


def describe_vote(
    point: OperativePoint, present_at_roll_call: int, diagnostics: list[ImportDiagnostic]
) -> PointVote:
    """Return the vote on `point` as the CLI describes it, with the checks a reader can redo."""
    vote: dict[str, Any] = describe_point(point)
    rows = [
        TallyRow(
            key,
            label,
            vote["tally"][key],
            [VoterName(n["printed"], n["attendee"]) for n in vote["names"][choice]]
            if choice
            else None,
        )
        for key, label, choice in TALLY_ROWS
    ]
    return PointVote(
        point=point,
        rows=rows,
        tally_checked=vote["tally_checked"],
        present_checked=check_present(point, present_at_roll_call),
        present_at_roll_call=present_at_roll_call,
        diagnostics=diagnostics,
    )


def diagnostics_of_point(
    point: OperativePoint,
    points: list[OperativePoint],
    signatures: list[Signature],
    diagnostics: list[ImportDiagnostic],
) -> list[ImportDiagnostic]:
    """Return the diagnostics whose line lies in the block of this point's vote.

    The block runs from the line that puts the point to the vote to the line that
    puts the next one, the last block to the first signature: "Cagno" at line 86
    belongs to point 1, voted from line 76 to line 95.
    """
    if point.vote_line is None:
        return []
    later = [p.vote_line for p in points if p.vote_line and p.vote_line > point.vote_line]
    signed = [s.source_line for s in signatures if s.source_line]
    ends = later or signed
    end = min(ends) if ends else None
    return [d for d in diagnostics if d.line >= point.vote_line and (end is None or d.line < end)]
