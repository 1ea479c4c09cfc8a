"""The votes of the council acts as plain data, for the command line, the API and reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cruscotto.council.models import Ballot, CouncilAct, OperativePoint


def acts_with_votes() -> QuerySet[CouncilAct]:
    """Return the acts with session and ente, each operative point with its ballots: three queries."""
    return CouncilAct.objects.select_related("session__ente").prefetch_related(
        Prefetch(
            "points",
            queryset=OperativePoint.objects.prefetch_related(
                Prefetch("ballots", queryset=Ballot.objects.select_related("attendance"))
            ),
        )
    )


def list_votes(ente_code: str | None = None) -> list[dict[str, Any]]:
    """Return one dict per act: session, act, and each operative point with its tally and names.

    Tallies keep the act's gaps: a count the act does not print is None. The
    names are as printed in the vote, with the attendance name each was matched to.
    """
    acts = acts_with_votes().order_by("session__ente__code", "session__date", "number")
    if ente_code:
        acts = acts.filter(session__ente__code=ente_code)
    return [describe_act(act) for act in acts]


def describe_act(act: CouncilAct) -> dict[str, Any]:
    session = act.session
    return {
        "ente_code": session.ente.code,
        "session": {
            "number": session.number,
            "date": session.date.isoformat() if session.date else None,
            "time": session.time.strftime("%H:%M") if session.time else None,
            "place": session.place,
            "presiding_officer": session.presiding_officer,
            "secretary": session.secretary,
        },
        "act": {"number": act.number, "subject": act.subject},
        "points": [describe_point(point) for point in act.points.all()],
    }


def describe_point(point: OperativePoint) -> dict[str, Any]:
    names: dict[str, list[dict[str, str]]] = {choice: [] for choice in Ballot.Choice.values}
    for ballot in point.ballots.all():
        names[ballot.choice].append(
            {
                "printed": ballot.printed_name,
                "attendee": ballot.attendance.name if ballot.attendance else "",
            }
        )
    return {
        "number": point.number,
        "text": point.text,
        "outcome": point.outcome,
        "tally": {
            "present": point.present,
            "voting": point.voting,
            "in_favour": point.in_favour,
            "against": point.against,
            "abstained": point.abstained,
            "not_voting": point.not_voting,
        },
        "tally_checked": check_point(point),
        "names": names,
    }


def check_point(point: OperativePoint) -> bool:
    """Whether voting = in favour + against + abstained, counting an unprinted tally as none."""
    if point.voting is None:
        return False
    cast = sum(count or 0 for count in (point.in_favour, point.against, point.abstained))
    return point.voting == cast


def check_present(point: OperativePoint, present_at_roll_call: int) -> bool:
    """Whether present = the attendees present at the roll call − those not voting.

    Those who "non partecipano al voto" are in the room but not counted present
    (point 3 of the seed: 19 at the roll call, 1 not voting, "Presenti: 18").
    An unprinted count of non-voters is none; an unprinted count of present fails.
    """
    if point.present is None:
        return False
    return point.present == present_at_roll_call - (point.not_voting or 0)
