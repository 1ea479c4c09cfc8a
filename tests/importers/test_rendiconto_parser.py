"""The rendiconto parser on the real report: what a careful reader finds in the seed.

The counts below were made by reading the seed (samples/000_014bd498e15be787.txt):

- 52 Missione / Programma blocks (52 "MISSIONE n:" headings, each with its PROGRAMMA,
  four of them glued on one line with Markdown bold);
- 93 mandate-line rows under "Le 7 Città | n° | …" (plus one row of tags only, 1469);
- 518 activity rows carrying a DUP SeO letter (408 carries it one cell too far left),
  of which 19 are fragments of the activity above (17 "(segue)", e at 646 and n at
  1407 repeated with the same text), plus 2 concluded rows without a letter (583,
  2422): 501 activities;
- 558 activity-department pairs: 469 In corso, 45 Concluso (41 rows, with 821 and 1477
  naming two departments and 1674 three), 20 Avviato, 24 without a status (23 printed
  empty, 1 not recognised: "Concluso (React) / In corso (Pinqua)" at 1945).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cruscotto.domain.diagnostics import Severity
from cruscotto.importers.records import (
    ActivityRecord,
    Impact,
    ProgrammaRecord,
    RendicontoDocument,
    Status,
)
from cruscotto.importers.rendiconto import looks_like_rendiconto, parse_rendiconto

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = SAMPLES / "000_014bd498e15be787.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(seed_text: str) -> RendicontoDocument:
    return parse_rendiconto(seed_text)


def programma(document: RendicontoDocument, missione: int, code: int) -> ProgrammaRecord:
    return next(
        p for p in document.programmi if (p.missione_code, p.programma_code) == (missione, code)
    )


def activity(document: RendicontoDocument, missione: int, code: int, key: str) -> ActivityRecord:
    return next(a for a in programma(document, missione, code).activities if a.key == key)


def years(
    activity: ActivityRecord, department_index: int = 0
) -> list[tuple[int | None, int | None]]:
    return [(e.year_from, e.year_to) for e in activity.responsibilities[department_index].log]


def diagnostic_keys(document: RendicontoDocument) -> set[tuple[int, str]]:
    return {(d.line, d.code) for d in document.diagnostics}


# The document and its preface


def test_preface_gives_ente_years_and_the_mandate_groups(document: RendicontoDocument) -> None:
    assert document.ente == "Città di Torino"
    assert document.reference_year == 2025
    assert (document.mandate_start, document.mandate_end) == (2021, 2026)
    assert document.title == (
        "RELAZIONE SULL'ATTUAZIONE DEL PROGRAMMA ANNUALE DELL'AMMINISTRAZIONE – "
        "PIANIFICAZIONE E CONTROLLO STRATEGICO CITTÀ DI TORINO"
    )
    # The groups are the document's: how many, their names in the case the mandate tables
    # write them most often, the heading of those tables' column and the premessa's sentence.
    assert document.groups_label == "Le 7 Città"
    assert document.groups_intro.startswith(
        'Sono, inoltre, state riprese dalle linee programmatiche le cosiddette "7 Città"'
    )
    assert [(c.number, c.name) for c in document.groups] == [
        (1, "La Città della prossimità"),
        (2, "La Città multicentrica e la Città della mobilità: la transizione ecologica"),
        (3, "La Città dell'innovazione e dello sviluppo"),
        (4, "La Città delle reti e dell'impatto sociale"),
        (5, "La Città delle opportunità, delle donne, dei giovani, delle bambine e dei bambini"),
        (6, "La Città plurale, internazionale e interconnessa"),
        (7, "La Città Metropolitana"),  # 6 rows print it so, 1 "La Città metropolitana"
    ]
    assert document.groups[0].description == (
        "qualità dello spazio pubblico, quartieri, commercio ed economia di vicinato, "
        "mercati, sicurezza, casa"
    )


def test_format_sniff(seed_text: str) -> None:
    assert looks_like_rendiconto(seed_text)
    other = (SAMPLES / "004_63c10e375ed7a47e.txt").read_text(encoding="utf-8")
    assert not looks_like_rendiconto(other)


# Missione / Programma blocks


def test_every_programma_once_in_document_order(document: RendicontoDocument) -> None:
    codes = [(p.missione_code, p.programma_code) for p in document.programmi]
    assert len(codes) == 52
    assert len(set(codes)) == 52
    assert codes[:3] == [(1, 1), (1, 2), (1, 3)]
    assert codes[-3:] == [(15, 3), (17, 1), (19, 1)]
    first = document.programmi[0]
    assert (first.line, first.missione_title, first.programma_title) == (
        104,
        "SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE",
        "ORGANI ISTITUZIONALI",
    )


def test_units_and_stakeholders_of_missione_1_programma_1(document: RendicontoDocument) -> None:
    block = programma(document, 1, 1)
    assert block.org_units == [
        "DIVISIONE DECENTRAMENTO E COORDINAMENTO CIRCOSCRIZIONI",
        "DIREZIONE GENERALE",
        "DIPARTIMENTO TRANSIZIONE ECOLOGICA, FONDI EUROPEI E PNRR",
        "DIPARTIMENTO GABINETTO DEL SINDACO",
        "DIPARTIMENTO COMMERCIO",
        "DIVISIONE SISTEMI INFORMATIVI",
        "DIPARTIMENTO URBANISTICA ED EDILIZIA PRIVATA",
        "DIPARTIMENTO SERVIZI SOCIALI SOCIO SANITARI E ABITATIVI",
    ]
    assert block.stakeholders == ["CITTADINI", "ISTITUZIONI", "IMPRESE", "ATENEI E POLI DI RICERCA"]


def test_unit_and_stakeholder_separators(document: RendicontoDocument) -> None:
    # " -- " between units; commas inside a unit name are kept.
    assert programma(document, 1, 3).org_units == [
        "DIPARTIMENTO RISORSE FINANZIARIE",
        "SEGRETERIA GENERALE",
        "DIPARTIMENTO SERVIZI GENERALI, APPALTI ED ECONOMATO",
    ]
    # A comma followed by a new unit ("…, DIVISIONE …") separates.
    assert programma(document, 9, 5).org_units == [
        "DIPARTIMENTO AMBIENTE GRANDI OPERE, INFRASTRUTTURE E MOBILITÀ",
        "DIVISIONE VERDE E PARCHI E TUTELA ANIMALI",
        "DIVISIONE INFRASTRUTTURE",
        "DIVISIONE EVENTI E PROMOZIONE TURISTICA, SPORT E TEMPO LIBERO",
    ]
    # With ";" the commas stay inside a stakeholder.
    assert programma(document, 3, 1).stakeholders == [
        "CITTADINI",
        "UTENTI DELLA STRADA, CON PARTICOLARE RIFERIMENTO ALLE FASCE DEBOLI",
        "TITOLARI E CLIENTI DI ESERCIZI PUBBLICI E COMMERCIALI",
    ]
    assert programma(document, 7, 1).stakeholders == ["CITTADINI", "FAMIGLIE"]


def test_unit_list_continued_on_the_next_line(document: RendicontoDocument) -> None:
    assert programma(document, 5, 1).org_units[-1] == (
        "DIPARTIMENTO AMBIENTE GRANDI OPERE INFRASTRUTTURE E MOBILITÀ"
    )


def test_headings_glued_with_markdown(document: RendicontoDocument) -> None:
    block = programma(document, 4, 4)
    assert (block.line, block.missione_title, block.programma_title) == (
        887,
        "ISTRUZIONE E DIRITTO ALLO STUDIO",
        "ISTRUZIONE UNIVERSITARIA",
    )
    assert block.org_units == [
        "SERVIZIO GIOVANI E DIRITTO ALLO STUDIO E CITTÀ UNIVERSITARIA",
        "SERVIZIO PROMOZIONE SALUTE, PARI OPPORTUNITÀ E POLITICHE DI SUSSIDIARIETÀ",
    ]
    assert block.stakeholders == ["GIOVANI"]
    assert [a.key for a in block.activities] == ["a", "b"]
    glued = {d.line for d in document.diagnostics if d.code == "glued_headings"}
    assert glued == {887, 1321, 2057, 2726}


# Mandate lines


def test_mandate_lines_total_and_groups(document: RendicontoDocument) -> None:
    lines = [m for p in document.programmi for m in p.mandate_lines]
    assert len(lines) == 93
    assert all(m.group_number is not None for m in lines)
    by_group = {n: sum(1 for m in lines if m.group_number == n) for n in range(1, 8)}
    assert by_group == {1: 15, 2: 17, 3: 19, 4: 16, 5: 12, 6: 7, 7: 7}


def test_mandate_lines_of_missione_1_programma_1(document: RendicontoDocument) -> None:
    first, second = programma(document, 1, 1).mandate_lines
    assert (
        first.line,
        first.local_number,
        first.group_number,
        first.sdgs,
        first.pnrr_missions,
    ) == (
        115,
        "1",
        1,
        [],
        [],
    )
    assert first.text.startswith("Migliorare la collaborazione tra amministrazione centrale")
    # " Missione 1 MISSIONE 1": the label and the icon of one mission.
    assert (second.group_as_printed, second.group_number, second.sdgs, second.pnrr_missions) == (
        "La Città Metropolitana",
        7,
        [],
        [1],
    )


@pytest.mark.parametrize(
    ("missione", "code", "number", "sdgs", "pnrr"),
    [
        (4, 6, "1", [2, 3, 4], [4, 5]),  # <p> paragraphs, labels and icons
        (9, 1, "1", [11, 13, 14, 15], [2]),
        (10, 2, "1", [9], [2, 3]),
        (14, 3, "1", [9], [1, 4]),  # the missions spread over two cells
        (12, 3, "2", [], [6]),  # the mission in the extra sixth column
        (9, 4, "1", [6], []),  # an SDG without a PNRR mission
        (8, 2, "1", [10], [2]),  # "10 RIDURRE …" without the dash
        (19, 1, "1", [16, 17], []),
    ],
)
def test_mandate_line_tags(
    document: RendicontoDocument,
    missione: int,
    code: int,
    number: str,
    sdgs: list[int],
    pnrr: list[int],
) -> None:
    line = next(
        m for m in programma(document, missione, code).mandate_lines if m.local_number == number
    )
    assert (line.sdgs, line.pnrr_missions) == (sdgs, pnrr)


def test_row_of_tags_alone_is_reported_not_attached(document: RendicontoDocument) -> None:
    block = programma(document, 8, 2)
    assert [(m.local_number, m.sdgs, m.pnrr_missions) for m in block.mandate_lines] == [
        ("1", [10], [2]),
        ("2", [11], [5]),
    ]
    assert (1469, "orphan_mandate_tags") in diagnostic_keys(document)


# Activities: totals


def test_activity_and_pair_totals(document: RendicontoDocument) -> None:
    activities = [a for p in document.programmi for a in p.activities]
    assert len(activities) == 501
    statuses = [r.status for a in activities for r in a.responsibilities]
    assert len(statuses) == 558
    assert statuses.count(Status.IN_PROGRESS) == 469
    assert statuses.count(Status.CONCLUDED) == 45
    assert statuses.count(Status.STARTED) == 20
    assert statuses.count(None) == 24


def test_keys_are_unique_within_each_programma(document: RendicontoDocument) -> None:
    for block in document.programmi:
        keys = [a.key for a in block.activities]
        assert len(keys) == len(set(keys)), (block.missione_code, block.programma_code)


# Activities: fragments and continuation rows


def test_segue_fragments_make_one_activity(document: RendicontoDocument) -> None:
    f = activity(document, 1, 1, "f")
    assert [a.key for a in programma(document, 1, 1).activities].count("f") == 1
    assert (f.line, f.source_lines) == (129, [129, 132, 135])
    assert f.text.startswith(
        "Coordinare l'uso delle risorse della programmazione comunitaria 2021-27"
    )
    assert "(segue)" not in f.text
    assert [r.department for r in f.responsibilities] == [
        "Transizione Ecologica, Fondi Europei e PNRR"
    ]
    assert years(f) == [(2022, 2022), (2023, 2023), (2024, 2025), (2025, 2025)]
    assert f.responsibilities[0].log[2].text.startswith("Invio ai beneficiari PN Metro PLUS")
    assert [e.line for e in f.responsibilities[0].log] == [129, 129, 132, 135]
    assert f.indicator_codes == ["f.1"]
    assert f.impacts == [Impact.ECONOMIC, Impact.SOCIAL, Impact.ENVIRONMENTAL]


def test_department_only_row_adds_a_responsibility(document: RendicontoDocument) -> None:
    h = activity(document, 1, 1, "h")
    assert h.source_lines == [139, 140]
    assert [(r.line, r.department, r.status, r.status_as_printed) for r in h.responsibilities] == [
        (139, "Servizi Interni Sistemi Informativi", None, ""),
        (140, "Servizi Sociali, Sociosanitari e Abitativi", Status.CONCLUDED, "Concluso"),
    ]
    assert years(h, 0) == [(2024, 2024), (2025, 2025)]
    assert [(e.year_from, e.text) for e in h.responsibilities[1].log] == [
        (2025, "Attivati punti di facilitazione digitale. Vedi PNRR 1.7.2")
    ]
    assert (139, "missing_status") in diagnostic_keys(document)


def test_concluded_for_one_department_in_progress_for_another(document: RendicontoDocument) -> None:
    e = activity(document, 1, 11, "e")
    assert e.source_lines == [645, 646]
    assert e.text == (
        "Adeguare gli sportelli per il servizio informativo ai cittadini con lo scopo di "
        "ottimizzarne le funzioni e renderli più efficienti."
    )
    assert [(r.department, r.status) for r in e.responsibilities] == [
        ("Servizi Interni Sistemi Informativi", Status.CONCLUDED),
        ("Gabinetto del Sindaco", Status.IN_PROGRESS),
    ]
    assert years(e, 0) == [(2023, 2023), (2024, 2024), (2025, 2025)]
    assert years(e, 1) == [(2025, 2025)]
    assert e.indicator_codes == ["e.1", "e.2"]


def test_continuation_rows_after_a_page_header(document: RendicontoDocument) -> None:
    # 1604 continues j (printed before the page break), 1606 continues k.
    j = activity(document, 9, 2, "j")
    k = activity(document, 9, 2, "k")
    assert j.source_lines == [1601, 1604]
    assert [(r.department, r.status) for r in j.responsibilities] == [
        ("Transizione Ecologica, Fondi Europei e PNRR", Status.IN_PROGRESS),
        ("Ambiente, Grandi Opere, Infrastrutture e Mobilità", Status.IN_PROGRESS),
    ]
    assert years(j, 1) == [(2024, 2025)]
    assert k.source_lines == [1605, 1606]
    assert [(r.department, r.status) for r in k.responsibilities] == [
        ("Manutenzioni e Servizi Tecnici", Status.IN_PROGRESS),
        ("Transizione Ecologica, Fondi Europei e PNRR", None),
    ]


def test_shifted_continuation_row_at_1411(document: RendicontoDocument) -> None:
    o = activity(document, 8, 1, "o")
    assert o.source_lines == [1410, 1411]
    assert [(r.line, r.department, r.status) for r in o.responsibilities] == [
        (1410, "Manutenzioni e Servizi Tecnici", Status.IN_PROGRESS),
        (1411, "Transizione Ecologica, Fondi Europei e PNRR", None),
    ]
    assert years(o, 1) == [(2022, 2022), (2023, 2023), (2024, 2024), (2025, 2025)]
    assert o.responsibilities[1].log[0].text == (
        "Riqualificazione dell'area Veglio - Delibera n. 103 del 01/03/2022 (atto d'obbligo)"
    )
    assert o.indicator_codes == ["o.1", "o.2", "o.3"]
    shifted = [d for d in document.diagnostics if (d.line, d.code) == (1411, "shifted_row")]
    assert len(shifted) == 1 and shifted[0].severity == Severity.WARNING


def test_row_shifted_left_at_408(document: RendicontoDocument) -> None:
    f = activity(document, 1, 6, "f")
    assert (f.text, f.mandate_line_refs_as_printed, f.impacts) == (
        "Potenziare la capacità operativa della vigilanza edilizia",
        "",
        [Impact.ECONOMIC],
    )
    assert [(r.department, r.status) for r in f.responsibilities] == [
        ("Urbanistica ed Edilizia Privata", Status.IN_PROGRESS),
        ("Polizia Locale", Status.CONCLUDED),
    ]
    assert (408, "shifted_row") in diagnostic_keys(document)


def test_text_only_row_extends_the_activity_text(document: RendicontoDocument) -> None:
    i = activity(document, 10, 5, "i")
    assert i.text == (
        "Approvare un nuovo piano regolatore d'area metropolitana.\n"
        "Attuazione linee guida del Piano Urbano della Mobilità Sostenibile (di seguito PUMS)."
    )
    assert (1940, "text_only_row") in diagnostic_keys(document)


def test_unknown_status_is_kept_as_printed(document: RendicontoDocument) -> None:
    l_activity = activity(document, 10, 5, "l")
    (responsibility,) = l_activity.responsibilities
    assert responsibility.status is None
    assert responsibility.status_as_printed == "Concluso (React)\nIn corso (Pinqua)"
    assert l_activity.source_lines == [1945, 1948]
    unknown = [d for d in document.diagnostics if d.code == "unknown_status"]
    assert [(d.line, d.severity) for d in unknown] == [(1945, Severity.WARNING)]
    assert (1948, "conflicting_status") in diagnostic_keys(document)


def test_status_variants_are_normalised(document: RendicontoDocument) -> None:
    n = activity(document, 6, 2, "n")
    assert [(r.status, r.status_as_printed) for r in n.responsibilities] == [
        (Status.CONCLUDED, "Attività conclusa")
    ]
    i = activity(document, 1, 4, "i")
    assert [r.status for r in i.responsibilities] == [Status.STARTED]


# Activities: letters, references, impacts, codes, departments


def test_capital_i_read_as_l(document: RendicontoDocument) -> None:
    for missione, code in [(5, 2), (6, 1), (8, 1), (19, 1)]:
        keys = [a.key for a in programma(document, missione, code).activities]
        assert keys[keys.index("k") + 1] == "l", (missione, code)
    assert activity(document, 6, 1, "l").indicator_codes == ["l.1"]
    corrected = {d.line for d in document.diagnostics if d.code == "corrected_letter"}
    assert corrected == {1039, 1192, 1401, 2884}


def test_letters_past_z(document: RendicontoDocument) -> None:
    assert [a.key for a in programma(document, 12, 4).activities][-8:] == [
        "aa",
        "bb",
        "cc",
        "dd",
        "ee",
        "ff",
        "gg",
        "hh",
    ]
    assert activity(document, 6, 1, "bb").responsibilities[0].status == Status.CONCLUDED


def test_activities_without_a_letter(document: RendicontoDocument) -> None:
    concluded = activity(document, 1, 10, "#1")
    assert (concluded.line, concluded.letter, concluded.indicator_codes) == (
        583,
        "",
        ["concluso 1"],
    )
    assert [(r.department, r.status) for r in concluded.responsibilities] == [
        ("Servizi Interni Personale", Status.CONCLUDED)
    ]
    assert activity(document, 12, 9, "#1").line == 2422
    missing = {d.line for d in document.diagnostics if d.code == "missing_letter"}
    assert missing == {583, 2422}


@pytest.mark.parametrize(
    ("missione", "code", "key", "printed", "references"),
    [
        (1, 1, "a", "-", []),
        (1, 2, "a", "1", ["1"]),
        (5, 2, "b", "1-2", ["1", "2"]),
        (3, 1, "a", "1, 2", ["1", "2"]),
        (1, 3, "g", "1,2", ["1", "2"]),
        (15, 2, "a", "1,2,3", ["1", "2", "3"]),
        (10, 5, "g", "3,4", ["3", "4"]),
    ],
)
def test_mandate_line_references(
    document: RendicontoDocument,
    missione: int,
    code: int,
    key: str,
    printed: str,
    references: list[str],
) -> None:
    found = activity(document, missione, code, key)
    assert (found.mandate_line_refs_as_printed, found.mandate_line_refs) == (printed, references)


def test_every_reference_names_a_line_of_its_programma(document: RendicontoDocument) -> None:
    for block in document.programmi:
        numbers = {m.local_number for m in block.mandate_lines}
        for found in block.activities:
            assert set(found.mandate_line_refs) <= numbers
    assert not [d for d in document.diagnostics if d.code == "unknown_mandate_line_ref"]


def test_impacts_are_multi_valued_in_printed_order(document: RendicontoDocument) -> None:
    assert activity(document, 1, 1, "a").impacts == [
        Impact.SOCIAL,
        Impact.ENVIRONMENTAL,
        Impact.ECONOMIC,
    ]
    assert activity(document, 1, 1, "d").impacts == [
        Impact.ECONOMIC,
        Impact.SOCIAL,
        Impact.INTERNAL,
    ]
    assert activity(document, 2, 1, "a").impacts == []


def test_indicator_codes_are_normalised(document: RendicontoDocument) -> None:
    assert activity(document, 1, 2, "f").indicator_codes == ["f.1", "f.2", "f.3"]
    assert activity(document, 1, 7, "a").indicator_codes == ["a.1", "a.2"]  # "a.1 a.2."
    assert activity(document, 10, 5, "l").indicator_codes == ["l.1", "l.2", "l.3"]  # <p> cells
    assert activity(document, 5, 2, "f").indicator_codes[:5] == [
        "f.1.a",
        "f.1.b",
        "f.1.c",
        "f.1.d",
        "f.2",
    ]
    assert activity(document, 17, 1, "g").indicator_codes == [
        "g.1",
        "g.2",
    ]  # "g1" and a continuation


def test_codes_that_point_to_nothing_are_reported(document: RendicontoDocument) -> None:
    keys = diagnostic_keys(document)
    # The VP table's own "d.,1" and "q1" (reported by the table parser) and the
    # activity's "g1".
    assert {(1348, "malformed_indicator_code"), (1634, "malformed_indicator_code")} <= keys
    assert (2829, "malformed_indicator_code") in keys
    # Read as d.1 and q.1, they answer the codes cited by activities d and q.
    assert activity(document, 7, 1, "d").indicator_codes == ["d.1"]
    assert activity(document, 9, 2, "q").indicator_codes == ["q.1"]
    assert not [d for d in document.diagnostics if d.code == "dangling_indicator_code"]
    concluded = sorted(
        d.line for d in document.diagnostics if d.code == "concluded_indicator_unlinked"
    )
    assert concluded == [2207, 2208, 2299, 2366, 2367, 2368, 2369, 2370]


def test_departments_in_one_cell_become_responsibilities(document: RendicontoDocument) -> None:
    # Paragraphs: <p>Segreteria Generale</p> <p>Urbanistica ed Edilizia Privata</p>
    h = activity(document, 1, 2, "h")
    assert [r.department for r in h.responsibilities] == [
        "Segreteria Generale",
        "Urbanistica ed Edilizia Privata",
    ]
    # One shared cell of actions: each department gets the same four entries.
    assert years(h, 0) == years(h, 1) == [(2024, 2024), (2025, 2025), (2024, 2024), (2025, 2025)]
    # Glued names that the document prints alone elsewhere.
    b = activity(document, 4, 1, "b")
    assert [r.department for r in b.responsibilities] == [
        "Servizi Educativi",
        "Manutenzioni e Servizi Tecnici",
        "Transizione Ecologica, Fondi Europei e PNRR",
    ]
    # One name, although it starts with another one: "Partecipazioni Comunali" is
    # never printed alone.
    assert [r.department for r in activity(document, 12, 9, "b").responsibilities] == [
        "Risorse Finanziarie Partecipazioni Comunali"
    ]
    assert (1957, "unsplit_department_cell") in diagnostic_keys(document)


# Actions: the yearly log


def test_log_with_a_year_range(document: RendicontoDocument) -> None:
    a = activity(document, 1, 2, "a")
    log = a.responsibilities[0].log
    assert [(e.year_from, e.year_to) for e in log] == [
        (2022, 2022),
        (2023, 2023),
        (2023, 2024),
        (2024, 2024),
        (2025, 2025),
    ]
    assert log[2].text == (
        "Revisione dell'iter deliberativo e delle competenze sull'approvazione degli atti "
        "tra Giunta comunale e Dirigenza."
    )


def test_year_closing_a_sentence_is_not_a_new_entry(document: RendicontoDocument) -> None:
    c = activity(document, 1, 1, "c")
    assert years(c) == [(2023, 2023), (2024, 2024), (2025, 2025)]
    assert (
        c.responsibilities[0]
        .log[0]
        .text.endswith(
            "di cui al Decreto ministeriale 10 ottobre 2022. Partecipazione alle attività "
            "coordinate dal Disability Manager"
        )
    )


def test_year_list_range_and_html_list(document: RendicontoDocument) -> None:
    d = activity(document, 1, 1, "d")
    (entry,) = d.responsibilities[0].log
    assert (entry.year_from, entry.year_to) == (2023, 2025)  # "2023-2024- 2025"
    assert entry.text.splitlines()[:2] == [
        "- accordo per la gestione congiunta di procedure di selezione pubblica "
        "(deliberazione della Giunta Comunale n. 546 del 05/09/2023)",
        "- condivisione componenti esterni del Nucleo di Valutazione: decreto del Sindaco "
        "Metropolitan n. 263 del 26/08/2024 e deliberazione della Giunta Comunale n. 477 "
        "del 06/08/2024)",
    ]
    assert "<" not in entry.text
    assert years(activity(document, 1, 4, "b")) == [(2022, 2025)]  # "2022, 2023, 2024, 2025"


def test_concluded_activity_text_read_from_the_actions_column(document: RendicontoDocument) -> None:
    f = activity(document, 1, 2, "f")
    assert f.text == (
        "Riorganizzazione dell'attività degli uffici del Servizio Consiglio Comunale a seguito "
        "delle modifiche del Regolamento del Consiglio Comunale n. 286 approvate con "
        "Deliberazione del Consiglio Comunale n. 872 del 19/12/2022"
    )
    assert years(f) == [(2023, 2023), (2024, 2024), (2025, 2025)]
    assert (199, "activity_text_in_log_column") in diagnostic_keys(document)


def test_actions_continued_after_a_page_break_join_the_last_entry(
    document: RendicontoDocument,
) -> None:
    # 1012 holds only actions, cut by the page from b's single "2022-2023-2024 - 2025" entry.
    b = activity(document, 5, 2, "b")
    assert b.source_lines == [1009, 1012]
    (entry,) = b.responsibilities[0].log
    assert (entry.year_from, entry.year_to, entry.line) == (2022, 2025, 1009)
    assert (
        "\nsviluppo di progetti finalizzati a migliorare e a sostenere l'economia urbana"
        in entry.text
    )


def test_every_log_entry_is_clean_text(document: RendicontoDocument) -> None:
    for block in document.programmi:
        for found in block.activities:
            for responsibility in found.responsibilities:
                for entry in responsibility.log:
                    assert "<p>" not in entry.text and "<ul" not in entry.text
                    assert entry.line in found.source_lines


# Diagnostics


def test_expected_diagnostics_by_line_and_code(document: RendicontoDocument) -> None:
    assert {
        (408, "shifted_row"),
        (1411, "shifted_row"),
        (1945, "unknown_status"),
        (1469, "orphan_mandate_tags"),
        (1348, "malformed_indicator_code"),
        (1634, "malformed_indicator_code"),
        (2829, "malformed_indicator_code"),
        (2867, "activity_without_department"),
        (583, "missing_activity_text"),
    } <= diagnostic_keys(document)
    assert not [d for d in document.diagnostics if d.severity == Severity.ERROR]
    lines = [d.line for d in document.diagnostics]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("PREMESSA\n", "PREMESSA\x0c\n"), id="form-feed"),
    ],
)
def test_line_numbers_count_newlines_only(seed_text: str, transform: Any) -> None:
    """Windows line ends and page breaks left by PDF converters must not shift line numbers."""
    document = parse_rendiconto(transform(seed_text))
    shifted = [d.line for d in document.diagnostics if d.code == "shifted_row"]
    assert shifted == [408, 1411]
    assert len(document.programmi) == 52
