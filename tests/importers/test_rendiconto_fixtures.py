"""One small piece of the real report per kind of mess (tests/fixtures/rendiconto/).

Each fixture is cut from samples/000_014bd498e15be787.txt; line numbers in the tests
are the fixture's own. Where they come from (seed lines):

- segue_row_split_across_pages.txt: 104-164 (Missione 1 Programma 1)
- department_only_continuation_row.txt: 1565-1635 (Missione 9 Programma 2)
- glued_markdown_headers.txt: 887-901 (Missione 4 Programma 4)
- shifted_row.txt: 1365-1376 and 1409-1413 (Missione 8 Programma 1)
- row_without_reference_cell.txt: 385-413 (Missione 1 Programma 6)
- unknown_status.txt: 1905-1924 and 1938-1948 (Missione 10 Programma 5)
- malformed_indicator_code.txt: 1321-1352 (Missione 7 Programma 1, "d.,1")
- indicator_code_without_dot.txt: 2805-2842 (Missione 17 Programma 1, "g1")
- letterless_concluded_row.txt: 557-594 (Missione 1 Programma 10)
- unit_list_continued_on_next_line.txt: 963-990 (Missione 5 Programma 1)
- repeated_programma_heading.txt: 1509-1539, then 1509-1511 again (the heading as a
  page break repeats it), then 1541-1553 (Missione 9 Programma 1)
- missione_heading_without_programma.txt: 1509-1539, then 1509-1510 again, then
  1555-1559 (a result-indicator block under a bare MISSIONE heading)
- indicator_rows_in_activity_table.txt: 690-715 and 738-758 (Missione 3 Programma 1,
  the "Area | Prodotto | Indicatore" rows without their "INDICATORI DI RISULTATO" line)

A fixture has no preface, so its mandate groups are not matched ("unknown_mandate_group") and the
preface is reported incomplete; the tests look at the other findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cruscotto.domain.diagnostics import Severity
from cruscotto.importers.records import (
    Impact,
    IndicatorKind,
    ProgrammaRecord,
    RendicontoDocument,
    Status,
)
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.importers.rendiconto.indicator_codes import check_indicator_codes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rendiconto"
NOT_IN_A_FIXTURE = {"incomplete_preface", "unknown_mandate_group"}


def parse_fixture(name: str) -> RendicontoDocument:
    return parse_rendiconto((FIXTURES / name).read_text(encoding="utf-8"))


def findings(document: RendicontoDocument) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in document.diagnostics if d.code not in NOT_IN_A_FIXTURE]


def only_programma(document: RendicontoDocument) -> ProgrammaRecord:
    (programma,) = document.programmi
    return programma


def test_segue_row_split_across_pages() -> None:
    document = parse_fixture("segue_row_split_across_pages.txt")
    programma = only_programma(document)
    assert [a.key for a in programma.activities] == [
        "a",
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "i",
        "j",
        "k",
    ]
    f = programma.activities[4]
    assert f.source_lines == [26, 29, 32]
    (responsibility,) = f.responsibilities
    assert [(e.line, e.year_from, e.year_to) for e in responsibility.log] == [
        (26, 2022, 2022),
        (26, 2023, 2023),
        (29, 2024, 2025),
        (32, 2025, 2025),
    ]
    assert not any(code.startswith("segue") for _, code in findings(document))


def test_department_only_continuation_rows() -> None:
    document = parse_fixture("department_only_continuation_row.txt")
    activities = {a.key: a for a in only_programma(document).activities}
    j, k = activities["j"], activities["k"]
    # Row 40 follows the page header (39) and adds a department to j (37).
    assert j.source_lines == [37, 40]
    assert [(r.line, r.department, r.status) for r in j.responsibilities] == [
        (37, "Transizione Ecologica, Fondi Europei e PNRR", Status.IN_PROGRESS),
        (40, "Ambiente, Grandi Opere, Infrastrutture e Mobilità", Status.IN_PROGRESS),
    ]
    assert [(e.year_from, e.year_to) for e in j.responsibilities[1].log] == [(2024, 2025)]
    # Row 42 has no status: kept as None, reported.
    assert [(r.line, r.status, r.status_as_printed) for r in k.responsibilities] == [
        (41, Status.IN_PROGRESS, "In corso"),
        (42, None, ""),
    ]
    assert (42, "missing_status") in findings(document)
    assert len(only_programma(document).activities) == 19


def test_glued_markdown_headers() -> None:
    document = parse_fixture("glued_markdown_headers.txt")
    programma = only_programma(document)
    assert (programma.line, programma.missione_code, programma.programma_code) == (1, 4, 4)
    assert programma.programma_title == "ISTRUZIONE UNIVERSITARIA"
    assert programma.org_units == [
        "SERVIZIO GIOVANI E DIRITTO ALLO STUDIO E CITTÀ UNIVERSITARIA",
        "SERVIZIO PROMOZIONE SALUTE, PARI OPPORTUNITÀ E POLITICHE DI SUSSIDIARIETÀ",
    ]
    assert programma.stakeholders == ["GIOVANI"]
    (mandate_line,) = programma.mandate_lines
    assert (mandate_line.line, mandate_line.sdgs, mandate_line.pnrr_missions) == (4, [4], [4])
    assert [(a.key, a.indicator_codes) for a in programma.activities] == [
        ("a", []),
        ("b", ["b.1", "b.2"]),
    ]
    assert [(i.code, i.kind) for i in programma.indicators] == [
        ("b.1", IndicatorKind.PUBLIC_VALUE),
        ("b.2", IndicatorKind.PUBLIC_VALUE),
    ]
    assert findings(document) == [(1, "glued_headings")]


def test_shifted_row() -> None:
    document = parse_fixture("shifted_row.txt")
    o, p = only_programma(document).activities
    assert (o.key, o.source_lines, o.indicator_codes) == ("o", [14, 15], ["o.1", "o.2", "o.3"])
    assert [(r.department, r.status) for r in o.responsibilities] == [
        ("Manutenzioni e Servizi Tecnici", Status.IN_PROGRESS),
        ("Transizione Ecologica, Fondi Europei e PNRR", None),
    ]
    assert o.responsibilities[1].log[0].year_from == 2022
    assert p.source_lines == [16, 17]
    diagnostic = next(d for d in document.diagnostics if d.code == "shifted_row")
    assert (diagnostic.line, diagnostic.severity) == (15, Severity.WARNING)


def test_row_without_reference_cell() -> None:
    document = parse_fixture("row_without_reference_cell.txt")
    f = next(a for a in only_programma(document).activities if a.key == "f")
    assert (f.line, f.text, f.impacts) == (
        24,
        "Potenziare la capacità operativa della vigilanza edilizia",
        [Impact.ECONOMIC],
    )
    assert [(r.line, r.department, r.status) for r in f.responsibilities] == [
        (24, "Urbanistica ed Edilizia Privata", Status.IN_PROGRESS),
        (27, "Polizia Locale", Status.CONCLUDED),
    ]
    assert [(e.year_from, e.text[:30]) for e in f.responsibilities[0].log] == [
        (2023, "Con Disposizione Interna 1048/"),
        (2024, "Istituzione di tavoli tecnici "),
    ]
    assert (24, "shifted_row") in findings(document)


def test_unknown_status_and_text_only_row() -> None:
    document = parse_fixture("unknown_status.txt")
    activities = {a.key: a for a in only_programma(document).activities}
    (responsibility,) = activities["l"].responsibilities
    assert (responsibility.status, responsibility.status_as_printed) == (
        None,
        "Concluso (React)\nIn corso (Pinqua)",
    )
    assert [(e.year_from, e.year_to) for e in responsibility.log] == [(2023, 2023), (2023, 2025)]
    # The row after the page header (31) repeats the department with "In corso": its
    # actions continue the last entry, the status of the first row stands.
    assert responsibility.log[-1].text.endswith(
        "saranno volti ad aumentare la resilienza del sistema urbano agli effetti calamitosi "
        "del cambiamento climatico."
    )
    assert activities["i"].text.endswith(
        "Attuazione linee guida del Piano Urbano della Mobilità Sostenibile (di seguito PUMS)."
    )
    assert {(28, "unknown_status"), (31, "conflicting_status"), (23, "text_only_row")} <= set(
        findings(document)
    )
    unknown = next(d for d in document.diagnostics if d.code == "unknown_status")
    assert unknown.severity == Severity.WARNING


def test_malformed_indicator_code_in_the_value_table() -> None:
    document = parse_fixture("malformed_indicator_code.txt")
    programma = only_programma(document)
    d = next(a for a in programma.activities if a.key == "d")
    assert d.indicator_codes == ["d.1"]
    assert [(i.line, i.code) for i in programma.indicators if i.code.startswith("d")] == [
        (28, "d.,1")
    ]
    # Reported once, by the table parser; "d.,1" still answers d's "d.1".
    assert findings(document) == [(1, "glued_headings"), (28, "malformed_indicator_code")]


def test_dangling_indicator_code() -> None:
    """Without its value-table row, a cited code points to nothing and is reported."""
    programma = only_programma(parse_fixture("malformed_indicator_code.txt"))
    indicators = [i for i in programma.indicators if i.code != "d.,1"]
    diagnostics: list = []
    check_indicator_codes(programma.activities, indicators, {("d", "d.1"): 12}, diagnostics)
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [
        (12, "dangling_indicator_code", Severity.WARNING)
    ]
    # And a value-table row whose activity letter does not exist.
    without_d = [a for a in programma.activities if a.key != "d"]
    diagnostics = []
    check_indicator_codes(without_d, programma.indicators, {}, diagnostics)
    assert [(d.line, d.code) for d in diagnostics] == [(28, "indicator_without_activity")]


def test_indicator_code_without_dot_in_the_activity_table() -> None:
    document = parse_fixture("indicator_code_without_dot.txt")
    g = next(a for a in only_programma(document).activities if a.key == "g")
    assert (g.source_lines, g.indicator_codes) == ([25, 28], ["g.1", "g.2"])
    assert [(r.department, r.status) for r in g.responsibilities] == [
        ("Manutenzioni e Servizi Tecnici", Status.IN_PROGRESS),
        ("Risorse Finanziarie", None),
    ]
    malformed = next(d for d in document.diagnostics if d.code == "malformed_indicator_code")
    assert (malformed.line, malformed.message) == (25, "codice indicatore «g1» letto come «g.1»")
    assert "dangling_indicator_code" not in {code for _, code in findings(document)}


def test_letterless_concluded_row() -> None:
    document = parse_fixture("letterless_concluded_row.txt")
    activities = only_programma(document).activities
    assert [a.key for a in activities] == ["a", "b", "c", "d", "e", "f", "g", "#1"]
    letterless = activities[-1]
    assert (letterless.line, letterless.letter, letterless.text, letterless.indicator_codes) == (
        27,
        "",
        "",
        ["concluso 1"],
    )
    # Concluded activity d prints its text in the actions column ("." in the text cell).
    d = activities[3]
    assert (
        d.text == "Consolidare e disciplinare l'utilizzo delle diverse forme di lavoro a distanza"
    )
    assert [e.year_from for e in d.responsibilities[0].log] == [2023, 2024, 2025]
    assert {
        (27, "missing_letter"),
        (27, "missing_activity_text"),
        (23, "activity_text_in_log_column"),
    } <= set(findings(document))
    assert "concluded_indicator_unlinked" not in {code for _, code in findings(document)}


def test_unit_list_continued_on_next_line() -> None:
    programma = only_programma(parse_fixture("unit_list_continued_on_next_line.txt"))
    assert programma.org_units == [
        "DIVISIONE MANUTENZIONI EDIFICI COMUNALI",
        "DIPARTIMENTO TRANSIZIONE ECOLOGICA, FONDI EUROPEI E PNRR",
        "DIPARTIMENTO AMBIENTE GRANDI OPERE INFRASTRUTTURE E MOBILITÀ",
    ]
    assert programma.stakeholders == ["CITTADINI"]
    (a,) = programma.activities
    assert a.source_lines == [16, 19]
    assert [r.department for r in a.responsibilities] == [
        "Transizione Ecologica, Fondi Europei e PNRR",
        "Manutenzioni e Servizi tecnici",
        "Ambiente Grandi Opere Infrastrutture e Mobilità",
    ]


def test_repeated_programma_heading_continues_the_same_programma() -> None:
    document = parse_fixture("repeated_programma_heading.txt")
    programma = only_programma(document)
    assert (programma.line, programma.missione_code, programma.programma_code) == (1, 9, 1)
    assert len(programma.activities) == 8
    assert len(programma.indicators) == 10
    assert {i.kind for i in programma.indicators} == {IndicatorKind.PUBLIC_VALUE}
    assert (34, "repeated_programma_heading") in findings(document)
    assert "dangling_indicator_code" not in {code for _, code in findings(document)}


def test_missione_heading_without_programma_continues_the_programma() -> None:
    document = parse_fixture("missione_heading_without_programma.txt")
    programma = only_programma(document)
    assert programma.programma_code == 1
    assert [(i.line, i.kind) for i in programma.indicators] == [
        (37, IndicatorKind.RESULT),
        (38, IndicatorKind.RESULT),
    ]
    assert (32, "missione_heading_without_programma") in findings(document)


def test_indicator_rows_in_the_activity_table_are_read_as_indicators() -> None:
    document = parse_fixture("indicator_rows_in_activity_table.txt")
    programma = only_programma(document)
    assert [a.key for a in programma.activities] == ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    assert len(programma.indicators) == 20
    assert {i.kind for i in programma.indicators} == {IndicatorKind.RESULT}
    assert programma.indicators[0].name.startswith("N° turni di servizio appiedato")
    assert (27, "indicator_table_without_heading") in findings(document)


@pytest.mark.parametrize(
    "name",
    [
        "segue_row_split_across_pages.txt",
        "department_only_continuation_row.txt",
        "glued_markdown_headers.txt",
        "shifted_row.txt",
        "row_without_reference_cell.txt",
        "unknown_status.txt",
        "malformed_indicator_code.txt",
        "indicator_code_without_dot.txt",
        "letterless_concluded_row.txt",
        "unit_list_continued_on_next_line.txt",
        "repeated_programma_heading.txt",
        "missione_heading_without_programma.txt",
        "indicator_rows_in_activity_table.txt",
    ],
)
def test_each_fixture_is_one_programma_without_errors(name: str) -> None:
    document = parse_fixture(name)
    assert len(document.programmi) == 1
    assert not [d for d in document.diagnostics if d.severity == Severity.ERROR]
