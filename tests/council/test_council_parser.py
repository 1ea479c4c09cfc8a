"""The council act of 23 February 2022 and its mandate lines, read by the pure parser.

Counts were taken by reading samples/002_a40a8705e1971a15.txt by hand.
"""

from __future__ import annotations

import datetime
from collections import Counter

from cruscotto.importers.council import parse_council
from cruscotto.importers.council.mandate import read_footnote
from cruscotto.importers.council.records import AttendanceStatus, CouncilDocument, VoteChoice

from .conftest import FIXTURES


def codes(document: CouncilDocument) -> list[tuple[int, str]]:
    return [(diagnostic.line, diagnostic.code) for diagnostic in document.diagnostics]


def test_session_and_act(council_document: CouncilDocument) -> None:
    session = council_document.session
    assert session is not None
    assert (session.number, session.date, session.time) == (
        "II",
        datetime.date(2022, 2, 23),
        datetime.time(16, 0),
    )
    assert session.place == "Torino, Aula Consiliare - Piazza Castello, 205 - Torino"
    assert (session.presiding_role, session.presiding_officer) == (
        "Sindaco Metropolitano",
        "Stefano LO RUSSO",
    )
    assert (session.secretary_role, session.secretary) == (
        "Vicesegretario Generale",
        "Donata RANCATI",
    )
    assert session.notice_date == datetime.date(2022, 2, 17)
    act = council_document.act
    assert act is not None
    assert act.number == "DEL_CONS 3"
    assert (
        act.subject == "PRESENTAZIONE LINEE PROGRAMMATICHE DI MANDATO PER IL QUINQUENNIO 2021-2026"
    )
    assert council_document.ente == "Città metropolitana di Torino"


def test_attendance_the_mayor_18_councillors_no_absentee_6_spokespersons(
    council_document: CouncilDocument,
) -> None:
    by_status = Counter(attendee.status for attendee in council_document.attendees)
    assert by_status == {AttendanceStatus.PRESENT: 19, AttendanceStatus.SPOKESPERSON: 6}
    mayor = council_document.attendees[0]
    assert (mayor.name, mayor.role) == ("Stefano LO RUSSO", "Sindaco Metropolitano")
    names = [a.name for a in council_document.attendees]
    assert "Pasquale Mario MAZZA" in names and "Davide D'AGOSTINO" in names
    zones = [
        (a.zone_number, a.zone_name)
        for a in council_document.attendees
        if a.status == AttendanceStatus.SPOKESPERSON
    ]
    assert zones == [
        (3, "Torino Sud"),
        (4, "Torino Nord"),
        (5, "Pinerolese"),
        (7, "Ciriacese-Valli di Lanzo"),
        (9, "Eporediese"),
        (11, "Chierese-Carmagnolese"),
    ]


def test_three_operative_points_voted_separately(council_document: CouncilDocument) -> None:
    tallies = [
        (v.point, v.present, v.voting, v.in_favour, v.against, v.abstained, v.not_voting, v.outcome)
        for v in council_document.votes
    ]
    assert tallies == [
        (1, 19, 19, 12, None, 7, None, "approvato"),
        (2, 19, 19, 12, 1, 6, None, "approvato"),
        (3, 18, 18, 11, None, 7, 1, "approvato"),
    ]
    assert [v.text_line for v in council_document.votes] == [56, 57, 58]
    assert (
        council_document.votes[1].text
        == "di esprimere apprezzamento positivo per le linee programmatiche;"
    )


def test_names_of_each_vote_are_matched_to_the_attendance_list(
    council_document: CouncilDocument,
) -> None:
    point_2 = council_document.votes[1]
    against = [
        (b.printed_name, b.attendee) for b in point_2.ballots if b.choice == VoteChoice.AGAINST
    ]
    assert against == [("D'Agostino", "Davide D'AGOSTINO")]
    point_3 = council_document.votes[2]
    not_voting = [b.attendee for b in point_3.ballots if b.choice == VoteChoice.NOT_VOTING]
    assert not_voting == ["Nadia CONTICELLI"]
    for vote in council_document.votes:
        assert all(ballot.attendee for ballot in vote.ballots)
        cagno = [b for b in vote.ballots if b.printed_name == "Cagno"]
        assert [b.attendee for b in cagno] == ["Marco COGNO"]
        # everyone present is counted once in every vote
        assert len({b.attendee for b in vote.ballots}) == 19


def test_signatures(council_document: CouncilDocument) -> None:
    assert [(s.line, s.role, s.name, s.digitally_signed) for s in council_document.signatures] == [
        (144, "IL VICESEGRETARIO GENERALE", "Donata Rancati", True),
        (148, "IL SINDACO METROPOLITANO", "Stefano Lo Russo", False),
    ]


