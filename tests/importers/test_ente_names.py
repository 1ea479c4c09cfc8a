"""Reading the ente a document prints: by the shape of the name, never by a list of names."""

from __future__ import annotations

import pytest

from cruscotto.importers.ente_names import (
    find_printed_ente,
    read_council_in_line,
    read_ente_in_line,
    read_whole_line_ente,
    spell_place,
)
from cruscotto.importers.psm_preliminary import parse_psm_preliminary


@pytest.mark.parametrize(
    ("printed", "ente"),
    [
        ("CITTA' DI TORINO", "Città di Torino"),
        ("**CITTÀ METROPOLITANA DI REGGIO CALABRIA**", "Città metropolitana di Reggio Calabria"),
        ("COMUNE DI REGGIO NELL'EMILIA", "Comune di Reggio nell'Emilia"),
        ("Comune di San Giovanni in Persiceto", "Comune di San Giovanni in Persiceto"),
        ("PROVINCIA DI MONZA E DELLA BRIANZA", "Provincia di Monza e della Brianza"),
        ("\t\t\tCittà Metropolitana di To\t\t", "Città metropolitana di To"),  # cut: as printed
        ("Città metropolitana di essere", None),  # not a place
        ("Relazione della Città di Torino", None),  # a sentence, not a name on its own
    ],
)
def test_a_line_that_is_an_entes_name(printed: str, ente: str | None) -> None:
    assert read_whole_line_ente(printed) == ente


def test_a_name_in_a_sentence_ends_where_the_place_does() -> None:
    assert read_ente_in_line(
        "protocollo tra Fondazione LINKS, Città metropolitana di Bari e IED"
    ) == ("Città metropolitana di Bari")
    assert read_ente_in_line("La Città Metropolitana di Napoli svolge un ruolo") == (
        "Città metropolitana di Napoli"
    )
    assert read_ente_in_line("una città metropolitana di pianura") is None


def test_a_council_stands_for_its_ente() -> None:
    assert read_council_in_line("DELIBERAZIONE CONSIGLIO METROPOLITANO DI BARI") == (
        "Città metropolitana di Bari"
    )
    assert (
        read_council_in_line("DELIBERAZIONE DEL CONSIGLIO COMUNALE DI PAVIA") == "Comune di Pavia"
    )
    assert read_council_in_line("Sindaco della Città Metropolitana di Bari") is None


def test_a_name_on_its_own_line_comes_before_a_mention() -> None:
    lines = [(1, "Rapporto del Comune di Asti e della"), (2, ""), (3, "PROVINCIA DI ASTI")]
    printed = find_printed_ente(lines)
    assert printed is not None and (printed.name, printed.line) == ("Provincia di Asti", 3)
    assert find_printed_ente([(1, "nessun ente qui")]) is None


def test_capitals_are_kept_on_the_words_of_a_place_only() -> None:
    assert spell_place("SANT'ANTIOCO") == "Sant'Antioco"
    assert spell_place("Castelnuovo del Garda") == "Castelnuovo del Garda"


def test_the_preliminary_report_names_its_citta_metropolitana_on_the_title_page() -> None:
    title_page = (
        "**PIANO  \nSTRATEGICO  \nMETROPOLITANO  \nFIRENZE 2025|2027**\n\n**RESTITUZIONE**\n"
    )
    document = parse_psm_preliminary(title_page)
    assert (document.ente, document.ente_line) == ("Città metropolitana di Firenze", 4)
    assert (document.plan_start, document.plan_end) == (2025, 2027)
    untitled = parse_psm_preliminary("**PIANO STRATEGICO METROPOLITANO 2025|2027**\n")
    assert untitled.ente == ""
    assert [(d.line, d.code) for d in untitled.diagnostics if d.code.startswith("ente")] == [
        (1, "ente_not_found")
    ]
