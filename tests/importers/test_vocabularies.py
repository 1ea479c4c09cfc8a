"""Every vocabulary a parser reads has one source, the reference files (issue 14).

For each: a sample line reworded with a spelling the reference file lists reads as that
term; reworded with a value it lacks gives a diagnostic with its line and keeps the
printed text. The variants are made here from the seed documents and their fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.performance_plan import parse_performance_plan
from cruscotto.importers.performance_plan.dates import find_dates, plausible_years
from cruscotto.importers.psm_monitoring import parse_psm_monitoring
from cruscotto.importers.psm_monitoring.records import PsmMonitoringDocument, SurveyDimension
from cruscotto.importers.records import Impact, RendicontoDocument, Status
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.importers.vocabularies import vocabulary

ROOT = Path(__file__).resolve().parents[2]
RENDICONTO_FIXTURES = ROOT / "tests" / "fixtures" / "rendiconto"
MONITORING = ROOT / "samples" / "001_c8fc3c27ab7903b2.txt"
PERFORMANCE = ROOT / "samples" / "004_63c10e375ed7a47e.txt"


def reword(text: str, line: int, old: str, new: str) -> str:
    """Return `text` with `old` replaced by `new` on its 1-based `line` (which must hold it)."""
    lines = text.split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def line_of(text: str, needle: str) -> int:
    (number,) = [n for n, line in enumerate(text.split("\n"), start=1) if needle in line]
    return number


def coded(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


# -- rendiconto: statuses, impacts, SDGs, PNRR missions --------------------------------


SEGUE = "segue_row_split_across_pages.txt"


def rendiconto_variant(
    fixture: str, needle: str, old: str, new: str
) -> tuple[RendicontoDocument, int]:
    text = (RENDICONTO_FIXTURES / fixture).read_text(encoding="utf-8")
    line = line_of(text, needle)
    return parse_rendiconto(reword(text, line, old, new)), line


def responsibilities_on(document: RendicontoDocument, line: int) -> list[tuple[Status | None, str]]:
    return [
        (r.status, r.status_as_printed)
        for programma in document.programmi
        for activity in programma.activities
        for r in activity.responsibilities
        if r.line == line
    ]


def test_a_status_alias_of_the_reference_file_reads_as_its_status() -> None:
    text = (RENDICONTO_FIXTURES / SEGUE).read_text(encoding="utf-8")
    line = line_of(text, "\tc\tSociale\t")
    assert responsibilities_on(parse_rendiconto(text), line)[0][0] == Status.IN_PROGRESS
    for printed, status in (
        ("Completato", Status.CONCLUDED),
        ("Terminata", Status.CONCLUDED),
        ("In itinere", Status.IN_PROGRESS),
        ("In corso di svolgimento", Status.IN_PROGRESS),
        ("Obiettivo avviato", Status.STARTED),
    ):
        document = parse_rendiconto(reword(text, line, "\tIn corso\t", f"\t{printed}\t"))
        assert responsibilities_on(document, line) == [(status, printed)], printed
        assert not coded(document.diagnostics, "unknown_status")


def test_a_status_outside_the_reference_file_is_reported_and_kept_as_printed() -> None:
    document, line = rendiconto_variant(SEGUE, "\tc\tSociale\t", "\tIn corso\t", "\tSospeso\t")
    assert responsibilities_on(document, line) == [(None, "Sospeso")]
    (unknown,) = coded(document.diagnostics, "unknown_status")
    assert unknown.line == line and "«Sospeso»" in unknown.message


def impacts_of(document: RendicontoDocument, letter: str) -> list[Impact]:
    (activity,) = [a for p in document.programmi for a in p.activities if a.letter == letter]
    return activity.impacts


def test_impact_forms_of_the_reference_file_read_as_their_impact() -> None:
    document, _ = rendiconto_variant(
        SEGUE, "\tc\tSociale\t", "\tSociale\t", "\tSociali, Economiche\t"
    )
    assert impacts_of(document, "c") == [Impact.SOCIAL, Impact.ECONOMIC]
    assert not coded(document.diagnostics, "unknown_impact")


def test_an_impact_outside_the_reference_file_is_reported_with_its_line() -> None:
    document, line = rendiconto_variant(
        SEGUE, "\tc\tSociale\t", "\tSociale\t", "\tSociale Culturale\t"
    )
    assert impacts_of(document, "c") == [Impact.SOCIAL]
    (unknown,) = coded(document.diagnostics, "unknown_impact")
    assert unknown.line == line
    assert "«culturale»" in unknown.message and "«Sociale Culturale»" in unknown.message


SDG_FIXTURE = "shifted_row.txt"


def sdgs_on(document: RendicontoDocument, line: int) -> list[int]:
    (record,) = [m for p in document.programmi for m in p.mandate_lines if m.line == line]
    return record.sdgs


def test_an_sdg_printed_by_its_reference_name_or_alias_is_read() -> None:
    text = (RENDICONTO_FIXTURES / SDG_FIXTURE).read_text(encoding="utf-8")
    needle = next(
        line for line in text.split("\n") if "SOSTENIBILI" in line and line.count("\t") >= 3
    )
    line = line_of(text, needle)
    before = sdgs_on(parse_rendiconto(text), line)
    assert 11 in before
    # the reference name, in small letters, and the name the UN text gives it
    document = parse_rendiconto(
        reword(text, line, "CITTÀ E COMUNITÀ SOSTENIBILI", "Città e comunità sostenibili")
    )
    assert sdgs_on(document, line) == before
    assert not coded(document.diagnostics, "unreadable_sdg")


def test_an_sdg_name_outside_the_reference_file_is_reported_as_printed() -> None:
    text = (RENDICONTO_FIXTURES / SDG_FIXTURE).read_text(encoding="utf-8")
    needle = next(
        line for line in text.split("\n") if "SOSTENIBILI" in line and line.count("\t") >= 3
    )
    line = line_of(text, needle)
    document = parse_rendiconto(reword(text, line, "CITTÀ E COMUNITÀ SOSTENIBILI", "CITTÀ SMART"))
    assert 11 not in sdgs_on(document, line)
    (unreadable,) = coded(document.diagnostics, "unreadable_sdg")
    assert unreadable.line == line and "11 – CITTÀ SMART" in unreadable.message


def test_pnrr_missions_are_the_reference_files_missions() -> None:
    assert vocabulary("pnrr_missioni").codes(top_level=True) == [f"M{n}" for n in range(1, 7)]
    text = (RENDICONTO_FIXTURES / SDG_FIXTURE).read_text(encoding="utf-8")
    needle = next(line for line in text.split("\n") if "MISSIONE 2" in line)
    line = line_of(text, needle)
    document = parse_rendiconto(reword(text, line, "MISSIONE 2", "MISSIONE 7"))
    assert [
        (d.line, "7" in d.message) for d in coded(document.diagnostics, "unreadable_pnrr_mission")
    ] == [(line, True)]


# -- performance plan: drivers and the plan's period -------------------------------------


@pytest.fixture(scope="module")
def performance_text() -> str:
    return PERFORMANCE.read_text(encoding="utf-8")


def driver_variant(text: str, new: str) -> tuple[int, object, list[Diagnostic]]:
    """Objective 4 of the public-value matrix, its Driver cell reworded as `new`."""
    line = line_of(text, "4\tProduttività ed efficienza dell'Ente")
    document = parse_performance_plan(reword(text, line, "\tPari opportunità", f"\t{new}"))
    return line, document.catalogue[4], document.diagnostics


def test_a_driver_alias_of_the_reference_file_reads_as_its_driver(performance_text: str) -> None:
    assert parse_performance_plan(performance_text).catalogue[4].value_drivers == [
        "Pari opportunità"
    ]
    _, entry, diagnostics = driver_variant(
        performance_text, "Pari opportunità e equilibrio di genere"
    )
    assert entry.value_drivers == ["Pari opportunità"]  # type: ignore[attr-defined]
    assert not coded(diagnostics, "unknown_value_driver")


def test_a_driver_outside_the_reference_file_is_reported_and_kept(performance_text: str) -> None:
    line, entry, diagnostics = driver_variant(performance_text, "Sostenibilità Digitalizzazione")
    assert entry.value_drivers == ["Digitalizzazione"]  # type: ignore[attr-defined]
    assert entry.value_drivers_unrecognised == "Sostenibilità"  # type: ignore[attr-defined]
    (unknown,) = coded(diagnostics, "unknown_value_driver")
    assert unknown.line == line and "«Sostenibilità»" in unknown.message


def implausible(diagnostics: list[Diagnostic]) -> list[tuple[int, str]]:
    return [(d.line, d.message.split("«")[1][:5]) for d in coded(diagnostics, "implausible_date")]


def test_plausible_deadlines_follow_the_plans_year(performance_text: str) -> None:
    # The same plan seven years later: its deadlines after 2030 are as plausible as the
    # seed's 2024 ones, and the same two misprints (2004, 1024) are the implausible ones.
    seed = parse_performance_plan(performance_text)
    later = parse_performance_plan(performance_text.replace("2024", "2031"))
    assert later.year == 2031
    assert implausible(later.diagnostics) == implausible(seed.diagnostics)
    assert len(implausible(seed.diagnostics)) == 2
    assert later.catalogue[2].deadline is None or later.catalogue[2].deadline.year == 2031
    deadlines = [e.deadline for e in later.catalogue.values() if e.deadline]
    assert deadlines and {d.year for d in deadlines} == {2031}


def test_the_plausible_range_is_the_plans_not_a_constant() -> None:
    ((mention, problem),) = find_dates("entro il 31/12/2033", plausible_years(2031))
    assert (mention.value is not None, problem) == (True, "")
    ((mention, problem),) = find_dates("entro il 31/12/2033", plausible_years(2024))
    assert (mention.value, problem) == (None, "implausible_date")
    # a plan whose year is not known judges no date against a year made up
    ((mention, problem),) = find_dates("entro il 31/12/2033", plausible_years(None))
    assert problem == ""


# -- PSM monitoring: funding programmes, context sources, survey dimensions -------------


@pytest.fixture(scope="module")
def monitoring_text() -> str:
    return MONITORING.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def monitoring(monitoring_text: str) -> PsmMonitoringDocument:
    return parse_psm_monitoring(monitoring_text)


def project_funding(document: PsmMonitoringDocument, needle: str) -> list[str]:
    (project,) = [p for p in document.projects if any(needle in m.text for m in p.mentions)]
    return project.funding_programmes


def test_the_seed_names_only_known_funding_programmes_and_sources(
    monitoring: PsmMonitoringDocument,
) -> None:
    assert not coded(monitoring.diagnostics, "unlisted_funding_programme")
    assert not coded(monitoring.diagnostics, "context_indicator_source_unlisted")
    assert not coded(monitoring.diagnostics, "context_indicator_source_unknown")
    assert {i.source for i in monitoring.context_indicators} >= {"CCIAA Torino", "Istat - BES"}


def test_a_funding_programme_alias_reads_as_its_programme(
    monitoring_text: str, monitoring: PsmMonitoringDocument
) -> None:
    needle = "del programma Alcotra attivi"
    assert "Interreg Alcotra" in project_funding(monitoring, needle)
    line = line_of(monitoring_text, needle)
    document = parse_psm_monitoring(
        reword(monitoring_text, line, "programma Alcotra", "programma Interreg Spazio Alpino")
    )
    programmes = project_funding(document, "del programma Interreg Spazio Alpino attivi")
    assert "Interreg Alpine Space" in programmes and "Interreg Alcotra" not in programmes
    assert not coded(document.diagnostics, "unlisted_funding_programme")


def test_a_funder_the_reference_file_lacks_is_reported_and_kept_as_printed(
    monitoring_text: str,
) -> None:
    # the first of the paragraphs that say so (the project is printed under three strategies)
    line = next(
        number
        for number, text in enumerate(monitoring_text.split("\n"), start=1)
        if "finanziato dal MIMIT" in text
    )
    document = parse_psm_monitoring(
        reword(monitoring_text, line, "finanziato dal MIMIT", "finanziato dalla Fondazione CRT")
    )
    unlisted = coded(document.diagnostics, "unlisted_funding_programme")
    assert [(d.line, "«Fondazione CRT»" in d.message) for d in unlisted] == [(line, True)]
    assert any("Fondazione CRT" in p.funding_programmes for p in document.projects)


def indicator_on(document: PsmMonitoringDocument, line: int):  # type: ignore[no-untyped-def]
    (indicator,) = [i for i in document.context_indicators if i.value.line == line]
    return indicator


def test_a_source_alias_reads_as_a_known_source(monitoring_text: str) -> None:
    line = line_of(monitoring_text, "totale dei lavoratori Istat - BES 7,6 2021")
    document = parse_psm_monitoring(reword(monitoring_text, line, "Istat - BES", "Istat – BES"))
    indicator = indicator_on(document, line)
    assert (indicator.source, indicator.value.cell.as_printed) == ("Istat – BES", "7,6")
    assert not coded(document.diagnostics, "context_indicator_source_unlisted")


def test_a_source_not_listed_is_read_by_its_place_and_reported(monitoring_text: str) -> None:
    line = line_of(monitoring_text, "imprese femminili attive CCIAA Torino 43.823 2024")
    document = parse_psm_monitoring(
        reword(monitoring_text, line, "CCIAA Torino", "Camera di Commercio di Torino")
    )
    indicator = indicator_on(document, line)
    assert indicator.source == "Camera di Commercio di Torino"
    assert indicator.description == "Numero di imprese femminili attive"
    assert indicator.value.cell.as_printed == "43.823" and indicator.value.year == 2024
    (unlisted,) = coded(document.diagnostics, "context_indicator_source_unlisted")
    assert unlisted.line == line and "«Camera di Commercio di Torino»" in unlisted.message


def profile_question(document: PsmMonitoringDocument, dimension: SurveyDimension):  # type: ignore[no-untyped-def]
    assert document.survey is not None
    (question,) = [q for q in document.survey.questions if q.dimension == dimension]
    return question


def test_a_survey_title_alias_announces_its_dimension(
    monitoring_text: str, monitoring: PsmMonitoringDocument
) -> None:
    seed_question = profile_question(monitoring, SurveyDimension.AGE)
    assert seed_question.text == "Età"
    # three charts side by side: "Età      Genere      Titolo di studio"
    line = line_of(monitoring_text, "Titolo di studio")
    document = parse_psm_monitoring(reword(monitoring_text, line, "Età", "Fascia di età"))
    question = profile_question(document, SurveyDimension.AGE)
    assert question.text == "Fascia di età"
    assert [o.label for o in question.options] == [o.label for o in seed_question.options]


def test_a_survey_answer_not_listed_is_kept_as_printed(monitoring_text: str) -> None:
    line = next(
        number
        for number, text in enumerate(monitoring_text.split("\n"), start=1)
        if text.strip() == "maschio"
    )
    document = parse_psm_monitoring(reword(monitoring_text, line, "maschio", "uomo"))
    question = profile_question(document, SurveyDimension.GENDER)
    assert [o.label for o in question.options] == ["femmina", "uomo", "non risponde"]
