"""The council act: session, act, attendance, operative points, votes, signatures.

The act is prose with a few fixed phrases ("Sono intervenuti …", "pone ai voti
il punto …", "Presenti: 19"); each part is read from the phrase that
introduces it, and the tallies are then checked against the names printed.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from .names import match_name, split_surname
from .records import (
    ActRecord,
    AttendanceStatus,
    AttendeeRecord,
    BallotRecord,
    SessionRecord,
    SignatureRecord,
    VoteChoice,
    VoteRecord,
)
from .text import next_non_blank, strip_markup

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        start=1,
    )
}
_ROLES = (
    r"Sindaco Metropolitano|Vicesindaco Metropolitano|Vicesindaco|Presidente"
    r"|Vicesegretario Generale|Segretario Generale"
)
_SESSION_NUMBER = re.compile(r"ADUNANZA\s+([IVXLC]+|\d+)\b")
_HEADER_DATE = re.compile(r"^(\d{1,2}) ([a-z]+) (\d{4})$")
_OPENING = re.compile(
    rf"Il giorno (?P<day>\d{{1,2}}) del mese di (?P<month>[a-z]+) .*?alle ore (?P<hour>\d{{1,2}})[,.:](?P<minute>\d{{2}})"
    rf" in (?P<place>.+?), sotto la Presidenza del (?P<presiding_role>{_ROLES}) (?P<presiding>.+?)"
    rf" e con la partecipazione del (?P<secretary_role>{_ROLES}) (?P<secretary>.+?),"
)
_NOTICE = re.compile(r"dall'avviso del (\d{1,2}) ([a-z]+) (\d{4})")
_INTERVENED = re.compile(rf"^Sono intervenuti il (?P<role>{_ROLES}) (?P<name>.+?) e i Consiglieri:")
_ZONE = re.compile(r'Zona omogenea (\d{1,3}) "([^"]+)"')
_ACT_NUMBER = re.compile(r"^ATTO N\.\s*(.+)$")
_POINT = re.compile(r"^(\d{1,4})\.\s+(.+)$")
_CALL_TO_VOTE = re.compile(r"pone ai voti il punto\W*(\d{1,4})(?!\d)")
_TALLY = re.compile(r"^(Presenti|Votanti|Favorevoli|Contrari|Astenuti)\s*:?\s*(\d{1,6})\s*$")
_NOT_VOTING = re.compile(r"^Non partecipan?o? al voto\s*=\s*(\d{1,6})\s*\((.+)\)")
_NAMES = re.compile(r"^\((.+)\)\.?$")
_OUTCOME = re.compile(r"risulta (approvato|respinto)", re.IGNORECASE)
_SIGNATURE_ROLE = re.compile(r"^IL [A-Z ]+$")

TALLY_CHOICES = {
    "Favorevoli": VoteChoice.IN_FAVOUR,
    "Contrari": VoteChoice.AGAINST,
    "Astenuti": VoteChoice.ABSTAINED,
}


def parse_date(day: str, month: str, year: str) -> datetime.date | None:
    number = MONTHS.get(month.lower())
    return datetime.date(int(year), number, int(day)) if number else None


def find_line(lines: list[tuple[int, str]], pattern: re.Pattern[str]) -> int | None:
    """Return the index of the first line `pattern` searches successfully, or None."""
    for index, (_, text) in enumerate(lines):
        if pattern.search(text):
            return index
    return None


def parse_session(
    lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> SessionRecord | None:
    """Return the session: number, date, time, place, presiding officer and secretary."""
    opening_index = find_line(lines, _OPENING)
    if opening_index is None:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "session_not_found", "Apertura della seduta non trovata")
        )
        return None
    line, text = lines[opening_index]
    opening = _OPENING.search(text)
    assert opening is not None
    number_index = find_line(lines, _SESSION_NUMBER)
    number = ""
    if number_index is not None:
        found = _SESSION_NUMBER.search(lines[number_index][1])
        number = found.group(1) if found else ""
    date = None
    date_index = find_line(lines, _HEADER_DATE)
    if date_index is not None:
        header = _HEADER_DATE.match(lines[date_index][1].strip())
        if header:
            date = parse_date(*header.groups())
    opening_month = MONTHS.get(opening["month"])
    if date is None or (date.day, date.month) != (int(opening["day"]), opening_month):
        diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "session_date_unclear",
                "La data in testa all'atto manca o non coincide con quella della seduta",
            )
        )
    notice = _NOTICE.search(text)
    return SessionRecord(
        line=line,
        number=number,
        date=date,
        time=datetime.time(int(opening["hour"]), int(opening["minute"])),
        place=opening["place"].strip(),
        presiding_role=opening["presiding_role"],
        presiding_officer=opening["presiding"].strip(),
        secretary_role=opening["secretary_role"],
        secretary=opening["secretary"].strip(),
        notice_date=parse_date(*notice.groups()) if notice else None,
    )


def parse_act(lines: list[tuple[int, str]], diagnostics: list[Diagnostic]) -> ActRecord | None:
    """Return the act number and subject.

    The conversion put the "OGGETTO:" label in the middle of the bold subject,
    which runs over two lines: the subject is rebuilt around the label.
    """
    number_index = find_line(lines, _ACT_NUMBER)
    subject_index = find_line(lines, re.compile(r"^\W*OGGETTO:"))
    if number_index is None or subject_index is None:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "act_not_found", "Numero o oggetto dell'atto non trovati")
        )
        return None
    number_match = _ACT_NUMBER.match(lines[number_index][1].strip())
    assert number_match is not None
    subject_line, subject_text = lines[subject_index]
    after_label = subject_text.split("OGGETTO:", 1)[1]
    before = lines[subject_index - 1][1] if subject_index > 0 else ""
    if before.strip().startswith("**") and "**" not in before.strip()[2:]:
        subject = strip_markup(f"{before} {after_label}")
        subject_line = lines[subject_index - 1][0]
        diagnostics.append(
            Diagnostic(
                subject_line,
                Severity.INFO,
                "subject_split_around_label",
                "L'oggetto dell'atto è spezzato dall'etichetta «OGGETTO:»; ricomposto",
            )
        )
    else:
        subject = strip_markup(after_label)
    return ActRecord(
        line=lines[number_index][0],
        number=number_match.group(1).strip(),
        subject=subject.rstrip("."),
        subject_line=subject_line,
    )


def split_names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"\s+-\s+", text) if name.strip()]


def parse_attendance(
    lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[AttendeeRecord]:
    """Return who was present, absent, and the non-voting zone spokespersons."""
    attendees: list[AttendeeRecord] = []
    intervened_index = find_line(lines, _INTERVENED)
    if intervened_index is None:
        diagnostics.append(
            Diagnostic(1, Severity.ERROR, "attendance_not_found", "Elenco dei presenti non trovato")
        )
        return attendees
    line, text = lines[intervened_index]
    intervened = _INTERVENED.match(text)
    assert intervened is not None
    attendees.append(
        AttendeeRecord(
            line,
            intervened["name"],
            split_surname(intervened["name"]),
            intervened["role"],
            AttendanceStatus.PRESENT,
        )
    )
    attendees += list_people(lines, intervened_index, AttendanceStatus.PRESENT)
    absent_index = find_line(lines, re.compile(r"^Sono assenti i Consiglieri:"))
    if absent_index is not None:
        absent = list_people(lines, absent_index, AttendanceStatus.ABSENT)
        if not absent:
            diagnostics.append(
                Diagnostic(
                    lines[absent_index][0],
                    Severity.INFO,
                    "no_absentees_listed",
                    "L'elenco degli assenti è vuoto: nessun consigliere assente",
                )
            )
        attendees += absent
    attendees += parse_spokespersons(lines, diagnostics)
    return attendees


def list_people(
    lines: list[tuple[int, str]], heading_index: int, status: AttendanceStatus
) -> list[AttendeeRecord]:
    """Return the councillors on the line after a heading, unless that line is another heading."""
    following = next_non_blank(lines, heading_index)
    if following is None:
        return []
    line, text = lines[following]
    if text.rstrip().endswith(":") or not re.search(r"[A-Z]{2,}", text):
        return []  # the next heading: the list is empty
    return [
        AttendeeRecord(line, name, split_surname(name), "Consigliere", status)
        for name in split_names(text)
    ]


def parse_spokespersons(
    lines: list[tuple[int, str]], diagnostics: list[Diagnostic]
) -> list[AttendeeRecord]:
    """Return the zone spokespersons; the act names their zones, not the people."""
    heading_index = find_line(lines, re.compile(r"senza diritto di voto i Portavoce di:"))
    if heading_index is None:
        return []
    following = next_non_blank(lines, heading_index)
    if following is None:
        return []
    line, text = lines[following]
    zones = _ZONE.findall(text)
    if zones:
        diagnostics.append(
            Diagnostic(
                line,
                Severity.INFO,
                "spokesperson_names_not_printed",
                f"L'atto indica le {len(zones)} zone omogenee dei portavoce, non i loro nomi",
            )
        )
    return [
        AttendeeRecord(
            line,
            f"Portavoce della Zona omogenea {number}",
            "",
            "Portavoce",
            AttendanceStatus.SPOKESPERSON,
            zone_number=int(number),
            zone_name=name,
        )
        for number, name in zones
    ]


def parse_operative_points(lines: list[tuple[int, str]]) -> dict[int, tuple[int, str]]:
    """Return the numbered points of the DELIBERA: number → (line, text)."""
    start = find_line(lines, re.compile(r"^\*\*DELIBERA\*\*$|^DELIBERA$"))
    points: dict[int, tuple[int, str]] = {}
    if start is None:
        return points
    for line, text in lines[start + 1 :]:
        if text.startswith("~~~"):
            break
        point = _POINT.match(text.strip())
        if point:
            points[int(point.group(1))] = (line, strip_markup(point.group(2)))
    return points


@dataclass
class _Tallies:
    counts: dict[str, int]
    names: dict[str, tuple[int, list[str]]]  # label → (line, names)


def parse_votes(lines: list[tuple[int, str]], diagnostics: list[Diagnostic]) -> list[VoteRecord]:
    """Return one vote per "pone ai voti il punto N", with its tallies and names as printed."""
    points = parse_operative_points(lines)
    votes: list[VoteRecord] = []
    for index, (line, text) in enumerate(lines):
        call = _CALL_TO_VOTE.search(text)
        if not call:
            continue
        number = int(call.group(1))
        point_line, point_text = points.get(number, (line, ""))
        if number not in points:
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "vote_on_unknown_point",
                    f"Votazione sul punto {number}, che il dispositivo non elenca",
                )
            )
        vote = VoteRecord(line=line, point=number, text=point_text, text_line=point_line)
        read_vote_block(lines, index + 1, vote)
        votes.append(vote)
    return votes


def read_vote_block(lines: list[tuple[int, str]], start: int, vote: VoteRecord) -> None:
    """Fill `vote` from the lines after the call to vote, up to the next separator."""
    last_label = ""
    for line, raw in lines[start:]:
        text = raw.strip()
        if text.startswith("~~~"):
            break
        not_voting = _NOT_VOTING.match(text)
        tally = _TALLY.match(text)
        names = _NAMES.match(text)
        outcome = _OUTCOME.search(text)
        if not_voting:
            vote.not_voting = int(not_voting.group(1))
            vote.ballots += [
                BallotRecord(line, name, VoteChoice.NOT_VOTING)
                for name in split_names(not_voting.group(2))
            ]
        elif tally:
            last_label = tally.group(1)
            set_tally(vote, last_label, int(tally.group(2)))
        elif names and last_label in TALLY_CHOICES:
            vote.ballots += [
                BallotRecord(line, name, TALLY_CHOICES[last_label])
                for name in split_names(names.group(1))
            ]
        elif outcome:
            vote.outcome = outcome.group(1).lower()


def set_tally(vote: VoteRecord, label: str, value: int) -> None:
    attribute = {
        "Presenti": "present",
        "Votanti": "voting",
        "Favorevoli": "in_favour",
        "Contrari": "against",
        "Astenuti": "abstained",
    }[label]
    setattr(vote, attribute, value)


def parse_signatures(lines: list[tuple[int, str]]) -> list[SignatureRecord]:
    """Return the signatures after "Letto, confermato e sottoscritto"."""
    start = find_line(lines, re.compile(r"^Letto, confermato e sottoscritto"))
    signatures: list[SignatureRecord] = []
    if start is None:
        return signatures
    role: tuple[int, str] | None = None
    digitally = False
    for line, raw in lines[start + 1 :]:
        text = raw.strip()
        if text.startswith("Allegato"):
            break
        if _SIGNATURE_ROLE.match(text):
            role, digitally = (line, text), False
        elif text == "Firmato digitalmente":
            digitally = True
        elif text and role is not None:
            signatures.append(SignatureRecord(role[0], role[1], text, digitally))
            role = None
    return signatures


def check_votes(
    votes: list[VoteRecord], attendees: list[AttendeeRecord], diagnostics: list[Diagnostic]
) -> None:
    """Match each printed name to an attendee and check every tally against the names.

    Checks: voting = in favour + against + abstained; present = attendees
    present − those not voting; each printed count = the names printed under it;
    every present councillor appears once per vote.
    """
    present = [a for a in attendees if a.status == AttendanceStatus.PRESENT]
    surnames = {fold_surname(a): a.name for a in present}
    for vote in votes:
        match_ballots(vote, surnames, diagnostics)
        check_tallies(vote, len(present), diagnostics)
        check_everyone_counted(vote, [a.name for a in present], diagnostics)


def fold_surname(attendee: AttendeeRecord) -> str:
    return fold_text(attendee.surname)


def match_ballots(
    vote: VoteRecord, surnames: dict[str, str], diagnostics: list[Diagnostic]
) -> None:
    for ballot in vote.ballots:
        match = match_name(ballot.printed_name, surnames)
        ballot.attendee = match.attendee
        if not match.attendee:
            diagnostics.append(
                Diagnostic(
                    ballot.line,
                    Severity.WARNING,
                    "voter_not_in_attendance",
                    f"Punto {vote.point}: «{ballot.printed_name}» non è tra i presenti",
                )
            )
        elif not match.exact:
            diagnostics.append(
                Diagnostic(
                    ballot.line,
                    Severity.WARNING,
                    "voter_name_spelled_differently",
                    f"Punto {vote.point}: «{ballot.printed_name}» è scritto «{match.attendee}» "
                    "nell'elenco dei presenti",
                )
            )


def check_tallies(vote: VoteRecord, attendees_present: int, diagnostics: list[Diagnostic]) -> None:
    names_by_choice = Counter(ballot.choice for ballot in vote.ballots)
    printed = {
        VoteChoice.IN_FAVOUR: vote.in_favour,
        VoteChoice.AGAINST: vote.against,
        VoteChoice.ABSTAINED: vote.abstained,
        VoteChoice.NOT_VOTING: vote.not_voting,
    }
    for choice, count in printed.items():
        if count is None and names_by_choice[choice]:
            report(
                vote,
                diagnostics,
                Severity.WARNING,
                "tally_not_printed",
                f"{names_by_choice[choice]} nomi «{choice}» senza il loro numero",
            )
        elif count is not None and count != names_by_choice[choice]:
            report(
                vote,
                diagnostics,
                Severity.ERROR,
                "tally_names_mismatch",
                f"«{choice}» = {count} ma i nomi stampati sono {names_by_choice[choice]}",
            )
    cast = sum(count or 0 for count in (vote.in_favour, vote.against, vote.abstained))
    omitted = [
        name
        for name, count in (("contrari", vote.against), ("astenuti", vote.abstained))
        if count is None
    ]
    if omitted and vote.voting == cast:
        report(
            vote,
            diagnostics,
            Severity.INFO,
            "tally_omitted",
            f"{' e '.join(omitted)} non stampati: dai votanti risultano 0 (restano non indicati)",
        )
    if vote.voting is None:
        report(vote, diagnostics, Severity.WARNING, "voting_not_printed", "Votanti non indicati")
    elif vote.voting != cast:
        report(
            vote,
            diagnostics,
            Severity.ERROR,
            "tally_mismatch",
            f"votanti {vote.voting} ≠ favorevoli + contrari + astenuti = {cast}",
        )
    expected_present = attendees_present - (vote.not_voting or 0)
    if vote.present is None:
        report(vote, diagnostics, Severity.WARNING, "present_not_printed", "Presenti non indicati")
    elif vote.present != expected_present:
        report(
            vote,
            diagnostics,
            Severity.ERROR,
            "present_mismatch",
            f"presenti {vote.present} ≠ presenti in seduta {attendees_present} − non votanti "
            f"{vote.not_voting or 0}",
        )
    if not vote.outcome:
        report(vote, diagnostics, Severity.WARNING, "outcome_not_printed", "Esito non indicato")


def check_everyone_counted(
    vote: VoteRecord, present: list[str], diagnostics: list[Diagnostic]
) -> None:
    counted = Counter(ballot.attendee for ballot in vote.ballots if ballot.attendee)
    for name, times in counted.items():
        if times > 1:
            report(
                vote,
                diagnostics,
                Severity.ERROR,
                "voter_listed_twice",
                f"{name} compare {times} volte",
            )
    for name in present:
        if name not in counted:
            report(
                vote,
                diagnostics,
                Severity.WARNING,
                "attendee_not_in_vote",
                f"{name} è presente ma non compare in nessun elenco del voto",
            )


def report(
    vote: VoteRecord, diagnostics: list[Diagnostic], severity: Severity, code: str, message: str
) -> None:
    diagnostics.append(Diagnostic(vote.line, severity, code, f"Punto {vote.point}: {message}"))
