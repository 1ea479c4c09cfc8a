"""The participatory path of the PSM 2024-2026 (/psm/fase-preliminare/<plan>/) on the seeds.

The figures are those of the preliminary report (003_…), counted by hand: how the
territory was consulted (003:32), how it implemented each strategy of PSM 2021-23
(chapter 3, 003:49-85), the needs for 2024-2026 (chapter 4), the new themes (003:153-164)
and the recommendations (003:173-201); the links to the new edition and to the mandate
are the ones `cruscotto editions` and `cruscotto trace` print.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cruscotto.council.services.participation import (
    ParticipatoryPath,
    build_participatory_path,
    find_participatory_path,
)
from cruscotto.plans.models import Link, Plan, PlanItem
from imported_once import imported_once

from .conftest import COUNCIL_SEED, PRELIMINARY_SEED, ROOT, import_file
from .test_council_pages import section, text_of

pytestmark = pytest.mark.django_db

# The plan (1), its method (2), its items (3), the document (4), the evidence (5), the
# links (6), the zone names (7), the recommendations (8), the diagnostics (9); the
# source-line links of the page cost nothing more.
PATH_PAGE_QUERIES = 9


@imported_once
def cmto_documents() -> None:
    """The three documents that meet on the path: the mandate, the preliminary report, the new PSM."""
    import_file(COUNCIL_SEED, "consiglio")
    import_file(PRELIMINARY_SEED, "psm-preliminare")
    import_file(ROOT / "samples" / "001_c8fc3c27ab7903b2.txt", "psm-monitoraggio")


def preliminary_plan() -> Plan:
    return Plan.objects.get(ente__code="cmto", kind="psm", code="2024-2026-fase-preliminare")


@pytest.fixture
def path(cmto_documents: None) -> ParticipatoryPath:
    return build_participatory_path(preliminary_plan())


def evidence_of(path: ParticipatoryPath, code: str) -> Any:
    (row,) = [row for axis in path.axes for row in axis.evidence if row.strategy.code == code]
    return row


def test_the_consultation_method(path: ParticipatoryPath) -> None:
    method = path.method
    assert method is not None
    assert (method.method, method.interviews, method.zones_consulted) == (
        "conflict assessment",
        34,
        11,
    )
    assert (method.questionnaire_period, method.questionnaire_contributions) == ("fine 2022", 107)
    # Allegato 1 is in the table of contents (003:22) and nowhere else
    assert method.annexes_missing == ["Allegato 1: calendario interviste e persone intervistate"]
    assert ("annex_missing", 22) in [(d.code, d.line) for d in path.diagnostics]


def test_how_the_territory_implemented_psm_2021_23(path: ParticipatoryPath) -> None:
    assert path.previous_plan is not None and path.previous_plan.code == "2021-2023"
    assert path.evidence_by_level == {
        "la più attuata dell'asse": 4,  # 1.3, 2.3, 3.3, 5.2
        "attuata": 16,
        "attuata parzialmente": 2,  # 3.1, 3.4
        "nessuna azione riportata": 2,  # 1.2, 5.4
    }
    assert [(axis.number, len(axis.evidence)) for axis in path.axes] == [
        ("1", 7), ("2", 5), ("3", 4), ("4", 2), ("5", 4), ("6", 2),
    ]  # fmt: skip
    # 6.2's zones, named: by number (003:83) and by name alone (the food districts, 003:85)
    assert [(zone.number, zone.name) for zone in evidence_of(path, "6.2").zones] == [
        (2, "AMT ovest"),
        (3, "AMT sud"),
        (4, "AMT nord"),
        (5, "Pinerolese"),
        (6, "Valli Susa e Sangone"),
        (10, "Chivassese"),
        (11, "Chierese, Carmagnolese"),
    ]
    # what became of each strategy: 2.4 was dropped, 4.2 is 2024-26's 4.3 with the same words,
    # 1.3 is 2024-26's 1.2 renamed
    assert evidence_of(path, "2.4").continued_by == []
    continued = [(c.item.code, c.change_label) for c in evidence_of(path, "4.2").continued_by]
    assert continued == [("4.3", "invariata")]
    assert [(c.item.code, c.change_label) for c in evidence_of(path, "1.3").continued_by] == [
        ("1.2", "rinominata")
    ]
    # the mandate reprints 1.7 as its action 1.8 and does not reprint 5.4 (002:420-445)
    assert [a.item.key for a in evidence_of(path, "1.7").serves] == ["azione-1.8"]
    assert evidence_of(path, "5.4").serves == []


def test_needs_themes_and_recommendations(path: ParticipatoryPath) -> None:
    assert [len(axis.needs) for axis in path.axes] == [7, 5, 7, 3, 5, 3]
    assert sum(len(need.sub_indications) for axis in path.axes for need in axis.needs) == 89
    need_1_2 = path.axes[0].needs[1]
    assert need_1_2.need.code == "1.2"
    assert [(s.item.code, s.origin) for s in need_1_2.addressed_by] == [("1.1", "derived")]
    assert [
        (
            row.theme.title,
            row.axes_as_printed,
            row.cross_cutting,
            [a.code for a in row.possible_axes],
        )
        for row in path.themes
    ] == [
        ("Metro-Montanità", "Trasversale", True, []),
        ("Intelligenza artificiale", "Trasversale", True, []),
        ("Cibo e food policies", "Trasversale", True, []),
        ("Sport", "ASSE 5 / ASSE 6", False, ["5", "6"]),
        ("Sicurezza sul lavoro", "ASSE 5 / ASSE 6", False, ["5", "6"]),
        ("Cultura", "ASSE 4 / ASSE 1 / ASSE 5", False, ["1", "4", "5"]),
        ("Qualità spaziale e urbanistica dei progetti", "Trasversale", True, []),
        ("Pace e sicurezza", "ASSE 5", False, ["5"]),
        ("Cambiamento climatico/ Emergenza climatica", "ASSE 2", False, ["2"]),
        ("Dimensione transfrontaliera", "Trasversale", True, []),
    ]
    assert [(g.title, len(g.recommendations)) for g in path.recommendation_groups] == [
        ("GOVERNANCE E COORDINAMENTO DELLE POLITICHE DEL TERRITORIO", 5),
        ("COSTRUZIONE E ATTUAZIONE DEL PIANO STRATEGICO", 4),
        ("CONDUZIONE DEL PROCESSO PARTECIPATIVO", 2),
    ]


def test_a_link_a_user_enters_shows_on_the_path_at_once(cmto_documents: None) -> None:
    """Strategy 5.2 of 2024-26 ("giovani generazioni") takes on need 5.5, as a reader sees it."""
    strategy = PlanItem.objects.get(plan__code="2024-2026", level="strategia", code="5.2")
    need = PlanItem.objects.get(plan=preliminary_plan(), level="bisogno", code="5.5")
    Link.objects.create(
        from_item=strategy, to_item=need, kind=Link.Kind.ADDRESSES, origin=Link.Origin.USER
    )
    path = build_participatory_path(preliminary_plan())
    (row,) = [row for row in path.axes[4].needs if row.need.code == "5.5"]
    assert [(s.item.code, s.origin_label) for s in row.addressed_by] == [
        ("5.2", "inserito da un utente")
    ]


def test_the_page_reads_as_the_report(
    cmto_documents: None, client: Client, django_assert_num_queries: Any
) -> None:
    plan = preliminary_plan()
    with django_assert_num_queries(PATH_PAGE_QUERIES):
        response = client.get(f"/psm/fase-preliminare/{plan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    method = text_of(section(page, "metodo", "section"))
    assert "Interviste 34 (semi-strutturate e online)" in method
    assert "Questionario fine 2022: 107 contributi" in method
    assert (
        "Allegato 1: calendario interviste e persone intervistate "
        "(nell'indice, ma non nel documento)" in method
    )
    axis_6 = text_of(section(page, "attuazione-asse-6", "table"))
    assert (
        "6.2 Fare della qualità ambientale dello spazio metropolitano un fattore abilitante "
        "per una vita attiva, sana e lunga" in axis_6
    )
    assert (
        "2 AMT ovest; 3 AMT sud; 4 AMT nord; 5 Pinerolese; 6 Valli Susa e Sangone; "
        "10 Chivassese; 11 Chierese, Carmagnolese" in axis_6
    )
    axis_2 = text_of(section(page, "attuazione-asse-2", "table"))
    assert "2.4 Diventare metropoli del Green Building" in axis_2
    assert "nessuna strategia la prosegue" in axis_2
    themes = text_of(section(page, "tabella-temi", "table"))
    assert "Cultura ASSE 4 / ASSE 1 / ASSE 5 Asse 1; Asse 4; Asse 5" in themes
    recommendations = text_of(section(page, "raccomandazioni", "section"))
    assert recommendations.count("riga ") == 11
    # every "riga N" opens the report's text at that line
    document_id = plan.consultation_method.source_document_id
    lines = re.findall(rf'href="/documenti/sorgenti/{document_id}/testo/#riga-(\d+)"', page)
    assert "32" in lines and "153" in lines and "173" in lines


def test_the_plans_point_to_their_path_and_their_monitoring(
    cmto_documents: None, client: Client
) -> None:
    preliminary = preliminary_plan()
    previous = Plan.objects.get(ente__code="cmto", kind="psm", code="2021-2023")
    monitored = Plan.objects.get(ente__code="cmto", kind="psm", code="2024-2026")
    assert find_participatory_path(previous) == preliminary
    assert find_participatory_path(preliminary) == preliminary
    assert find_participatory_path(monitored) is None
    path_link = f'href="/psm/fase-preliminare/{preliminary.pk}/"'
    for plan, has_path, has_monitoring in [
        (preliminary, True, False),
        (previous, True, False),
        (monitored, False, True),
    ]:
        page = client.get(f"/piani/{plan.pk}/").content.decode()
        assert (path_link in page) is has_path, plan.code
        assert (f'href="/monitoraggio/{plan.pk}/"' in page) is has_monitoring, plan.code
    assert client.get(f"/psm/fase-preliminare/{monitored.pk}/").status_code == 404
