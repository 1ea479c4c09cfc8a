"""Indicator tables of the relazione sul controllo strategico, read by `parse_indicator_table`.

Real slices of the seed (by line number) and one small fixture per kind of mess in
tests/fixtures/rendiconto/. A fixture's first line is the heading; its line numbers
are the fixture's own.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.importers.records import IndicatorKind, IndicatorRecord, Qualifier, ValueType
from cruscotto.importers.rendiconto.indicator_tables import (
    choose_indicator_kind,
    parse_indicator_table,
    read_indicator_code,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "000_014bd498e15be787.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "rendiconto"
WARNING, ERROR, INFO = Severity.WARNING, Severity.ERROR, Severity.INFO


@cache
def seed_lines() -> tuple[str, ...]:
    return tuple(SEED.read_text(encoding="utf-8").split("\n"))


def is_section_heading(line: str) -> bool:
    return line.startswith(("INDICATORI", "MISSIONE", "PROGRAMMA"))


def seed_section(heading_line: int) -> tuple[str, int, list[tuple[int, str]]]:
    """Return the heading at `heading_line` and its rows up to the next section heading."""
    lines = seed_lines()
    heading = lines[heading_line - 1]
    assert heading.startswith("INDICATORI"), heading
    rows: list[tuple[int, str]] = []
    for number in range(heading_line + 1, len(lines) + 1):
        if is_section_heading(lines[number - 1]):
            break
        rows.append((number, lines[number - 1]))
    return heading, heading_line, rows


def all_seed_sections() -> list[tuple[str, int, list[tuple[int, str]]]]:
    return [
        seed_section(number)
        for number, line in enumerate(seed_lines(), start=1)
        if line.startswith("INDICATORI")
    ]


def fixture_section(name: str) -> tuple[str, int, list[tuple[int, str]]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    return lines[0], 1, list(enumerate(lines[1:], start=2))


def parse(
    section: tuple[str, int, list[tuple[int, str]]],
) -> tuple[list[IndicatorRecord], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    heading, heading_line, rows = section
    return parse_indicator_table(heading, heading_line, rows, diagnostics), diagnostics


def measured(indicator: IndicatorRecord) -> list[tuple[int, str, str | None, ValueType]]:
    """Return (year, cell as printed, headline value, value type) of each measurement."""
    return [
        (
            measurement.year,
            measurement.cell.as_printed,
            None if measurement.cell.value is None else str(measurement.cell.value),
            measurement.cell.value_type,
        )
        for measurement in indicator.measurements
    ]


def codes(diagnostics: list[Diagnostic]) -> list[tuple[int, Severity, str]]:
    return [(diagnostic.line, diagnostic.severity, diagnostic.code) for diagnostic in diagnostics]


def by_line(indicators: list[IndicatorRecord]) -> dict[int, IndicatorRecord]:
    return {indicator.line: indicator for indicator in indicators}


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("INDICATORI DI VALORE PUBBLICO", IndicatorKind.PUBLIC_VALUE),
        ("INDICATORI DI RISULTATO", IndicatorKind.RESULT),
        ("INDICATORI DI RISULTATO - DIPARTIMENTO CORPO DI POLIZIA LOCALE", IndicatorKind.RESULT),
        # "Comunicazioni" does not make it a table of common indicators
        (
            "INDICATORI DI RISULTATO: NUOVE APERTURE S.C.I.A./Comunicazioni/Autorizzazioni",
            IndicatorKind.RESULT,
        ),
        (
            "INDICATORI COMUNI PER LE FUNZIONI DI SUPPORTO DELLE AMMINISTRAZIONI PUBBLICHE",
            IndicatorKind.COMMON,
        ),
        ("INDICATORI DI CONTESTO", IndicatorKind.CONTEXT),
        ("LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE", None),
    ],
)
def test_choose_indicator_kind(heading: str, kind: IndicatorKind | None) -> None:
    assert choose_indicator_kind(heading) is kind


def test_public_value_table() -> None:
    indicators, diagnostics = parse(seed_section(145))

    assert [indicator.code for indicator in indicators] == [
        "a.1", "a.2", "a.3", "a.4", "b.1", "b.2", "b.3", "b.4", "b.5",
        "c.1", "c.2", "c.3", "c.4", "f.1", "g.1", "i.1",
    ]  # fmt: skip
    assert {indicator.kind for indicator in indicators} == {IndicatorKind.PUBLIC_VALUE}
    assert {indicator.table_title for indicator in indicators} == {"INDICATORI DI VALORE PUBBLICO"}
    first = indicators[0]
    assert (first.line, first.name, first.activity_letter) == (
        148,
        "N° moduli predisposti per la pubblicazione",
        "a",
    )
    # The 2026 cell is empty: not measured yet, so no measurement.
    assert measured(first) == [
        (2022, "4", "4", ValueType.COUNT),
        (2023, "0", "0", ValueType.COUNT),
        (2024, "0", "0", ValueType.COUNT),
        (2025, "0", "0", ValueType.COUNT),
    ]
    resources = by_line(indicators)[157]
    assert (resources.code, resources.name) == ("c.1", "Ammontare risorse reperite tramite bando")
    # A "-" is printed, so it is kept as a missing value.
    assert measured(resources) == [
        (2022, "-", None, ValueType.MISSING),
        (2023, "€ 20.000", "20000", ValueType.EURO),
        (2024, "0", "0", ValueType.COUNT),
        (2025, "€. 20,000", None, ValueType.EURO),
    ]
    assert resources.measurements[3].cell.issues == ("ambiguous_separator",)
    coordinated = by_line(indicators)[161]
    assert measured(coordinated)[1] == (
        2023,
        "54.357.605,08 (PN METRO PLUS) + 702.982.827,4 €",
        None,
        ValueType.EURO,
    )
    assert [(c.value, c.label) for c in coordinated.measurements[1].cell.components] == [
        (Decimal("54357605.08"), "PN METRO PLUS"),
        (Decimal("702982827.4"), ""),
    ]
    assert sum(len(indicator.measurements) for indicator in indicators) == 64
    assert codes(diagnostics) == [(157, WARNING, "ambiguous_separator")]
    assert diagnostics[0].message == (
        "«Ammontare risorse reperite tramite bando», 2025: «€. 20,000» – "
        "separatore ambiguo (migliaia o decimali?): numero non letto"
    )


def test_public_value_header_repeated_after_a_blank_line() -> None:
    indicators, diagnostics = parse(seed_section(476))

    assert [indicator.code for indicator in indicators] == [
        "a.1", "a.2", "b.1", "b.2", "b.3", "c.1", "c.2", "d.1", "e.1", "f.1", "f.2", "g.1", "h.1",
    ]  # fmt: skip
    residence = by_line(indicators)[479]
    assert measured(residence)[2] == (
        2024,
        "11 per pratiche + 69 per informazioni",
        None,
        ValueType.COUNT,
    )
    assert diagnostics == []


def test_result_table_plain() -> None:
    indicators, diagnostics = parse(seed_section(165))

    assert [(indicator.line, indicator.code, indicator.kind) for indicator in indicators] == [
        (168, "", IndicatorKind.RESULT),
        (169, "", IndicatorKind.RESULT),
        (170, "", IndicatorKind.RESULT),
        (171, "", IndicatorKind.RESULT),
    ]
    assert indicators[1].name == (
        "N° segnalazioni, reclami e suggerimenti su piattaforma OTRS (ove presente) o accesso "
        "diretto, telefonico o via email evase entro i 30 giorni"
    )
    assert measured(indicators[1]) == [
        (2022, "8165", "8165", ValueType.COUNT),
        (2023, "8676", "8676", ValueType.COUNT),
        (2024, "10404", "10404", ValueType.COUNT),
        (2025, "10882", "10882", ValueType.COUNT),
    ]
    assert diagnostics == []


def test_area_prodotto_indicatore_become_the_group_path() -> None:
    indicators, diagnostics = parse(seed_section(736))

    assert len(indicators) == 20
    first, last = indicators[0], indicators[-1]
    assert (first.group_path, first.name) == (
        ("Sicurezza della Città", "Presidio territorio"),
        "N° turni di servizio appiedato o con velocipede",
    )
    assert measured(first)[0] == (2022, "17.037", "17037", ValueType.COUNT)
    assert (last.line, last.group_path, last.name) == (
        758,
        ("Tutela del Consumatore", "Controllo commercio abusivo"),
        "N° controlli effettuati",
    )
    assert (
        indicators[0].table_title
        == "INDICATORI DI RISULTATO - DIPARTIMENTO CORPO DI POLIZIA LOCALE"
    )
    assert first.group_labels == ("Area", "Prodotto")  # 000:738
    assert diagnostics == []


def test_prodotto_indicatore_becomes_the_group_path() -> None:
    indicators, diagnostics = parse(seed_section(1484))

    assert len(indicators) == 16
    assert (indicators[2].group_path, indicators[2].name) == (
        ("Affidamenti familiari - beneficiari",),
        "Totale minori in affido residenziale e diurno",
    )
    assert [year for year, *_ in measured(indicators[2])] == [2022, 2023, 2024]
    assert {indicator.group_labels for indicator in indicators} == {("Prodotto",)}  # 000:1486
    assert diagnostics == []


def test_footnote_attaches_to_the_row_whose_name_carries_the_star() -> None:
    indicators, diagnostics = parse(fixture_section("footnote_star_in_name_cell.txt"))

    assert len(indicators) == 11
    capacity = by_line(indicators)[7]
    assert (capacity.group_path, capacity.name) == (
        ("Scuole dell'infanzia",),
        "Totale capacità ricettiva (comunale, statale, privata)",
    )
    assert capacity.notes == [
        "la diminuzione dei posti nelle scuole dell'infanzia è essenzialmente legata al calo "
        "della popolazione e al conseguente adeguamento dell'offerta."
    ]
    assert [indicator.line for indicator in indicators if indicator.notes] == [7]
    educators = by_line(indicators)[6]
    assert (educators.group_path, educators.name) == (
        ("Nidi gestione diretta",),
        "N° Educatori / N° Totale personale",
    )
    assert measured(educators) == [
        (2022, "454/569", "454", ValueType.RATIO),
        (2023, "470/604", "470", ValueType.RATIO),
        (2024, "467 / 624", "467", ValueType.RATIO),
    ]
    assert educators.measurements[2].cell.components[0].denominator == Decimal("624")
    meals = by_line(indicators)[12]
    assert measured(meals)[0] == (
        2022,
        "7.079.072,00 (comprese merende)",
        "7079072.00",
        ValueType.COUNT,
    )
    assert diagnostics == []


def test_footnote_attaches_to_rows_whose_values_carry_the_star() -> None:
    indicators, diagnostics = parse(seed_section(1422))

    footnote = seed_lines()[1441 - 1].removeprefix("* ").strip()
    assert footnote.startswith("si sottolinea che l'attività di dematerializzazione")
    noted = [(indicator.code, indicator.notes) for indicator in indicators if indicator.notes]
    assert noted == [("h.1", [footnote]), ("h.2", [footnote])]
    assert by_line(indicators)[1425].measurements[-1].cell.qualifiers == (Qualifier.FOOTNOTE,)
    assert diagnostics == []


def test_sub_rows_are_named_after_their_parent() -> None:
    indicators, diagnostics = parse(fixture_section("result_indicator_sub_rows.txt"))

    assert [indicator.name for indicator in indicators] == [
        "% mq di superficie verde orizzontale di cui: - gestiti direttamente - tramite terzi",
        "n° alberi complessivi",
        "% verde verticale gestione diretta e tramite terzi",
        "spesa complessiva per controlli verde verticale di cui: - corrente - in c/capitale",
        "Spesa complessiva per potature di cui: - corrente - in c/capitale",
        "n° aree cani gestite",
        "n° aree cani gestite – dal centro",
        "n° aree cani gestite – dalle circoscrizioni",
        "n°/anno arredi - manifestazioni",
        "n°/anno fioriere",
        "n° mq fioriture",
    ]
    from_centre, from_districts = by_line(indicators)[12], by_line(indicators)[13]
    assert from_centre.measurements == []
    assert measured(from_districts) == [
        (year, "47", "47", ValueType.COUNT) for year in (2022, 2023, 2024, 2025)
    ]
    # The header is printed twice in the section; both tables are read.
    assert by_line(indicators)[9].measurements[0].cell.value == Decimal("362315.60")
    # A long sentence in a cell stays text, with its numbers as components.
    surface = measured(by_line(indicators)[4])
    assert [value_type for *_, value_type in surface] == [ValueType.TEXT] * 4
    assert codes(diagnostics) == [(12, WARNING, "row_without_values")]
    assert (
        diagnostics[0].message
        == "«n° aree cani gestite – dal centro» non ha alcun valore: indicatore letto senza misure"
    )


def test_sub_rows_of_a_parent_with_a_colon() -> None:
    indicators, diagnostics = parse(seed_section(1443))

    assert [indicator.name for indicator in indicators] == [
        "Atti e provvedimenti urbanistici adottati/approvati",
        "Atti e provvedimenti urbanistici adottati/approvati – relativi a Varianti al P.R.G.",
        "Atti e provvedimenti urbanistici adottati/approvati – relativi agli Strumenti Urbanistici Esecutivi",
        "Atti e provvedimenti urbanistici adottati/approvati – relativi agli Usi Temporanei",
        "Atti e provvedimenti urbanistici adottati/approvati – relativi ad altre tipologie",
    ]
    assert diagnostics == []


def test_rows_shifted_by_one_cell() -> None:
    indicators, diagnostics = parse(fixture_section("row_shifted_by_one_cell.txt"))

    staff = [indicator for indicator in indicators if indicator.name.startswith("Composizione")]
    assert [indicator.name.split(" – ")[1] for indicator in staff] == [
        "Dirigenti", "E.Q.", "D", "C", "B", "A", "Totale",
    ]  # fmt: skip
    assert (
        staff[0].name
        == "Composizione degli organici N° dipendenti suddivisi per categoria – Dirigenti"
    )
    assert measured(staff[0]) == [
        (2022, "74", "74", ValueType.COUNT),
        (2023, "82", "82", ValueType.COUNT),
        (2024, "86", "86", ValueType.COUNT),
        (2025, "84", "84", ValueType.COUNT),
    ]
    training = by_line(indicators)[14]  # "… per categoria | Dirigenti. | 349 | N.D. | …"
    assert (
        training.name
        == "N° dipendenti coinvolti in occasioni di formazione, per categoria – Dirigenti"
    )
    assert measured(training) == [
        (2022, "349", "349", ValueType.COUNT),
        (2023, "N.D.", None, ValueType.MISSING),
        (2024, "Pre-consuntivo 959", "959", ValueType.COUNT),
        (2025, "Pre-consuntivo 911", "911", ValueType.COUNT),
    ]
    assert training.measurements[1].cell.qualifiers == (Qualifier.NOT_AVAILABLE,)
    assert training.measurements[2].cell.qualifiers == (Qualifier.PRE_FINAL,)
    assert codes(diagnostics) == [
        (line, WARNING, "row_shifted_by_one_cell") for line in range(7, 20)
    ]
    assert diagnostics[0].message == (
        "«Dirigenti» sta nella colonna 2022 e i numeri sono spostati di una colonna a destra: "
        "letti come 2022–2025"
    )


def test_names_with_formula_and_inline_note() -> None:
    indicators, _ = parse(fixture_section("row_shifted_by_one_cell.txt"))

    telework = by_line(indicators)[24]
    assert (
        telework.name
        == "Grado di attuazione di forme di organizzazione del lavoro in telelavoro e lavoro agile"
    )
    assert (
        telework.formula
        == "N° dipendenti in telelavoro o lavoro agile/ N° totale dei dipendenti in servizio"
    )
    assert telework.notes == ["(Tot generale+DG e Segretario+staff+tempi determinati+CFL)"]
    assert measured(telework)[1] == (2023, "2.655/7.427*", "2655", ValueType.RATIO)
    # "IMU: … / …" style names without "N." stay whole.
    unit_cost = by_line(indicators)[23]
    assert unit_cost.formula == ""
    assert unit_cost.name.startswith(
        "Costo unitario della funzione di gestione delle risorse umane: "
    )


def test_common_indicators_keep_their_formula_apart() -> None:
    indicators, diagnostics = parse(fixture_section("common_indicators_formula_in_name.txt"))

    assert {indicator.kind for indicator in indicators} == {IndicatorKind.COMMON}
    assert [(indicator.name, indicator.formula) for indicator in indicators] == [
        (
            "Grado di utilizzo di SPID nei servizi digitali",
            "N. di accessi unici tramite SPID a servizi digitali/ N. di accessi unici a servizi "
            "digitali collegati a SPID",
        ),
        (
            "Percentuale di servizi full digital",
            "N. di servizi che siano interamente online, integrati e full digital/N. di servizi erogati",
        ),
        (
            "Percentuale di servizi a pagamento tramite PagoPa",
            "N. di servizi a pagamento che consentono uso PagoPA/ N. di servizi a pagamento",
        ),
        (
            "Percentuale di comunicazioni tramite domicilia digitali",
            "N. di comunicazioni elettroniche inviate ad imprese e PPAA tramite domicilia digitali "
            "/ N. di comunicazioni inviate a imprese e PPAA",
        ),
        (
            "Percentuali di banche dati pubbliche disponibili in formato aperto",
            "N. di dataset pubblicati in formato aperto/ N. di dataset previsti dal paniere "
            "dinamico per il tipo di amministrazione",
        ),
        (
            "Dematerializzazione procedure Procedura di gestione presenze-assenze, ferie-permessi, "
            "missioni e protocollo integralmente ed esclusivamente dematerializzata (full digital)",
            "",
        ),
    ]
    assert measured(indicators[3]) == [
        (2022, "N.D.", None, ValueType.MISSING),
        (2023, "N.D.", None, ValueType.MISSING),
        (2024, "N.D.", None, ValueType.MISSING),
        (2025, "87,34 %", "87.34", ValueType.PERCENT),
    ]
    dematerialised = indicators[5].measurements[1].cell
    assert [(c.label, c.value) for c in dematerialised.components] == [
        ("protocolli", Decimal("534233")),
        ("irisweb", Decimal("462735")),
    ]
    assert diagnostics == []


def test_pivot_table_one_indicator_per_row_and_group() -> None:
    indicators, diagnostics = parse(fixture_section("pivot_table_years_per_group.txt"))

    groups = [
        "Provvedimenti ampliativi",
        "Avvii alla Sospensione/Interruzione",
        "Dinioghi/Revoche",
        "Attività istruttoria svolta con altri Enti e/o altri servizi comunali",
    ]
    assert len(indicators) == 36 * 4
    assert [indicator.name for indicator in indicators[:4]] == [
        f"medie strutture di vendita — {group}" for group in groups
    ]
    first = indicators[0]
    assert [(m.year, m.series, m.cell.as_printed, m.cell.value) for m in first.measurements] == [
        (2024, "Provvedimenti ampliativi", "22", Decimal("22")),
        (2025, "Provvedimenti ampliativi", "37", Decimal("37")),
    ]
    assert [(m.year, m.series, m.cell.as_printed) for m in indicators[3].measurements] == [
        (2024, groups[3], "65"),
        (2025, groups[3], "42"),
    ]
    funeral = [
        indicator for indicator in indicators if indicator.name.startswith("imprese funebri")
    ]
    assert measured(funeral[0]) == [
        (2024, "N.D.", None, ValueType.MISSING),
        (2025, "19", "19", ValueType.COUNT),
    ]
    schools = [
        indicator for indicator in indicators if indicator.name.startswith("Sanità (scuole)")
    ]
    assert [indicator.name for indicator in schools] == [
        f"Sanità (scuole) — {group}" for group in groups
    ]
    assert schools[0].notes == ["NB. dal 2025 non vengono più presentate pratiche al SUAP"]
    assert {m.year for indicator in indicators for m in indicator.measurements} == {2024, 2025}
    assert sum(len(indicator.measurements) for indicator in indicators) == 36 * 4 * 2
    assert diagnostics == []


def test_codes_typed_by_hand() -> None:
    indicators, diagnostics = parse(fixture_section("public_value_codes_typed_by_hand.txt"))

    assert [(indicator.code, indicator.activity_letter) for indicator in indicators] == [
        ("a.1", "a"),
        ("a.2", "a"),  # upper case: normalised
        ("q1", "q"),  # kept as printed, the letter is clear
        ("d.,1", "d"),
        ("I.1", ""),  # i or l?
        ("", ""),
        ("xx", ""),
        ("concluso 1", ""),  # an indicator of a concluded objective, no letter
        ("a.1", "a"),
    ]
    assert codes(diagnostics) == [
        (6, WARNING, "malformed_indicator_code"),
        (7, WARNING, "malformed_indicator_code"),
        (8, WARNING, "ambiguous_indicator_code"),
        (9, WARNING, "missing_indicator_code"),
        (10, WARNING, "unreadable_indicator_code"),
        (12, WARNING, "duplicate_indicator"),
    ]
    assert (
        diagnostics[0].message
        == "codice «q1» scritto male: conservato com'è, attribuito all'attività «q»"
    )
    assert diagnostics[-1].message == "il codice «a.1» compare già alla riga 4 della stessa tabella"


def test_codes_typed_by_hand_in_the_seed() -> None:
    tourism, tourism_diagnostics = parse(seed_section(1341))
    environment, environment_diagnostics = parse(seed_section(1624))

    assert (by_line(tourism)[1348].code, by_line(tourism)[1348].activity_letter) == ("d.,1", "d")
    assert (by_line(environment)[1634].code, by_line(environment)[1634].activity_letter) == (
        "q1",
        "q",
    )
    assert codes(tourism_diagnostics) == [(1348, WARNING, "malformed_indicator_code")]
    assert codes(environment_diagnostics) == [(1634, WARNING, "malformed_indicator_code")]


def test_concluded_codes_in_the_seed() -> None:
    indicators, diagnostics = parse(seed_section(2358))

    assert [(indicator.code, indicator.activity_letter) for indicator in indicators[-5:]] == [
        (f"concluso {number}", "") for number in range(1, 6)
    ]
    assert diagnostics == []


@pytest.mark.parametrize(
    ("printed", "code", "letter", "problem"),
    [
        ("a.1", "a.1", "a", ""),
        ("aa.2", "aa.2", "aa", ""),
        ("f.1.a", "f.1.a", "f", ""),
        ("b.10", "b.10", "b", ""),
        ("a.2.", "a.2", "a", ""),
        ("q1", "q1", "q", "malformed_indicator_code"),
        ("d.,1", "d.,1", "d", "malformed_indicator_code"),
        ("I.1", "I.1", "", "ambiguous_indicator_code"),
        ("Concluso 2", "concluso 2", "", ""),
        ("", "", "", "missing_indicator_code"),
        ("D.G.C.", "D.G.C.", "", "unreadable_indicator_code"),
    ],
)
def test_read_indicator_code(printed: str, code: str, letter: str, problem: str) -> None:
    reading = read_indicator_code(printed)
    assert (reading.code, reading.activity_letter, reading.problem) == (code, letter, problem)


def test_rows_with_wrong_cell_counts_and_stray_lines() -> None:
    indicators, diagnostics = parse(fixture_section("rows_with_wrong_cell_counts.txt"))

    assert [(indicator.line, indicator.name) for indicator in indicators] == [
        (5, "Riga con una cella in più"),
        (6, "Riga con celle mancanti"),
        (9, "Riga di gruppo senza valori – sotto voce"),
        (11, "Riga di gruppo senza valori – dal centro"),
    ]
    assert [year for year, *_ in measured(indicators[0])] == [2022, 2023, 2024, 2025]
    assert [year for year, *_ in measured(indicators[1])] == [2022, 2023]
    assert codes(diagnostics) == [
        (2, WARNING, "unrecognised_line"),
        (3, ERROR, "row_before_header"),
        (5, WARNING, "too_many_cells"),
        (6, WARNING, "too_few_cells"),
        (7, INFO, "empty_row"),
        (8, INFO, "group_row"),
        (10, ERROR, "row_without_name"),
        (11, WARNING, "row_without_values"),
        (12, WARNING, "orphan_footnote"),
    ]
    messages = {diagnostic.code: diagnostic.message for diagnostic in diagnostics}
    assert messages["too_many_cells"] == (
        "la riga ha più celle delle colonne dell'intestazione (riga 4); ignorate: «di troppo»"
    )
    assert messages["too_few_cells"] == (
        "la riga ha 3 celle, l'intestazione (riga 4) 6: nessun valore letto per 2024, 2025, 2026"
    )
    assert messages["row_before_header"] == (
        "riga «Riga prima delle colonne | 1 | 2» prima dell'intestazione delle colonne (anni) "
        "della tabella «INDICATORI DI RISULTATO»; non letta"
    )


def test_sub_row_without_parent() -> None:
    rows = [(2, "\t2022\t2023"), (3, "- orfana\t1\t2")]
    diagnostics: list[Diagnostic] = []

    indicators = parse_indicator_table("INDICATORI DI RISULTATO", 1, rows, diagnostics)

    assert [indicator.name for indicator in indicators] == ["orfana"]
    assert codes(diagnostics) == [(3, WARNING, "sub_row_without_parent")]


def test_unknown_heading_reads_nothing() -> None:
    diagnostics: list[Diagnostic] = []

    indicators = parse_indicator_table(
        "STAKEHOLDERS: CITTADINI", 7, [(8, "a.1\tx\t1")], diagnostics
    )

    assert indicators == []
    assert codes(diagnostics) == [(7, ERROR, "unknown_indicator_heading")]


def test_every_indicator_section_of_the_seed() -> None:
    """Totals counted by hand on the seed (see the test module of cell values for the cells).

    75 "INDICATORI" headings: 52 public value, 22 result, 1 common. Rows: 515 public
    value, 222 result rows plus 36 pivot rows × 4 groups = 366 result indicators, 6
    common. Year cells with something printed: 723 in 2022, 724 in 2023, 866 in 2024
    (144 of them pivot cells), 792 in 2025 (144 pivot); 2026 is never filled in.
    """
    sections = all_seed_sections()
    indicators: list[IndicatorRecord] = []
    diagnostics: list[Diagnostic] = []
    for heading, heading_line, rows in sections:
        indicators.extend(parse_indicator_table(heading, heading_line, rows, diagnostics))

    assert len(sections) == 75
    assert Counter(choose_indicator_kind(heading) for heading, _, _ in sections) == {
        IndicatorKind.PUBLIC_VALUE: 52,
        IndicatorKind.RESULT: 22,
        IndicatorKind.COMMON: 1,
    }
    assert len(indicators) == 887
    assert Counter(indicator.kind for indicator in indicators) == {
        IndicatorKind.PUBLIC_VALUE: 515,
        IndicatorKind.RESULT: 366,
        IndicatorKind.COMMON: 6,
    }
    years = Counter(m.year for indicator in indicators for m in indicator.measurements)
    assert years == {2022: 723, 2023: 724, 2024: 866, 2025: 792}
    assert sum(1 for indicator in indicators if not indicator.measurements) == 12
    assert sum(1 for indicator in indicators if indicator.group_path) == 20 + 11 + 16
    assert sum(1 for indicator in indicators if indicator.formula) == 12  # 5 common, 7 others
    # Notes: inline on 267 and 618, footnote lines on 849, 1425, 1426, "NB." on the 4
    # pivot indicators of line 2551.
    assert sorted({indicator.line for indicator in indicators if indicator.notes}) == [
        267, 618, 849, 1425, 1426, 2551,
    ]  # fmt: skip
    assert sum(1 for indicator in indicators if indicator.notes) == 9
    assert Counter(diagnostic.code for diagnostic in diagnostics) == {
        "row_shifted_by_one_cell": 13,  # lines 601-613
        "row_without_values": 12,  # empty sub-rows such as "- dal centro"
        "malformed_number": 2,  # 445 "4.224057,67", 2635 "100.0000 euro"
        "malformed_indicator_code": 2,  # 1348 "d.,1", 1634 "q1"
        "ambiguous_separator": 1,  # 157 "€. 20,000"
    }
    assert {diagnostic.severity for diagnostic in diagnostics} == {WARNING}


def test_small_print_in_a_value_reads_as_a_note_in_parentheses() -> None:
    """000:620: "<small>compresi cessati in corso d'anno</small>" is the reader's note."""
    indicators, _ = parse(seed_section(595))
    (coverage,) = [i for i in indicators if i.line == 620]
    note = "(compresi cessati in corso d'anno)"
    assert measured(coverage) == [
        (2022, f"Anno 2021 8239/ 8270 {note}", "8239", ValueType.RATIO),
        (2023, "N.D.", None, ValueType.MISSING),
        (2024, f"Anno 2023 7705/ 7775 {note}", "7705", ValueType.RATIO),
        (2025, f"Anno 2024 7721/7780 {note}", "7721", ValueType.RATIO),
    ]
    every_value = [
        m.cell.as_printed
        for section in all_seed_sections()
        for indicator in parse(section)[0]
        for m in indicator.measurements
    ]
    assert [value for value in every_value if "<" in value] == []
