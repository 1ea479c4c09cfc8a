"""The report of the preliminary phase of PSM 2024-2026, parsed and imported.

Counts were taken by reading samples/003_cb1b0797773d428b.txt by hand.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cruscotto.council.models import (
    ConsultationMethod,
    Recommendation,
    StrategyEvidence,
    ThemeProfile,
)
from cruscotto.importers.psm_preliminary import parse_psm_preliminary
from cruscotto.importers.psm_preliminary.records import EvidenceLevel, PreliminaryDocument
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.reports.services.summary import build_summary
from imported_once import imported_once

from .conftest import FIXTURES, PRELIMINARY_SEED, import_file
from .test_council_import import dump_database


@pytest.fixture(scope="module")
def preliminary() -> PreliminaryDocument:
    return parse_psm_preliminary(PRELIMINARY_SEED.read_text(encoding="utf-8"))


@imported_once
def preliminary_loaded() -> LoadResult:
    return import_file(PRELIMINARY_SEED, "psm-preliminare")


def test_periods_and_ente(preliminary: PreliminaryDocument) -> None:
    assert preliminary.ente == "Città metropolitana di Torino"
    assert (preliminary.plan_start, preliminary.plan_end) == (2024, 2026)
    assert (preliminary.previous_start, preliminary.previous_end) == (2021, 2023)


def test_evidence_per_strategy_of_psm_2021_2023(preliminary: PreliminaryDocument) -> None:
    levels = {record.code: record.level for record in preliminary.evidence}
    assert len(levels) == 24
    assert [n for n in sorted(levels) if levels[n] == EvidenceLevel.MOST_IMPLEMENTED] == [
        "1.3",
        "2.3",
        "3.3",
        "5.2",
    ]
    # 3.1 "risulta essere implementata parzialmente" (003:67); 3.4 only shares the
    # Torino-Ceres works with 3.2 "; mentre non sono state segnalate azioni volte a
    # rafforzare i collegamenti … con i nodi globali vicini" (003:67): mixed, partial
    assert [n for n in sorted(levels) if levels[n] == EvidenceLevel.PARTIAL] == ["3.1", "3.4"]
    assert [n for n in sorted(levels) if levels[n] == EvidenceLevel.NONE_REPORTED] == ["1.2", "5.4"]
    assert Counter(levels.values())[EvidenceLevel.IMPLEMENTED] == 16
    assert Counter(record.axis for record in preliminary.evidence) == {
        1: 7,
        2: 5,
        3: 4,
        4: 2,
        5: 4,
        6: 2,
    }
    by_code = {record.code: record for record in preliminary.evidence}
    assert by_code["1.1"].projects == ["Metrodigital", "Open Fiber"]
    assert by_code["1.1"].zones == [5, 7]
    # the PINQuA's two proposals "resiDenza-resiLlenza" e "Ricami Urbani" (003:77): a
    # name in quotes may begin in lower case; a lower-case quote is an action, not a
    # project ("scuola come centro civico", 003:71), as italics are foreign words
    assert by_code["5.2"].projects == [
        "PIÙ",
        "Torino metropoli aumentata: abitare il territorio",
        "resiDenza-resiLlenza",
        "Ricami Urbani",
        "La montagna si avvicina",
    ]
    assert by_code["4.1"].projects == ["Pop-Up Newton Room Torino", "Space dream"]
    assert by_code["3.4"].projects == [] and by_code["3.4"].zones == []
    assert by_code["1.5"].title == "Integrare l'infrastruttura e l'offerta turistica"
    # the words after the code say what the strategy was for, up to a comma, stop or verb,
    # without the report's lead-in ("per", "che mirava a"): a title
    assert by_code["1.1"].title == (
        "Garantire una diffusa digitalizzazione del territorio e delle sue attività"
    )  # "per garantire … sia stata sviluppata"
    assert by_code["1.6"].title == "Lo sviluppo di nuove potenziali filiere di produzione"
    assert by_code["3.1"].title == (  # "che mirava a", and "(nell'ottica di …)" left out
        "Progettare la mobilità metropolitana come servizio multimodale agli utenti e ai territori"
    )
    # before the code: "Al fine di potenziare …, come previsto dalla strategia 3.2"
    assert by_code["3.2"].title == (
        "Potenziare e integrare l'infrastruttura metropolitana primaria di mobilità pubblica"
    )
    # "A cavallo tra la strategia 3.2 e la strategia 3.4 rientrano i lavori …": no gloss
    assert by_code["3.4"].title == ""
    assert sum(1 for record in preliminary.evidence if record.title) == 23
    assert by_code["3.1"].zones == [10]
    assert by_code["4.1"].zones == [3, 11]  # "le Zone omogenee 3 e 11"
    assert by_code["2.3"].zones == [1, 9]
    # by name alone: the food districts "del Chierese-Carmagnolese … e del Pinerolese"
    # (003:85) are zones 11 and 5; every other name the report prints has its number too
    assert by_code["6.2"].zones == [2, 3, 4, 5, 6, 10, 11]
    assert by_code["3.3"].zones == [2, 3, 5, 7, 8, 9, 11]


def test_needs_per_axis_with_sub_indications(preliminary: PreliminaryDocument) -> None:
    needs = preliminary.needs
    assert Counter(need.axis for need in needs) == {1: 7, 2: 5, 3: 7, 4: 3, 5: 5, 6: 3}
    assert len(needs) == 30
    assert sum(len(need.sub_needs) for need in needs) == 89
    by_code = {(need.axis, need.number): need for need in needs}
    assert [sub.letter for sub in by_code[(2, 1)].sub_needs] == list("abcdefghi")
    assert by_code[(1, 3)].sub_needs[2].text == (
        "Investire in un piano metropolitano di benchmarking e marketing territoriale"
    )
    assert by_code[(2, 3)].text.endswith("in ottica di sostenibilità ambientale e sociale")
    assert len(by_code[(3, 2)].sub_needs[2].details) == 4
    assert (
        by_code[(5, 4)]
        .sub_needs[4]
        .text.endswith("(Regione Piemonte, DPGR 13 luglio 2023, n. 4/R)")
    )
    assert (
        by_code[(4, 3)]
        .sub_needs[5]
        .text.endswith("reale ed effettiva fruibilità degli ambienti didattici")
    )


def test_new_themes_with_their_possible_axes(preliminary: PreliminaryDocument) -> None:
    assert [(t.number, t.title, t.axes, t.cross_cutting) for t in preliminary.themes] == [
        (1, "Metro-Montanità", [], True),
        (2, "Intelligenza artificiale", [], True),
        (3, "Cibo e food policies", [], True),
        (4, "Sport", [5, 6], False),
        (5, "Sicurezza sul lavoro", [5, 6], False),
        (6, "Cultura", [4, 1, 5], False),
        (7, "Qualità spaziale e urbanistica dei progetti", [], True),
        (8, "Pace e sicurezza", [5], False),
        (9, "Cambiamento climatico/ Emergenza climatica", [2], False),
        (10, "Dimensione transfrontaliera", [], True),
    ]
    assert preliminary.themes[6].note == "(nei processi di Public Procurement)"
    assert preliminary.themes[0].indications[0].endswith("dei servizi, ecc.)")


def test_recommendations_and_method(preliminary: PreliminaryDocument) -> None:
    groups = Counter(r.group for r in preliminary.recommendations)
    assert groups == {
        "GOVERNANCE E COORDINAMENTO DELLE POLITICHE DEL TERRITORIO": 5,
        "COSTRUZIONE E ATTUAZIONE DEL PIANO STRATEGICO": 4,
        "CONDUZIONE DEL PROCESSO PARTECIPATIVO": 2,
    }
    assert [len(r.indications) for r in preliminary.recommendations] == [
        1,
        2,
        1,
        1,
        1,
        1,
        4,
        3,
        3,
        0,
        0,
    ]
    assert preliminary.recommendations[5].need == (
        "Dare maggiore rilevanza alla dimensione Metromontana, per rispondere meglio alla "
        "visione condivisa di una metropoli policentrica"
    )
    method = preliminary.method
    assert method is not None
    assert (method.method, method.interviews, method.zones_consulted) == (
        "conflict assessment",
        34,
        11,
    )
    assert (method.questionnaire_period, method.questionnaire_contributions) == ("fine 2022", 107)
    # 003:34: "(amministrazioni locali, … fondazioni)" and "(rappresentanze di
    # associazioni, del terzo settore, dell'imprenditoria locale, figure esperte …)"
    assert method.stakeholder_categories == [
        "amministrazioni locali",
        "organizzazioni sindacali e di categoria",
        "università ed enti di ricerca",
        "fondazioni",
        "rappresentanze di associazioni",
        "rappresentanze del terzo settore",
        "rappresentanze dell'imprenditoria locale",
        "figure esperte e opinion leader",
    ]
    assert method.annexes_missing == ["Allegato 1: calendario interviste e persone intervistate"]


def test_diagnostics_of_the_seed(preliminary: PreliminaryDocument) -> None:
    assert [(d.line, d.severity, d.code) for d in preliminary.diagnostics] == [
        (22, "warning", "annex_missing"),
        (53, "info", "footnote_inside_paragraph"),
        (97, "info", "need_row_split_across_pages"),
        (109, "info", "need_row_split_across_pages"),
        (130, "info", "need_row_split_across_pages"),
        (139, "info", "need_row_split_across_pages"),
        (155, "info", "theme_row_split_across_pages"),
    ]


def test_a_need_row_split_across_pages_is_joined() -> None:
    document = parse_psm_preliminary(
        (FIXTURES / "need_row_split_across_pages.txt").read_text("utf-8")
    )
    (need,) = document.needs
    assert (
        need.text
        == "Promuovere la bonifica delle aree dismesse, in ottica di sostenibilità ambientale"
    )
    assert [(sub.letter, sub.text) for sub in need.sub_needs] == [
        ("a", "Rifunzionalizzare i siti dismessi trasformandoli in opportunità"),
        ("b", "Promuovere la bonifica"),
    ]
    # the fixture is the title and chapter 4 alone: no previous edition, no method
    assert [(d.line, d.code) for d in document.diagnostics] == [
        (1, "previous_edition_not_found"),
        (1, "method_not_found"),
        (5, "annex_missing"),
        (13, "need_row_split_across_pages"),
    ]


def test_import_two_plans_with_evidence(preliminary_loaded: LoadResult) -> None:
    previous = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM, code="2021-2023")
    assert previous.edition == "2021-2023"
    phase = Plan.objects.get(
        ente__code="cmto", kind=Plan.Kind.PSM, code="2024-2026-fase-preliminare"
    )
    assert phase.edition == "2024-2026"
    summaries = {
        p["code"]: p["items_by_level"] for p in build_summary()["plans"] if p["kind"] == "psm"
    }
    assert summaries["2021-2023"] == {"asse": 6, "strategia": 24}
    assert summaries["2024-2026-fase-preliminare"] == {"asse": 6, "bisogno": 119, "tema": 10}
    evidence = StrategyEvidence.objects.get(item__plan=previous, item__code="1.2")
    assert evidence.level == StrategyEvidence.Level.NONE_REPORTED
    assert ThemeProfile.objects.filter(cross_cutting=True).count() == 5
    assert (
        Link.objects.filter(from_item__plan=phase, from_item__level=PlanItem.Level.TEMA).count()
        == 9  # themes 4, 5 (two axes each), 6 (three), 8, 9
    )
    assert Recommendation.objects.filter(plan=phase).count() == 11
    method = ConsultationMethod.objects.get(plan=phase)
    assert (method.interviews, method.questionnaire_contributions) == (34, 107)


def test_a_second_import_changes_nothing(preliminary_loaded: LoadResult) -> None:
    before = dump_database()
    assert import_file(PRELIMINARY_SEED, "psm-preliminare").counts.changed == 0
    assert dump_database() == before


def test_zone_names_are_the_entes_own(preliminary: PreliminaryDocument) -> None:
    """Zone names are the Città metropolitana di Torino's reference data: another ente's
    report (the same text printed by Genova) cites its zones only by number."""
    other = parse_psm_preliminary(
        (
            FIXTURES.parent / "psm_monitoring" / "another_metropolitan_city_preliminary.txt"
        ).read_text(encoding="utf-8")
    )
    by_number = re.compile(r"\bzon[ae](?:\s+omogene[ae])?\s+(\d{1,2})(?:\s+e\s+(\d{1,2}))?", re.I)
    turin = {record.code: record.zones for record in preliminary.evidence}
    differs = []
    for record in other.evidence:
        cited = {
            int(number)
            for sentence in record.sentences
            for pair in by_number.findall(sentence)
            for number in pair
            if number
        }
        assert record.zones == sorted(cited), record.code
        if record.zones != turin[record.code]:
            differs.append(record.code)
    # "… del Chierese-Carmagnolese … e del Pinerolese" (003:85) names Turin's zones 11 and 5.
    assert "6.2" in differs
