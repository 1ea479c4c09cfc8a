"""The survey of the territory (area 2): questions, bases, options, zones, open answers.

Fixtures (tests/fixtures/psm_monitoring/), cut from samples/001_c8fc3c27ab7903b2.txt:

- survey_chart_split_into_labels_and_values.txt: 1642-1752 (section 1: three charts
  whose values and labels came apart, printed in another order than their titles,
  and the zona omogenea table)
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.psm_monitoring.records import (
    PsmMonitoringDocument,
    SurveyDimension,
    SurveyQuestionRecord,
)
from cruscotto.importers.psm_monitoring.survey import parse_survey
from cruscotto.importers.psm_monitoring.text import read_pairs

from .conftest import FIXTURES_DIR


def options(question: SurveyQuestionRecord) -> list[tuple[str, str]]:
    return [(option.label, option.percent_as_printed) for option in question.options]


def question(document: PsmMonitoringDocument, text: str) -> SurveyQuestionRecord:
    assert document.survey is not None
    return next(q for q in document.survey.questions if q.text.startswith(text))


def test_survey_header(psm_document: PsmMonitoringDocument) -> None:
    survey = psm_document.survey
    assert survey is not None
    assert (survey.year, survey.platform, survey.invited_mayors) == (2025, "LimeSurvey", 312)
    assert [(s.number, s.title) for s in survey.sections] == [
        (1, "Dati di chi compila"),
        (2, "Il processo di pianificazione strategica"),
        (3, "L’attuazione del Piano Strategico metropolitano 2024-2026"),
        (4, "L’aggiornamento del Piano strategico metropolitano"),
    ]


def test_every_question_counted_by_hand(psm_document: PsmMonitoringDocument) -> None:
    survey = psm_document.survey
    assert survey is not None
    # 16 charts (the zone table gives one question per target: 17 closed questions)
    # and 8 open questions with transcribed answers.
    closed = [q for q in survey.questions if not q.is_open]
    opened = [q for q in survey.questions if q.is_open]
    assert (len(closed), len(opened)) == (17, 8)
    assert Counter(q.section for q in survey.questions) == {1: 8, 2: 7, 3: 6, 4: 4}
    assert [len(q.open_answers) for q in opened] == [7, 5, 6, 13, 18, 13, 9, 11]


def test_profile_questions_and_their_bases(psm_document: PsmMonitoringDocument) -> None:
    target = question(psm_document, "Target")
    assert (target.base, target.dimension) == (200, SurveyDimension.TARGET)
    assert options(target) == [("Comuni", "45%"), ("altri stakeholder", "55%")]
    roles = question(psm_document, "Target “Comuni”")
    assert (roles.base, roles.dimension, roles.respondents) == (91, SurveyDimension.ROLE, "Comuni")
    assert options(roles)[0] == ("Sindaco/a", "52%")
    organisations = question(psm_document, "Target “Altri stakeholders”")
    assert (organisations.base, organisations.dimension) == (109, SurveyDimension.ORGANISATION_TYPE)
    assert options(organisations)[-1] == ("altro", "19%")
    # The three charts share one "Base (casi): 200": the other two bases are not printed.
    assert [question(psm_document, t).base for t in ["Età", "Genere", "Titolo di studio"]] == [
        200, None, None,
    ]  # fmt: skip
    # The fourth label of the education chart ("laurea") was lost: unknown, not guessed.
    assert options(question(psm_document, "Titolo di studio"))[-1] == ("", "68%")


def test_zone_breakdown(psm_document: PsmMonitoringDocument) -> None:
    comuni = question(psm_document, "Zona omogenea di riferimento — Comuni")
    others = question(psm_document, "Zona omogenea di riferimento — Altri stakeholder")
    assert (comuni.base, others.base) == (89, 107)
    assert len(comuni.options) == len(others.options) == 11
    assert options(comuni)[0] == ("Zona 1 – Torino", "-")
    assert options(others)[0] == ("Zona 1 – Torino", "49%")
    assert options(comuni)[8] == ("Zona 9 – Eporediese", "17%")
    assert comuni.options[0].percent is not None and comuni.options[0].percent.value is None
    assert comuni.options[8].percent is not None
    assert comuni.options[8].percent.value == Decimal("17")


def test_multiple_answer_question(psm_document: PsmMonitoringDocument) -> None:
    how = question(psm_document, "Con quale/i modalità ha partecipato?")
    assert (how.base, how.multiple_answers) == (58, True)
    assert options(how)[-1] == ("Sono stato intervistato/a", "5%")
    took_part = question(psm_document, "Ha partecipato al processo di definizione")
    assert (took_part.base, took_part.multiple_answers) == (180, False)
    assert options(took_part) == [("sì", "33%"), ("no", "67%")]


def test_open_answers_cite_strategies_and_actions(psm_document: PsmMonitoringDocument) -> None:
    stakeholders = question(psm_document, "In che modo il Suo Ente tiene conto")
    assert stakeholders.respondents == "Comuni"
    others = [
        q
        for q in psm_document.survey.questions
        if q.respondents == "Altri stakeholders" and q.is_open  # type: ignore[union-attr]
    ][0]
    cited = [a for a in others.open_answers if a.strategy_codes or a.action_codes]
    assert [(a.line, a.strategy_codes, a.action_codes) for a in cited] == [
        (2142, ["4.1", "4.2"], ["4.1.1", "4.1.2", "4.1.3", "4.1.4"]),
        (2150, ["1.5"], []),
    ]
    assert cited[0].text == (
        "Contributo alla Strategia 4.1 (nello specifico 4.1.1, 4.1.2, 4.1.3, 4.1.4) e alla Strategia 4.2"
    )


def test_survey_chart_split_into_labels_and_values() -> None:
    diagnostics: list[Diagnostic] = []
    text = (FIXTURES_DIR / "survey_chart_split_into_labels_and_values.txt").read_text(
        encoding="utf-8"
    )
    survey = parse_survey(read_pairs(text), diagnostics)
    assert survey is not None
    assert [(q.text, q.base, len(q.options)) for q in survey.questions] == [
        ("Target", 200, 2),
        ("Target “Altri stakeholders”", 109, 6),
        ("Target “Comuni”", 91, 5),
        ("Zona omogenea di riferimento — Comuni", 89, 11),
        ("Zona omogenea di riferimento — Altri stakeholder", 107, 11),
    ]
    # The roles chart was printed first, under the "Target" title: reported.
    assert [(d.line, d.code) for d in diagnostics] == [
        (25, "survey_chart_order_differs"),
        (45, "survey_chart_order_differs"),
    ]
