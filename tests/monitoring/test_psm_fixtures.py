"""One small piece of the real report per kind of mess (tests/fixtures/psm_monitoring/).

Cut from samples/001_c8fc3c27ab7903b2.txt (seed lines):

- strategy_heading_after_its_actions.txt: 576-632 (strategy 2.2: actions, then the heading)
- action_continued_after_frame_break.txt: 1082-1104 (action 4.1.7 broken by a frame)
- project_under_several_strategies.txt: 128-206 and 208-272 (strategies 1.2 and 1.3)
- single_action_block.txt: 515-575 (2.1.3 printed alone beside Progetto ASFO)
- page_number_glued_to_project.txt: 801-855 ("… elettriche 15" before "STRATEGIA 3.1")
- strategy_description_apart_from_title.txt: 1021-1060 (4.1's description before its actions)
- context_value_in_words.txt: 2545-2549 and 2597-2650 ("Dati relativi ai singoli corpi idrici")
- composite_context_value.txt: 2399-2404 and 2451-2478 ("112+93")
- block_without_projects.txt: 81-97, then 128-201 (strategy 1.1's actions with their
  projects cut away, followed by strategy 1.2's page)
"""

from __future__ import annotations

from decimal import Decimal

from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.importers.psm_monitoring.context_indicators import parse_context_indicators
from cruscotto.importers.psm_monitoring.plan_pages import PlanPages, parse_plan_pages
from cruscotto.importers.psm_monitoring.records import ActionLinkOrigin
from cruscotto.importers.psm_monitoring.text import read_pairs
from cruscotto.importers.records import ValueType

from .conftest import FIXTURES_DIR


