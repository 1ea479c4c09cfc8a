"""Load a parsed council act into the database: session, act (and the text it was read from),
attendance, votes, signatures, and the mandate lines it presents as a plan of kind "mandato".

Rows are synchronised by natural key, so a second import of the same file writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cruscotto.core.models import Person
from cruscotto.core.services.sync import sync_rows
from cruscotto.council.models import (
    Attendance,
    Ballot,
    CouncilAct,
    CouncilSession,
    OperativePoint,
    Signature,
)
from cruscotto.domain import formats
from cruscotto.importers.council.records import (
    AttendanceStatus,
    CouncilDocument,
    MandateRecord,
)
from cruscotto.loaders.common import (
    DocumentLoader,
    ImportFailed,
    LoadResult,
    Progress,
    SilentProgress,
    SourceFile,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.plans.models import Plan, PlanItem

FORMAT_NAME = formats.COUNCIL
LOAD_STEPS = 4  # progress.advance() calls made by load_council


def mandate_axis_key(number: int) -> str:
    return f"asse-{number}"


def mandate_action_key(axis: int, number: int) -> str:
    return f"azione-{axis}.{number}"


def mandate_section_key(number: int) -> str:
    return f"sezione-{number}"


class CouncilLoader(DocumentLoader[CouncilDocument]):
    """One load of one parsed act; `run` does it all inside a transaction."""

    def run(self) -> LoadResult:
        parsed = self.parsed
        if parsed.session is None or parsed.session.date is None or parsed.act is None:
            raise ImportFailed(f"{self.source.name}: seduta, data o numero dell'atto non leggibili")
        with transaction.atomic():
            ente = self.resolve_ente(parsed.ente, parsed.ente_line)
            self.ente_id = ente.pk
            identity = (
                f"{ente.code}/{FORMAT_NAME}/{parsed.session.date.isoformat()}/{parsed.act.number}"
            )
            self.document = register_document(
                self.source, identity, FORMAT_NAME, parsed.act.subject, ente, self.counts
            )
            plan = self.sync_mandate(parsed.mandate)
            self.progress.advance("Linee programmatiche")
            act_id = self.sync_session_and_act(plan)
            self.progress.advance("Seduta e atto")
            self.sync_attendance_and_votes(act_id)
            self.progress.advance("Presenze e votazioni")
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    def sync_mandate(self, mandate: MandateRecord | None) -> Plan | None:
        if mandate is None:
            return None
        if mandate.period_start is None or mandate.period_end is None:
            raise ImportFailed(
                f"{self.source.name}: il periodo delle linee di mandato non è indicato"
            )
        code = f"{mandate.period_start}-{mandate.period_end}"
        plans = sync_rows(
            Plan.objects.filter(ente_id=self.ente_id, kind=Plan.Kind.MANDATO, code=code),
            ["code"],
            [
                {
                    **self.sourced(mandate.line),
                    "ente_id": self.ente_id,
                    "kind": Plan.Kind.MANDATO,
                    "code": code,
                    "title": f"Linee programmatiche di mandato {code}",
                    "period_start": mandate.period_start,
                    "period_end": mandate.period_end,
                    "edition": "",
                }
            ],
            self.counts,
            delete_missing=False,
        )
        plan = Plan.objects.get(pk=plans[(code,)])
        self.sync_mandate_items(plan, mandate)
        return plan

    def sync_mandate_items(self, plan: Plan, mandate: MandateRecord) -> None:
        position = 0

        def row(
            parent: int | None,
            level: str,
            key: str,
            code: str,
            title: str,
            line: int,
            description: str = "",
        ) -> dict[str, Any]:
            nonlocal position
            position += 1
            return {
                **self.sourced(line),
                "plan_id": plan.pk,
                "parent_id": parent,
                "level": level,
                "key": key,
                "code": code,
                "title": title,
                "description": description,
                "position": position,
            }

        sections = [
            row(
                None,
                PlanItem.Level.SEZIONE,
                mandate_section_key(number),
                "",
                section.title,
                section.line,
                section.text,
            )
            for number, section in enumerate(mandate.sections, start=1)
        ]
        self.sync_items(plan, PlanItem.Level.SEZIONE, sections)
        axes = self.sync_items(
            plan,
            PlanItem.Level.ASSE,
            [
                row(
                    None,
                    PlanItem.Level.ASSE,
                    mandate_axis_key(axis.number),
                    str(axis.number),
                    axis.title,
                    axis.line,
                    f"{axis.theme}\n\n{axis.description}".strip(),
                )
                for axis in mandate.axes
            ],
        )
        self.sync_items(
            plan,
            PlanItem.Level.AZIONE,
            [
                row(
                    axes[mandate_axis_key(axis.number)],
                    PlanItem.Level.AZIONE,
                    mandate_action_key(axis.number, action.number),
                    "",
                    action.title,
                    action.line,
                    action.description,
                )
                for axis in mandate.axes
                for action in axis.actions
            ],
        )

    def sync_session_and_act(self, plan: Plan | None) -> int:
        session = self.parsed.session
        act = self.parsed.act
        assert session is not None and act is not None
        sessions = sync_rows(
            CouncilSession.objects.filter(
                ente_id=self.ente_id, date=session.date, number=session.number
            ),
            ["ente_id", "date", "number"],
            [
                {
                    **self.sourced(session.line),
                    "ente_id": self.ente_id,
                    "number": session.number,
                    "date": session.date,
                    "time": session.time,
                    "place": session.place,
                    "presiding_role": session.presiding_role,
                    "presiding_officer": session.presiding_officer,
                    "secretary_role": session.secretary_role,
                    "secretary": session.secretary,
                    "notice_date": session.notice_date,
                }
            ],
            self.counts,
            delete_missing=False,
        )
        session_id = next(iter(sessions.values()))
        acts = sync_rows(
            CouncilAct.objects.filter(session_id=session_id, number=act.number),
            ["session_id", "number"],
            [
                {
                    **self.sourced(act.line),
                    "session_id": session_id,
                    "number": act.number,
                    "subject": act.subject,
                    "plan_id": plan.pk if plan else None,
                }
            ],
            self.counts,
            delete_missing=False,
        )
        act_id = next(iter(acts.values()))
        sync_rows(
            Signature.objects.filter(act_id=act_id),
            ["act_id", "position"],
            [
                {
                    **self.sourced(signature.line),
                    "act_id": act_id,
                    "position": position,
                    "role": signature.role,
                    "name": signature.name,
                    "digitally_signed": signature.digitally_signed,
                }
                for position, signature in enumerate(self.parsed.signatures, start=1)
            ],
            self.counts,
        )
        return act_id

    def sync_people(self) -> dict[str, int]:
        """Return the Ente's Person ids by printed name; people are shared, never deleted here."""
        voters = [a for a in self.parsed.attendees if a.status != AttendanceStatus.SPOKESPERSON]
        people = sync_rows(
            Person.objects.filter(ente_id=self.ente_id, name__in=[a.name for a in voters]),
            ["ente_id", "name"],
            [{"ente_id": self.ente_id, "name": a.name, **self.sourced(a.line)} for a in voters],
            self.counts,
            delete_missing=False,
        )
        return {name: person_id for (_, name), person_id in people.items()}

    def sync_attendance_and_votes(self, act_id: int) -> None:
        people = self.sync_people()
        attendance = sync_rows(
            Attendance.objects.filter(act_id=act_id),
            ["act_id", "name"],
            [
                {
                    **self.sourced(attendee.line),
                    "act_id": act_id,
                    "name": attendee.name,
                    "person_id": people.get(attendee.name),
                    "role": attendee.role,
                    "status": str(attendee.status),
                    "zone_number": attendee.zone_number,
                    "zone_name": attendee.zone_name,
                    "position": position,
                }
                for position, attendee in enumerate(self.parsed.attendees, start=1)
            ],
            self.counts,
        )
        attendance_ids = {name: pk for (_, name), pk in attendance.items()}
        points = sync_rows(
            OperativePoint.objects.filter(act_id=act_id),
            ["act_id", "number"],
            [
                {
                    **self.sourced(vote.text_line),
                    "act_id": act_id,
                    "number": vote.point,
                    "text": vote.text,
                    "vote_line": vote.line,
                    "present": vote.present,
                    "voting": vote.voting,
                    "in_favour": vote.in_favour,
                    "against": vote.against,
                    "abstained": vote.abstained,
                    "not_voting": vote.not_voting,
                    "outcome": vote.outcome,
                }
                for vote in self.parsed.votes
            ],
            self.counts,
        )
        sync_rows(
            Ballot.objects.filter(point__act_id=act_id),
            ["point_id", "position"],
            [
                {
                    **self.sourced(ballot.line),
                    "point_id": points[(act_id, vote.point)],
                    "printed_name": ballot.printed_name,
                    "attendance_id": attendance_ids.get(ballot.attendee),
                    "choice": str(ballot.choice),
                    "position": position,
                }
                for vote in self.parsed.votes
                for position, ballot in enumerate(vote.ballots, start=1)
            ],
            self.counts,
        )

    def count_records(self) -> dict[str, int]:
        parsed = self.parsed
        mandate = parsed.mandate
        return {
            "presenti": sum(a.status == AttendanceStatus.PRESENT for a in parsed.attendees),
            "portavoce": sum(a.status == AttendanceStatus.SPOKESPERSON for a in parsed.attendees),
            "punti votati": len(parsed.votes),
            "firme": len(parsed.signatures),
            "assi": len(mandate.axes) if mandate else 0,
            "azioni": sum(len(axis.actions) for axis in mandate.axes) if mandate else 0,
            "sezioni": len(mandate.sections) if mandate else 0,
        }


def load_council(
    parsed: CouncilDocument,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the parsed act into the database in one transaction and return what happened."""
    return CouncilLoader(parsed, source, actor, progress or SilentProgress(), ente_code).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_council"]
