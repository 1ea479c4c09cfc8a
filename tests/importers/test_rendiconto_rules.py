"""The rules of the rendiconto parser, one at a time, on cells of the real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.records import Impact, MandateGroupRecord, Status
from cruscotto.importers.rendiconto.action_log import parse_action_log
from cruscotto.importers.rendiconto.activity_rows import looks_like_indicator_row
from cruscotto.importers.rendiconto.departments import DepartmentDirectory
from cruscotto.importers.rendiconto.html_text import html_to_blocks
from cruscotto.importers.rendiconto.indicator_codes import (
    normalise_indicator_code,
    read_indicator_codes,
)
from cruscotto.importers.rendiconto.mandate_lines import parse_mandate_table
from cruscotto.importers.rendiconto.programma_header import split_org_units, split_stakeholders
from cruscotto.importers.rendiconto.vocabulary import (
    read_impacts,
    read_letter,
    read_mandate_references,
    read_status,
)

SEED = Path(__file__).resolve().parents[2] / "samples" / "000_014bd498e15be787.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
ACTIONS = 6  # the "Azioni e attività effettuate" column


def seed_cell(line: int, column: int = ACTIONS) -> str:
    return SEED_LINES[line - 1].split("\t")[column]


def entries(cell: str) -> list[tuple[int | None, int | None, str]]:
    return [(e.year_from, e.year_to, e.text) for e in parse_action_log(cell, 1, [])]


# Year markers in the actions column


def test_a_year_closing_the_previous_paragraph_is_not_a_marker() -> None:
    log = entries(seed_cell(125))
    assert [(start, end) for start, end, _ in log] == [(2023, 2023), (2024, 2024), (2025, 2025)]
    assert "Decreto ministeriale 10 ottobre 2022. Partecipazione alle attività" in log[0][2]


def test_ranges_and_lists_of_years() -> None:
    assert [(s, e) for s, e, _ in entries(seed_cell(188))] == [
        (2022, 2022),
        (2023, 2023),
        (2023, 2024),  # "2023 - 2024"
        (2024, 2024),
        (2025, 2025),
    ]
    assert [(s, e) for s, e, _ in entries(seed_cell(126))] == [(2023, 2025)]  # "2023-2024- 2025"
    assert [(s, e) for s, e, _ in entries(seed_cell(286))] == [
        (2022, 2025)
    ]  # "2022, 2023, 2024, 2025"
    assert [(s, e) for s, e, _ in entries(seed_cell(955))][0] == (2023, 2025)  # "2023/2024 - 2025"
    assert [(s, e) for s, e, _ in entries(seed_cell(132))][0] == (
        2024,
        2025,
    )  # "<p>2024 - 2025</p>"


def test_text_before_the_first_year_has_no_year() -> None:
    log = entries(seed_cell(2863))
    assert log[0] == (None, None, "Relazioni Internazionali")
    assert [s for s, _, _ in log[1:]] == [2022, 2023, 2024, 2025, 2023, 2024, 2025]


def test_inline_markers_in_a_plain_cell() -> None:
    log = entries(seed_cell(2860))
    assert [(s, text[:30]) for s, _, text in log] == [
        (None, "Relazioni Internazionali"),
        (2022, '"Torino omaggia il mondo"'),
        (2023, "Conferenza Corpo Consolare di "),
        (2024, "Palinsesto Portici di Carta co"),  # after "Festa dell'Europa"
        (2025, "Palinsesto eventi Universiadi "),
    ]
    # "eventi Universiadi 2025 con Corpo Consolare": a year inside the sentence.
    assert "Palinsesto eventi Universiadi 2025 con Corpo Consolare" in log[3][2]


def test_inline_years_in_a_paragraph_cell_belong_to_the_sentence() -> None:
    log = entries(seed_cell(245))
    assert [s for s, _, _ in log] == [2022, 2023, 2024, 2025]
    assert "Quota prevista 2023: € 23.554.144,09" in log[2][2]


def test_words_that_bind_a_year_to_the_sentence() -> None:
    # "Nov. 2024 1° incontro": a month, even before a full stop.
    log = entries(seed_cell(2128))
    assert [(s, e) for s, e, _ in log] == [(2023, 2024), (2025, 2025)]
    assert "- Nov. 2024 1° incontro Osservatorio" in log[0][2]
    # "Emergenza freddo 2022 2023 CIA": the second year is the marker.
    assert [s for s, _, _ in entries(seed_cell(574))][-1] == 2023
    assert entries(seed_cell(574))[-1][2] == "CIA n .1 produttività"
    # A year after a full stop and before " - " opens an entry.
    assert [s for s, _, _ in entries(seed_cell(579))] == [None, 2023, 2024, 2025]


def test_a_year_printed_before_a_list_heads_the_list() -> None:
    log = entries(seed_cell(354))
    assert [s for s, _, _ in log] == [2023, 2025]
    assert log[0][2].endswith("- verifica protocollo proposto da privati")
    assert log[1][2].startswith("- Partecipazione Tavolo di lavoro condiviso")


def test_a_year_opening_a_list_item() -> None:
    ((start, end, text),) = entries(seed_cell(359))
    assert (start, end) == (2025, 2025)
    assert text.startswith("verifica attraverso l'interlocuzione dei conduttori")
    assert (
        text.splitlines()[1]
        == "- aggiornamento clausola contrattuale per i nuovi contratti di concessione"
    )


def test_a_year_alone_reports_an_empty_entry() -> None:
    diagnostics: list[Diagnostic] = []
    assert [(e.year_from, e.text) for e in parse_action_log("<p>2025</p>", 7, diagnostics)] == [
        (2025, "")
    ]
    assert [(d.line, d.code) for d in diagnostics] == [(7, "empty_log_entry")]


# HTML


def test_html_blocks_and_list_items() -> None:
    assert html_to_blocks("<p>Uno</p> <p>Due &amp; tre</p>") == ["Uno", "Due & tre"]
    assert html_to_blocks(
        '<ul style="list-style-type: none"> - primo - secondo 2023 - 2024 fine'
    ) == [
        "- primo",
        "- secondo 2023 - 2024 fine",
    ]
    assert html_to_blocks("testo <i>corsivo</i> e <u>BI.TO</u>") == ["testo corsivo e BI.TO"]
    assert html_to_blocks("- Proposta di iter - Predisposizione") == [
        "- Proposta di iter",
        "- Predisposizione",
    ]


# Closed vocabularies


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("In corso", Status.IN_PROGRESS),
        ("in corso", Status.IN_PROGRESS),
        ("Avviato", Status.STARTED),
        ("Concluso", Status.CONCLUDED),
        ("Attività conclusa", Status.CONCLUDED),
        ("Concluso (React)\nIn corso (Pinqua)", None),
        ("", None),
    ],
)
def test_read_status(printed: str, status: Status | None) -> None:
    assert read_status(printed) == status


def test_read_impacts_in_printed_order() -> None:
    assert read_impacts("Sociale Ambientale Economico") == (
        [Impact.SOCIAL, Impact.ENVIRONMENTAL, Impact.ECONOMIC],
        [],
    )
    assert read_impacts("Transizione Ecologica") == ([], ["TRANSIZIONE", "ECOLOGICA"])


@pytest.mark.parametrize(
    ("printed", "references"),
    [
        ("-", []),
        ("", []),
        ("1", ["1"]),
        ("1-2", ["1", "2"]),
        ("1,2", ["1", "2"]),
        ("1, 2", ["1", "2"]),
        ("1,6", ["1", "6"]),
        ("1-3", ["1", "2", "3"]),
        ("f", None),
    ],
)
def test_read_mandate_references(printed: str, references: list[str] | None) -> None:
    assert read_mandate_references(printed) == references


@pytest.mark.parametrize(
    ("printed", "previous", "read"),
    [
        ("a", "", ("a", "")),
        ("hh", "gg", ("hh", "")),
        ("I", "k", ("l", "corrected")),
        ("I", "h", ("i", "corrected")),
        ("I", "c", ("l", "corrected")),
        ("B", "a", ("b", "corrected")),
        ("", "a", ("", "")),
        ("f1", "e", ("", "unreadable")),
    ],
)
def test_read_letter(printed: str, previous: str, read: tuple[str, str]) -> None:
    assert read_letter(printed, previous) == read


# Indicator codes


def test_indicator_codes_normalised() -> None:
    assert [r.code for r in read_indicator_codes("a.1 a.2.", "a")] == ["a.1", "a.2"]
    assert [r.code for r in read_indicator_codes("<p>l.1</p> <p>l.2</p>", "l")] == ["l.1", "l.2"]
    assert [(r.code, r.problem) for r in read_indicator_codes("I.1", "l")] == [("l.1", "corrected")]
    assert [(r.code, r.problem) for r in read_indicator_codes("g1", "g")] == [("g.1", "malformed")]
    assert [r.code for r in read_indicator_codes("concluso 1", "")] == ["concluso 1"]
    assert read_indicator_codes("-", "a") == []
    assert normalise_indicator_code("d.,1").code == "d.1"
    assert normalise_indicator_code("q1").problem == "malformed"
    assert normalise_indicator_code("f.1.a").code == "f.1.a"
    assert normalise_indicator_code("Concluso 3").code == "concluso 3"


# Departments


def test_departments_split_only_into_names_printed_alone() -> None:
    directory = DepartmentDirectory(
        ["Segreteria Generale", "Servizi Generali, Appalti ed Economato", "Risorse Finanziarie"]
        + ["Risorse Finanziarie Partecipazioni Comunali"] * 2
    )
    glued = directory.read("Segreteria Generale Servizi Generali, Appalti ed Economato")
    assert (glued.names, glued.glued) == (
        ("Segreteria Generale", "Servizi Generali, Appalti ed Economato"),
        True,
    )
    whole = directory.read("Risorse Finanziarie Partecipazioni Comunali")
    assert (whole.names, whole.glued, whole.unsplit) == (
        ("Risorse Finanziarie Partecipazioni Comunali",),
        False,
        False,
    )
    paragraphs = directory.read("<p>Risorse Finanziarie</p> <p>Polizia Locale</p>")
    assert paragraphs.names == ("Risorse Finanziarie", "Polizia Locale")
    cut_short = directory.read("Segreteria Generale Servizi Generali, Appalti")
    assert (cut_short.names, cut_short.unsplit) == (
        ("Segreteria Generale Servizi Generali, Appalti",),
        True,
    )


# Programma header


def test_split_org_units() -> None:
    assert split_org_units("DIVISIONE AMMINISTRATIVA, DIVISIONE EDUCATIVA") == [
        "DIVISIONE AMMINISTRATIVA",
        "DIVISIONE EDUCATIVA",
    ]
    assert split_org_units(
        "DIPARTIMENTO CORPO DI POLIZIA LOCALE – DIVISIONE PROTEZIONE CIVILE, GESTIONE EMERGENZA E SICUREZZA"
    ) == [
        "DIPARTIMENTO CORPO DI POLIZIA LOCALE",
        "DIVISIONE PROTEZIONE CIVILE, GESTIONE EMERGENZA E SICUREZZA",
    ]


def test_split_stakeholders() -> None:
    assert split_stakeholders("CITTADINI – OPERATORI CULTURALI – FONDAZIONI") == [
        "CITTADINI",
        "OPERATORI CULTURALI",
        "FONDAZIONI",
    ]
    assert split_stakeholders("CITTADINI; SOGGETTI DEL TERZO SETTORE; ASL") == [
        "CITTADINI",
        "SOGGETTI DEL TERZO SETTORE",
        "ASL",
    ]


# Mandate lines


def test_groups_matched_without_case_or_accents_and_unmatched_reported() -> None:
    groups = [
        MandateGroupRecord(7, "La Città metropolitana", "", 1),
        MandateGroupRecord(1, "La Città della prossimità", "", 2),
    ]
    diagnostics: list[Diagnostic] = []
    rows = [
        (10, ["LA CITTA' METROPOLITANA", "1", "Testo", "", " Missione 1 MISSIONE 1"]),
        (11, ["La Città del futuro", "2", "Testo", " 10 – RIDURRE LE DISUGUAGLIANZE", ""]),
    ]
    first, second = parse_mandate_table(rows, groups, diagnostics)
    assert (first.group_number, first.pnrr_missions) == (7, [1])
    assert (second.group_number, second.sdgs) == (None, [10])
    assert [(d.line, d.code) for d in diagnostics] == [(11, "unknown_mandate_group")]


def test_an_sdg_name_that_does_not_match_its_number_is_reported() -> None:
    diagnostics: list[Diagnostic] = []
    (line,) = parse_mandate_table(
        [(5, ["La Città metropolitana", "1", "Testo", "3 – LA VITA SULLA TERRA", ""])],
        [MandateGroupRecord(7, "La Città metropolitana", "", 1)],
        diagnostics,
    )
    assert line.sdgs == []
    assert [(d.line, d.code) for d in diagnostics] == [(5, "unreadable_sdg")]


# Rows of the activity section


def test_result_rows_in_the_activity_layout_are_recognised() -> None:
    assert looks_like_indicator_row(SEED_LINES[739 - 1].split("\t"))
    assert looks_like_indicator_row(
        SEED_LINES[738 - 1].split("\t")
    )  # Area | Prodotto | … | 2022 | …
    assert not looks_like_indicator_row(SEED_LINES[705 - 1].split("\t"))
    assert not looks_like_indicator_row(SEED_LINES[704 - 1].split("\t"))  # the activity header