def read_pages(name: str) -> tuple[PlanPages, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    text = (FIXTURES_DIR / name).read_text(encoding="utf-8")
    return parse_plan_pages(read_pairs(text), diagnostics), diagnostics


def test_strategy_heading_after_its_actions() -> None:
    pages, diagnostics = read_pages("strategy_heading_after_its_actions.txt")
    assert [a.code for a in pages.actions] == ["2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5"]
    assert pages.heading_codes == [(38, "2.2")]
    # The projects follow the heading, yet belong to the actions' strategy.
    assert [(p.line, p.strategy_codes) for p in pages.projects] == [
        (40, ["2.2"]),
        (42, ["2.2"]),
        (49, ["2.2"]),
    ]
    assert pages.projects[1].urls == [
        "http://www.cittametropolitana.torino.it/cms/sviluppo-economico/attrazione-investimenti/trentametro/"
    ]
    assert [t.title for t in pages.upper_titles] == [
        "PROMUOVERE IL RIUSO INTELLIGENTE DELLE AREE DISMESSE E DEL PATRIMONIO EDILIZIO ESISTENTE"
    ]
    assert [(d.line, d.code) for d in diagnostics] == [(1, "projects_not_attributed_to_actions")]


def test_block_without_projects() -> None:
    pages, diagnostics = read_pages("block_without_projects.txt")
    # Strategy 1.1's actions directly followed by strategy 1.2's: nothing printed beside 1.1.
    assert [(b.action_codes, b.project_count) for b in pages.blocks] == [
        (["1.1.1", "1.1.2", "1.1.3"], 0),
        (["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6"], 8),
    ]
    # Nothing is printed beside 1.1.1-1.1.3: grey actions, nothing to report for them.
    assert [(d.line, d.code) for d in diagnostics] == [(20, "projects_not_attributed_to_actions")]


def test_action_continued_after_frame_break() -> None:
    pages, _ = read_pages("action_continued_after_frame_break.txt")
    last = pages.actions[-1]
    assert last.code == "4.1.7"
    assert last.text.endswith(
        "(cibo buono, sano, pulito e giusto). Favorire l’uso extrascolastico "
        "dell’infrastruttura di cucina da parte delle comunità locali"
    )
    assert [p.name for p in pages.projects] == [
        "Piano di messa in sicurezza e riqualificazione dell'edilizia scolastica"
    ]


def test_project_under_several_strategies() -> None:
    pages, _ = read_pages("project_under_several_strategies.txt")
    by_name = {p.name: p for p in pages.projects}
    assert by_name["Progetto AMICI"].strategy_codes == ["1.2", "1.3"]
    assert by_name["Progetto Metropolis"].strategy_codes == ["1.2", "1.3"]
    assert by_name["Programma InnoSocialMetro"].strategy_codes == ["1.2", "1.3"]
    assert len(by_name["Programma InnoSocialMetro"].mentions) == 3
    assert by_name["Programma InnoSocialMetro"].action_links == {"1.2.1": ActionLinkOrigin.CITED}
    # Two blocks, each with its actions; the link list at the foot of a page is not a project.
    assert [(b.action_codes[0], b.project_count) for b in pages.blocks] == [
        ("1.2.1", 8),
        ("1.3.1", 7),
    ]


def test_single_action_block() -> None:
    pages, _ = read_pages("single_action_block.txt")
    assert [b.action_codes for b in pages.blocks] == [["2.1.4", "2.1.5", "2.1.6"], ["2.1.3"]]
    asfo = next(p for p in pages.projects if p.name == "Progetto ASFO")
    assert asfo.action_links == {"2.1.3": ActionLinkOrigin.ONLY_ACTION_OF_BLOCK}
    forest = next(p for p in pages.projects if p.pnrr_measures == ["M2C4I3.1"])
    assert forest.action_links == {"2.1.5": ActionLinkOrigin.SAME_PNRR_MEASURE}


def test_page_number_glued_to_project() -> None:
    pages, diagnostics = read_pages("page_number_glued_to_project.txt")
    smile = next(p for p in pages.projects if p.name == "Progetto Smile city")
    assert smile.mentions[0].text.endswith("stazioni di ricarica per biciclette elettriche")
    assert [(d.line, d.code) for d in diagnostics] == [(41, "page_number_glued")]


def test_strategy_description_apart_from_title() -> None:
    pages, _ = read_pages("strategy_description_apart_from_title.txt")
    assert pages.loose_descriptions == [
        (
            29,
            "Adottare alla scala metropolitana una strategia integrata della formazione, che "
            "avvii un profondo rinnovamento dell’infrastruttura materiale e immateriale, "
            "potenziando il rapporto scuola -territorio e promuovendo modelli didattici "
            "innovativi e attenti al tema della sostenibilità",
            "4.1",
        )
    ]
    # The 3.4 projects are not taken for a description, nor the description for a project.
    assert [p.strategy_codes for p in pages.projects] == [["3.4"], ["3.4"]]


def test_context_value_in_words() -> None:
    diagnostics: list[Diagnostic] = []
    text = (FIXTURES_DIR / "context_value_in_words.txt").read_text(encoding="utf-8")
    tables = parse_context_indicators(read_pairs(text), diagnostics)
    assert [(i.strategy_code, i.name) for i in tables.indicators] == [
        ("2.4", "Portata dei principali bacini idrici"),
        ("2.4", "Stato ambientale delle acque"),
        ("2.5", "Raccolta differenziata dei rifiuti urbani"),
        ("2.5", "Produzione di rifiuti urbani indifferenziati"),
        ("2.5", "Presenza di sistemi di tariffazione puntuale"),
        ("2.5", "Circular City Index"),
    ]
    flow = tables.indicators[0]
    assert flow.source == "Arpa Piemonte"
    assert flow.value is not None
    assert (flow.value.year, flow.value.cell.value_type, flow.value.cell.as_printed) == (
        2023, ValueType.TEXT, "Dati relativi ai singoli corpi idrici",
    )  # fmt: skip
    circular = tables.indicators[-1]
    assert circular.source == "Enel X – Università di Siena"
    assert circular.value is not None and circular.value.cell.value == Decimal("0.46")
    assert [d.code for d in diagnostics] == ["context_value_not_numeric"] * 2


def test_composite_context_value() -> None:
    diagnostics: list[Diagnostic] = []
    text = (FIXTURES_DIR / "composite_context_value.txt").read_text(encoding="utf-8")
    tables = parse_context_indicators(read_pairs(text), diagnostics)
    assert tables.strategy_titles["1.3"][1] == (
        "Riconoscere e sviluppare nuove potenziali filiere di produzione, sostenendo la "
        "transizione ecologica delle filiere esistenti"
    )
    legno = tables.indicators[-1]
    assert legno.name == "Sostenibilità della Filiera Legno"
    assert legno.value is not None
    cell = legno.value.cell
    assert (cell.as_printed, cell.value) == ("112+93", None)
    assert [c.value for c in cell.components] == [Decimal("112"), Decimal("93")]
    assert legno.unit == "numero"