def test_diagnostics_of_the_seed(council_document: CouncilDocument) -> None:
    assert codes(council_document) == [
        (19, "no_absentees_listed"),
        (23, "spokesperson_names_not_printed"),
        (25, "subject_split_around_label"),
        (76, "tally_omitted"),
        (86, "voter_name_spelled_differently"),
        (106, "voter_name_spelled_differently"),
        (120, "tally_omitted"),
        (132, "voter_name_spelled_differently"),
        # paragraphs the page breaks cut mid-sentence, joined again (002:179-181 …)
        (181, "paragraph_split_across_pages"),
        (263, "paragraph_split_across_pages"),
        (299, "paragraph_split_across_pages"),
        (315, "paragraph_split_across_pages"),
        (390, "paragraph_split_across_pages"),
        (419, "paragraph_split_across_pages"),
        (442, "action_split_across_pages"),
        (461, "paragraph_split_across_pages"),
        (467, "footnote_of_section"),
    ]


def test_mandate_lines_six_axes_and_their_actions(council_document: CouncilDocument) -> None:
    mandate = council_document.mandate
    assert mandate is not None
    assert (mandate.period_start, mandate.period_end) == (2021, 2026)
    assert mandate.presented_by == "Sindaco Metropolitano Stefano LO RUSSO"
    assert [(a.number, a.title, a.theme) for a in mandate.axes] == [
        (
            1,
            "Torino metropoli più produttiva ed innovativa",
            "innovazione, digitalizzazione e competitività de sistema produttivo",
        ),
        (2, "Torino metropoli più verde ed ecologica", "rivoluzione verde e transizione ecologica"),
        (
            3,
            "Torino metropoli più mobile, accessibile e collegata",
            "Infrastrutture per la mobilità",
        ),
        (4, "Torino metropoli che impara di più", "Istruzione, formazione, ricerca e cultura"),
        (
            5,
            "Torino metropoli più attrattiva giusta ed eguale",
            "equità di genere sociale e territoriale",
        ),
        (6, "Torino metropoli più sana", "Salute"),
    ]
    assert [len(axis.actions) for axis in mandate.axes] == [8, 6, 6, 3, 4, 2]
    title_only = [
        (axis.number, action.number, action.title)
        for axis in mandate.axes
        for action in axis.actions
        if not action.description
    ]
    assert title_only == [
        (3, 4, "Collegare la metropoli ai nodi globali vicini"),
        (3, 6, "Incrementare l'estensione delle piste ciclabili"),
        (
            5,
            4,
            "Attuare la clausola di condizionalità per i bandi legati al PNRR e alle risorse "
            "della politica di coesione, per riservare il 30% dei posti alle donne e ai più giovani",
        ),
    ]
    action = mandate.axes[0].actions[7]
    assert action.title == "Promuovere la sharing economy come fattore di sviluppo locale"
    assert action.description.startswith("promuovere forme condivise di uso del tempo")
    mixed = mandate.axes[1].actions[5]
    assert mixed.title == (
        "Sviluppare, insieme ai Comuni della Città Metropolitana, azioni di contrasto e "
        "adattamento ai cambiamenti climatici"
    )
    assert mixed.description.startswith("tra le quali un progetto di forestazione urbana")
    # axis 4's plain bullets belong to its description, not to its actions
    assert "approccio UNESCO - learning cities" in mandate.axes[3].description


