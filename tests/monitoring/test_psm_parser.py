"""The PSM monitoring parser on the real seed: what a careful reader counts by hand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from cruscotto.domain.diagnostics import Severity
from cruscotto.importers.psm_monitoring import looks_like_psm_monitoring
from cruscotto.importers.psm_monitoring.records import ActionLinkOrigin, PsmMonitoringDocument
from cruscotto.importers.psm_monitoring.text import join_lines, rejoin_hyphenated_words
from cruscotto.importers.records import ValueType
from cruscotto.loaders.formats import FORMATS

# Counted by hand in samples/001_c8fc3c27ab7903b2.txt ("Azione x.y.z" headings per strategy).
ACTIONS_PER_STRATEGY = {
    "1.1": 3, "1.2": 6, "1.3": 4, "1.4": 4, "1.5": 7,
    "2.1": 6, "2.2": 5, "2.3": 3, "2.4": 3, "2.5": 5,
    "3.1": 8, "3.2": 5, "3.3": 3, "3.4": 3,
    "4.1": 7, "4.2": 4, "4.3": 4,
    "5.1": 5, "5.2": 2, "5.3": 5, "5.4": 5, "5.5": 3,
    "6.1": 5, "6.2": 5, "6.3": 3,
}  # fmt: skip


def project(document: PsmMonitoringDocument, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in document.projects if p.name == name)


def test_the_seed_is_recognised(psm_monitoring_path) -> None:  # type: ignore[no-untyped-def]
    assert looks_like_psm_monitoring(psm_monitoring_path.read_text(encoding="utf-8"))


def test_plan_identity(psm_document: PsmMonitoringDocument) -> None:
    assert psm_document.ente == "Città metropolitana di Torino"
    assert (psm_document.plan_start, psm_document.plan_end) == (2024, 2026)
    assert [(a.number, a.title) for a in psm_document.axes] == [
        (1, "Torino Metropoli più produttiva e innovativa"),
        (2, "Torino Metropoli più verde ed ecologica"),
        (3, "Torino Metropoli più mobile, accessibile e collegata"),
        (4, "Torino Metropoli che impara di più"),
        (5, "Torino Metropoli più attrattiva, giusta ed eguale"),
        (6, "Torino Metropoli più sana"),
    ]


def test_every_action_is_read_once_under_its_strategy(psm_document: PsmMonitoringDocument) -> None:
    assert len(psm_document.actions) == 113
    assert Counter(a.strategy_code for a in psm_document.actions) == ACTIONS_PER_STRATEGY
    codes = [a.code for a in psm_document.actions]
    assert len(set(codes)) == 113
    # 2.1.3 is printed after 2.1.4-2.1.6, on a page of its own: still one action of 2.1.
    assert codes.index("2.1.3") > codes.index("2.1.6")
    action = next(a for a in psm_document.actions if a.code == "2.1.3")
    assert action.line == 556
    assert action.text.startswith("Promuovere modalità collaborative di gestione")
    assert action.text.endswith("trattenimento dei nutrienti).")


def test_strategies_take_titles_from_the_indicator_tables(
    psm_document: PsmMonitoringDocument,
) -> None:
    strategies = {s.code: s for s in psm_document.strategies}
    assert list(strategies) == list(ACTIONS_PER_STRATEGY)
    assert all(s.title and s.title_upper and s.description for s in strategies.values())
    digital = strategies["1.1"]
    assert (
        digital.title
        == "Garantire una diffusa digitalizzazione del territorio e delle sue attività"
    )
    assert digital.title_upper == (
        "GARANTIRE UNA DIFFUSA DIGITALIZZAZIONE DEL TERRITORIO E DELLE SUE ATTIVITÀ"
    )
    assert digital.description == (
        "Costruire le infrastrutture materiali e immateriali necessarie per favorire la "
        "transizione digitale, riducendo i divari territoriali."
    )
    # 4.1: the description is printed apart, before the actions; the title after them.
    assert strategies["4.1"].description.startswith("Adottare alla scala metropolitana")
    assert (
        strategies["4.1"].title_upper
        == "MIGLIORARE ED INNOVARE L’INFRASTRUTTURA E L’OFFERTA SCOLASTICA"
    )
    # 3.4: the page number printed after the description is not part of it.
    assert strategies["3.4"].description.endswith("trasporto marittimo)")


def test_a_project_printed_under_several_strategies_is_one_project(
    psm_document: PsmMonitoringDocument,
) -> None:
    amici = project(psm_document, "Progetto AMICI")
    assert amici.strategy_codes == ["1.2", "1.3", "1.5", "3.1", "3.3"]
    assert len(amici.mentions) == 6  # twice under 3.1 (two pages of the strategy)
    assert amici.funding_programmes == ["Interreg Alcotra"]
    assert amici.line == 188
    paint = project(
        psm_document,
        "Avvio del processo di redazione del Piano di accessibilità ed intermodalità (PAINT)",
    )
    assert paint.strategy_codes == ["3.1", "3.2", "3.3", "6.2"]
    inno = project(psm_document, "Programma InnoSocialMetro")
    assert inno.strategy_codes == ["1.2", "1.3", "5.5"]
    # "Programma InnoSocialMetro (cfr. azione 1.2.1)": the text names the action.
    assert inno.action_links == {"1.2.1": ActionLinkOrigin.CITED}
    assert inno.urls == [
        "http://www.cittametropolitana.torino.it/cms/attivita-produttive/competitivita-innovazione/innosocialmetro"
    ]


def test_project_attributes(psm_document: PsmMonitoringDocument) -> None:
    schools = project(
        psm_document, "Piano di messa in sicurezza e riqualificazione dell'edilizia scolastica"
    )
    assert schools.pnrr_measures == ["M4C1I3.3"]
    assert schools.funding_programmes == ["PNRR"]
    assert schools.strategy_codes == ["2.3", "4.1"]
    assert schools.urls == ["https://pnrr.cittametropolitana.torino.it/edilizia-scolastica"]
    roads = next(p for p in psm_document.projects if p.line == 489)
    # "Missione 2 Componente 4 –Investimento 2.1b" written out in words.
    assert roads.pnrr_measures == ["M2C4I2.1b", "M5C3I1"]
    forest = next(p for p in psm_document.projects if p.line == 550)
    assert forest.pnrr_measures == ["M2C4I3.1"]
    # Action 2.1.5 names the same measure ("PNRR- M2C4I3.1").
    assert forest.action_links == {"2.1.5": ActionLinkOrigin.SAME_PNRR_MEASURE}
    agir = next(p for p in psm_document.projects if p.line == 168)
    # The URL wrapped over two lines is glued back.
    assert agir.urls == [
        "http://www.cittametropolitana.torino.it/cms/europa-e-cooperazione/sez-eu/progetti-europa/progetti-eu-2021-27/progetto-agir"
    ]


def test_projects_and_blocks_counted_by_hand(psm_document: PsmMonitoringDocument) -> None:
    # Project paragraphs per page block, counted on the plan pages (a paragraph
    # broken by a frame break, like "… Sgarbuglio" / "da gioco d'azzardo …", is one; so is
    # the APE project, whose open parenthesis goes on to "… all'Accordo", 001:1114-1126).
    assert [block.project_count for block in psm_document.blocks] == [
        6, 8, 7, 11, 3, 9, 15, 6, 1, 3, 2, 5, 7, 12, 6, 5, 5, 2, 5, 5, 2, 2, 5, 5, 8, 3, 3, 3, 3,
    ]  # fmt: skip
    assert sum(len(p.mentions) for p in psm_document.projects) == 157
    # 121 distinct projects once those printed more than once are merged; 15 serve
    # more than one strategy.
    assert len(psm_document.projects) == 121
    assert sum(len(p.strategy_codes) > 1 for p in psm_document.projects) == 15
    assert all(block.project_count > 0 for block in psm_document.blocks)
    asfo = project(psm_document, "Progetto ASFO")
    # The 2.1.3 page prints one action beside ASFO: that link is certain.
    assert asfo.action_links == {"2.1.3": ActionLinkOrigin.ONLY_ACTION_OF_BLOCK}
    assert asfo.strategy_codes == ["1.3", "2.1"]


def test_page_numbers_and_link_dumps_are_not_projects(psm_document: PsmMonitoringDocument) -> None:
    names = [p.name for p in psm_document.projects]
    assert not [n for n in names if n.isdigit() or n.startswith("http")]
    smile = project(psm_document, "Progetto Smile city")
    assert [m.text.endswith("biciclette elettriche") for m in smile.mentions] == [True, True]


def test_context_indicators(psm_document: PsmMonitoringDocument) -> None:
    indicators = psm_document.context_indicators
    assert psm_document.stated_indicator_count == 85
    assert len(indicators) == 85
    per_strategy = Counter(i.strategy_code for i in indicators)
    assert len(per_strategy) == 25
    assert per_strategy["1.1"] == 2 and per_strategy["5.1"] == 8
    legno = next(i for i in indicators if i.name == "Sostenibilità della Filiera Legno")
    assert (legno.source, legno.description) == (
        "FSC e PEFC",
        "Numero di aziende certificate FSC e PEFC",
    )
    assert legno.value is not None and legno.value.year == 2024
    assert legno.value.cell.as_printed == "112+93"
    assert legno.value.cell.value is None
    assert [c.value for c in legno.value.cell.components] == [Decimal("112"), Decimal("93")]
    water = next(i for i in indicators if i.name == "Portata dei principali bacini idrici")
    assert water.value is not None
    assert (water.value.cell.as_printed, water.value.cell.value_type, water.value.year) == (
        "Dati relativi ai singoli corpi idrici", ValueType.TEXT, 2023,
    )  # fmt: skip
    car_sharing = next(i for i in indicators if i.name.startswith("Disponibilità di veicoli"))
    assert car_sharing.territorial_level == "capoluogo"
    assert car_sharing.value is not None and car_sharing.value.cell.value == Decimal("104")
    wage_gap = next(i for i in indicators if i.name.startswith("Differenza di genere nella"))
    assert wage_gap.value is not None and wage_gap.value.cell.value == Decimal("-9242.1")
    city_index = next(i for i in indicators if i.name == "15 Minute City Index")
    assert city_index.source == "Enel X – Università di Firenze"


def test_diagnostics_of_the_seed(psm_document: PsmMonitoringDocument) -> None:
    codes = Counter(d.code for d in psm_document.diagnostics)
    assert not [d for d in psm_document.diagnostics if d.severity == Severity.ERROR]
    assert codes["context_value_not_numeric"] == 2
    assert codes["page_number_glued"] == 2
    assert codes["strategy_description_apart"] == 1
    # 29 blocks, one of which (2.1.3 with Progetto ASFO) prints a single action.
    assert codes["projects_not_attributed_to_actions"] == 28


def test_no_other_seed_looks_like_this_format(psm_monitoring_path) -> None:  # type: ignore[no-untyped-def]
    for seed in sorted(psm_monitoring_path.parent.glob("00*.txt")):
        text = seed.read_text(encoding="utf-8")
        matching = [name for name, fmt in FORMATS.items() if fmt.looks_like(text)]
        assert len(matching) <= 1, (seed.name, matching)
        assert looks_like_psm_monitoring(text) == (seed.name == psm_monitoring_path.name)


def test_words_cut_at_a_line_end_are_written_whole(psm_document: PsmMonitoringDocument) -> None:
    # 001:2226 "salvaguardia idrogeolo-" / "gica e al rispetto": one word, written whole
    # elsewhere with another ending ("idrogeologici"); the line count does not change.
    answers = [a.text for q in psm_document.survey.questions for a in q.open_answers]  # type: ignore[union-attr]
    assert any(
        "salvaguardia idrogeologica e al rispetto dei criteri ambientali" in a for a in answers
    )
    assert not any("idrogeolo" in a and "idrogeologica" not in a for a in answers)
    # Compounds keep their hyphen and lose the space: 001:2869 and 001:3109.
    names = {i.name for i in psm_document.context_indicators}
    assert "Laureati in discipline tecnico-scientifiche (STEM)" in names
    strategies = {strategy.code: strategy for strategy in psm_document.strategies}
    assert strategies["6.1"].title == (
        "Garantire maggiore equità nell’accesso alle cure e qualità dei servizi socio-sanitari "
        "su tutto il territorio metropolitano"
    )
    # On a made-up text: a compound the document never writes whole keeps its hyphen.
    text = "tra i servizi socio-\nsanitari e la difesa idrogeolo-\ngica; idrogeologico"
    assert rejoin_hyphenated_words(text) == (
        "tra i servizi socio-\nsanitari e la difesa idrogeologica\n; idrogeologico"
    )
    assert join_lines(["servizi socio-", "sanitari"]) == "servizi socio-sanitari"
    assert (
        join_lines(["Torino-Venaria e Torino-", "Nichelino"]) == "Torino-Venaria e Torino-Nichelino"
    )
    assert join_lines(["dal 2023 -", "ancora"]) == "dal 2023 - ancora"


def test_a_project_left_with_an_open_parenthesis_goes_on(
    psm_document: PsmMonitoringDocument,
) -> None:
    # 001:1114-1126: the APE project's "(Torino Nord, … Moncalieri e Chieri." goes on in
    # "Progettazione di interventi educativi … all'Accordo", which ends page 20.
    ape = project(psm_document, "Progetto Acquisti Pubblici Ecologici")
    assert ape.description.endswith(
        "Moncalieri e Chieri. Progettazione di interventi educativi in alcune delle 23 scuole "
        "aderenti all’Accordo"
    )
    assert not [
        p
        for p in psm_document.projects
        if p.name.startswith("Progettazione di interventi educativi")
    ]


def test_the_report_own_text_is_kept_paragraph_by_paragraph(
    psm_document: PsmMonitoringDocument,
) -> None:
    # 001:1-62: the title, four paragraphs, the three areas, "Di seguito …", the heading of
    # area 1 and its method in three paragraphs (DUP; Unità di progetto; the grey actions).
    front = psm_document.front_matter
    assert len(front) == 13
    assert front[0] == "Il monitoraggio del Piano Strategico Metropolitano"
    assert front[5:8] == [
        "1. il grado di attuazione delle strategie e delle azioni del Piano da parte Città metropolitana,",
        "2. il grado di attuazione delle strategie e delle azioni del Piano da parte del territorio,",
        "3. gli effetti sul contesto.",
    ]
    assert front[9] == (
        "Il grado di attuazione delle strategie e delle azioni del PSM da parte della Città "
        "metropolitana di Torino"
    )
    assert front[10].startswith("Gli indirizzi contenuti nel Piano strategico sono declinati")
    assert front[12].endswith(
        "che non rientrano direttamente tra le funzioni della Città metropolitana)."
    )
    # The survey: 8 paragraphs of introduction (001:1608-1640), 19 comments placed by
    # section and by the questions printed before them; the chart note is the chart's.
    prose = psm_document.survey.prose  # type: ignore[union-attr]
    assert [(p.section, p.after_questions) for p in prose].count((0, 0)) == 8
    assert len(prose) == 27
    assert prose[0].text.startswith("Al fine di valutare il grado di raggiungimento")
    assert "nel mese di aprile 2025 è stata realizzata un’indagine" in prose[0].text
    pinerolese = next(p for p in prose if p.line == 1660)
    assert (pinerolese.section, pinerolese.after_questions) == (1, 3)
    # 001:1664 "… dalla zona omogenea del" goes on past a chart at 001:1718 "Pinerolese.".
    assert pinerolese.text.endswith("provengono dalla zona omogenea del Pinerolese.")
    assert not [p for p in prose if "La somma delle percentuali" in p.text]