def test_mandate_sections_narrative_and_cross_cutting(council_document: CouncilDocument) -> None:
    mandate = council_document.mandate
    assert mandate is not None
    assert [(s.line, s.title, s.cross_cutting) for s in mandate.sections] == [
        (163, "Lo stato della metropoli", False),
        (213, "Il contesto produttivo", False),
        (229, "Localizzazione delle imprese ed ambiti produttivi", False),
        (235, "La visione", False),
        (249, "Una congiuntura problematica ed una grande occasione", False),
        (271, "Un nuovo rapporto tra capoluogo e territorio metropolitano", False),
        (
            289,
            "Comuni metropolitani, utilities e servizi di dimensione metropolitana, connessioni e progetti",
            False,
        ),
        (311, "La strategia", False),
        (457, "LA CITTÀ METROPOLITANA DEI SERVIZI VERSO IL TERRITORIO", True),
    ]
    services = mandate.sections[-1].text
    assert "valutazione partecipativa" in services and services.endswith(
        "LG_Valutazione_partecipativa_28-11.pdf"
    )
    # the page's footnote (002:467-468, with its URL) is the section's last paragraph, with
    # the superscript number the text cites it by, not a paragraph numbered "1"
    footnote = services.split("\n\n")
    assert len(footnote) == 4
    assert "meccanismi di “valutazione partecipativa”¹ al fine di determinare" in footnote[1]
    assert footnote[3].startswith("¹ La valutazione partecipativa è svolta in collaborazione")
    assert footnote[3].endswith(
        "Novembre 2019. https://performance.gov.it/system/files/LineeGuidaeRifNorm/"
        "LG_Valutazione_partecipativa_28-11.pdf"
    )
    # a paragraph cut by a page break is one paragraph (002:179-181, 459-461) …
    first = mandate.sections[0].text.split("\n\n")
    assert len(first) == 23
    assert "presenta una lieve ma costante diminuzione, dove la popolazione del Comune" in first[7]
    assert services.split("\n\n")[0].endswith(
        "promozione e coordinamento dei sistemi di informatizzazione e di digitalizzazione in "
        "ambito metropolitano” (art. 1, comma 40 lett F L . 56/2014): si tratta di funzioni "
        "importanti che la Città metropolitana è riuscita ad erogare solo parzialmente nei "
        "confronti dei soggetti del territorio."
    )
    # … but a paragraph printed without its full stop, followed by a new one, is not (002:169-171)
    assert first[2].endswith("dei sistemi di informatizzazione e di digitalizzazione")
    assert first[3].startswith("La crescente rilevanza")
    # in the axes too: "In questo quadro generale" / "inseriranno lo sviluppo … di GTT" (002:388-390)
    assert "In questo quadro generale inseriranno lo sviluppo e il potenziamento di GTT" in (
        mandate.axes[2].description
    )


def parse_fixture(name: str) -> CouncilDocument:
    return parse_council((FIXTURES / name).read_text(encoding="utf-8"))


def test_a_tally_that_does_not_add_up_is_an_error() -> None:
    document = parse_fixture("tally_does_not_add_up.txt")
    assert [(d.line, d.code, d.message) for d in document.diagnostics if d.severity == "error"] == [
        (27, "tally_names_mismatch", "Punto 1: «astenuto» = 2 ma i nomi stampati sono 1"),
        (27, "tally_mismatch", "Punto 1: votanti 4 ≠ favorevoli + contrari + astenuti = 5"),
    ]


def test_a_voter_not_in_the_attendance_list_is_reported() -> None:
    document = parse_fixture("voter_not_in_attendance.txt")
    assert [(d.line, d.code) for d in document.diagnostics if d.severity == "warning"] == [
        (27, "attendee_not_in_vote"),
        (35, "voter_not_in_attendance"),
    ]
    assert document.attendees[-1].status == AttendanceStatus.ABSENT


def test_present_must_exclude_those_not_voting() -> None:
    document = parse_fixture("non_voter_counted_as_present.txt")
    assert [(d.code, d.message) for d in document.diagnostics if d.severity == "error"] == [
        ("present_mismatch", "Punto 1: presenti 4 ≠ presenti in seduta 4 − non votanti 1"),
    ]


def test_a_subject_split_around_its_label_is_rebuilt() -> None:
    document = parse_fixture("subject_split_around_label.txt")
    assert document.act is not None
    assert document.act.subject == "APPROVAZIONE DI UNA PROVA PER IL TRIENNIO 2022-2024"
    assert (17, "subject_split_around_label") in codes(document)


def test_an_action_split_across_pages_is_joined() -> None:
    document = parse_fixture("action_split_across_pages.txt")
    assert document.mandate is not None
    (axis,) = document.mandate.axes
    assert [a.title for a in axis.actions] == [
        "Costruire centri sanitari",
        "Collegare la metropoli ai nodi globali vicini",
    ]
    assert axis.actions[0].description.endswith(
        "attraverso politiche di prossimità in tutta la Città metropolitana;"
    )
    # the fixture is the annex alone: the act's parts, and its ente, are reported missing
    assert codes(document) == [
        (1, "ente_not_found"),
        (1, "attendance_not_found"),
        (1, "session_not_found"),
        (1, "act_not_found"),
        (21, "action_split_across_pages"),
    ]
    assert [s.title for s in document.mandate.sections] == [
        "La strategia",
        "LA CITTÀ METROPOLITANA DEI SERVIZI VERSO IL TERRITORIO",
    ]


def test_a_numbered_paragraph_is_a_footnote_only_when_the_text_cites_its_number() -> None:
    cited = ["meccanismi di “valutazione partecipativa”¹ al fine di"]
    assert read_footnote("1 La valutazione partecipativa è svolta", cited) == (
        "¹ La valutazione partecipativa è svolta"
    )
    assert read_footnote("2 La valutazione partecipativa è svolta", cited) is None
    assert read_footnote("1 La valutazione partecipativa è svolta", ["nessun richiamo"]) is None
