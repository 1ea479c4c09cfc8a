"""The monitoring of the PSM 2024-2026 produced from the database, read back in every format.

Figures counted by hand in samples/001_c8fc3c27ab7903b2.txt: 6 axes, 25 strategies,
113 actions, 121 projects; the survey of April 2025 (LimeSurvey, 312 mayors
invited): 4 sections, 17 closed questions (the zone table is one figure of two,
Comuni base 89 and altri stakeholder base 107) and 8 open ones with 7+5+6+13+18+13+9+11
= 82 answers; 85 context indicators ("85 indicatori in totale").
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from openpyxl import load_workbook
from pytest_django import DjangoDbBlocker

from cruscotto.cli import main
from cruscotto.core.models import SourceDocument
from cruscotto.importers.psm_monitoring import parse_psm_monitoring
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.psm_monitoring import load_psm_monitoring
from cruscotto.monitoring.models import OpenAnswer, SurveyOption
from cruscotto.plans.models import Link, Plan, PlanItem
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import REPORT_KINDS, render_report
from cruscotto.reports.services.psm_monitoraggio import (
    PsmMonitoringReport,
    build_psm_monitoring_report,
)

SEED = Path(__file__).resolve().parent.parent / "samples" / "001_c8fc3c27ab7903b2.txt"
KIND = "psm-monitoraggio"
CONTEXT_HEADER = "Strategia Indicatore Descrizione Fonte Valore Anno"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def psm_seed(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadResult]:
    """The PSM monitoring seed imported for this module, removed afterwards."""
    with django_db_blocker.unblock():
        source = SourceFile.read(SEED)
        result = load_psm_monitoring(parse_psm_monitoring(source.text), source, actor="test")
    yield result
    with django_db_blocker.unblock():
        Plan.objects.filter(ente__code="cmto", kind=Plan.Kind.PSM).delete()
        SourceDocument.objects.filter(format="psm-monitoraggio").delete()


@pytest.fixture
def report(psm_seed: LoadResult) -> PsmMonitoringReport:
    return build_psm_monitoring_report("cmto", 2024)


def test_the_document_has_the_three_areas_of_the_published_monitoring(
    report: PsmMonitoringReport,
) -> None:
    assert report.title == "Il monitoraggio del Piano Strategico Metropolitano 2024-2026"
    assert (report.year, report.year_ordinal, report.period_label) == (2024, "primo", "2024-2026")
    # Area 1: the Ente's projects per axis, strategy and action.
    assert [axis.code for axis in report.axes] == ["1", "2", "3", "4", "5", "6"]
    assert report.strategy_count == 25
    assert sum(len(s.actions) for axis in report.axes for s in axis.strategies) == 113
    total = report.total
    assert (total.actions, total.with_projects, total.grey, total.not_attributable) == (
        113, 3, 0, 110,
    )  # fmt: skip
    # The seed prints its grey actions in grey (001:60-62); the text lost the colour, so with 110
    # actions not attributable the grey ones are not known: the report does not print 0.
    assert total.grey_label == "n.d. (0–110)"
    assert (total.share_min, total.share_max, total.projects) == (
        Decimal("0.0265"), Decimal("1.0000"), 121,
    )  # fmt: skip
    axis_2 = report.axes[1].summary
    assert (axis_2.actions, axis_2.with_projects, axis_2.not_attributable) == (22, 2, 20)
    strategies = {s.code: s for axis in report.axes for s in axis.strategies}
    assert [a.code for a in strategies["2.1"].actions if a.implementation == "con_progetti"] == [
        "2.1.3", "2.1.5",
    ]  # fmt: skip
    assert strategies["1.1"].description.startswith("Costruire le infrastrutture materiali")
    # Projects in the order the strategy prints them; a project printed twice under 3.1
    # (Progetto AMICI) is one row with both paragraphs.
    assert [p.name for p in strategies["1.1"].projects][:2] == [
        "Autorizzazioni e concessioni stradali per interventi di posa fibre ottiche a cura di operatori specializzati",
        "Implementazione del Catasto Strade con nuova rilevazione georiferita di barriere",
    ]
    # 001:98 prints the name alone: no description repeating it.
    assert strategies["1.1"].projects[0].texts == []
    assert strategies["1.1"].projects[1].texts[0].startswith("Implementazione del Catasto Strade")
    # 001:649 "… edilizia scolastica – PNRR M4C1I3.3": PNRR once, with its measure.
    (school_plan,) = [p for p in strategies["2.3"].projects if p.name.startswith("Piano di messa")]
    assert school_plan.funding == "PNRR M4C1I3.3"
    amici = {
        code: project
        for code, strategy in strategies.items()
        for project in strategy.projects
        if project.name == "Progetto AMICI"
    }
    assert sorted(amici) == ["1.2", "1.3", "1.5", "3.1", "3.3"]
    assert len(amici["3.1"].texts) == 2 and amici["3.1"].funding_programmes == ["Interreg Alcotra"]
    asfo = next(p for p in strategies["2.1"].projects if p.name == "Progetto ASFO")
    assert asfo.action_codes == ["2.1.3"]
    # Area 3: the context indicators per strategy, values as printed.
    assert report.context_indicator_count == 85
    by_name = {i.name: i for axis in report.axes for i in axis.indicators}
    legno = by_name["Sostenibilità della Filiera Legno"]
    assert (legno.strategy_code, legno.source, legno.value_as_printed, legno.year) == (
        "1.3", "FSC e PEFC", "112+93", 2024,
    )  # fmt: skip
    startup = by_name["Start-up innovative"]
    assert (startup.source, startup.value_as_printed, startup.value, startup.year) == (
        "CCIAA Torino", "502", Decimal("502"), 2024,
    )  # fmt: skip


def test_the_survey_is_every_question_with_its_figures(report: PsmMonitoringReport) -> None:
    survey = report.survey
    assert survey is not None
    assert (survey.year, survey.platform, survey.invited_mayors) == (2025, "LimeSurvey", 312)
    assert [s.title for s in survey.sections] == [
        "Dati di chi compila",
        "Il processo di pianificazione strategica",
        "L’attuazione del Piano Strategico metropolitano 2024-2026",
        "L’aggiornamento del Piano strategico metropolitano",
    ]
    # 17 closed questions, the two zone questions (one per target) in one figure.
    assert len(survey.charts) == 16
    assert sum(len(chart.series) for chart in survey.charts) == 17
    target = survey.charts[0]
    assert (target.title, target.labels, target.series[0].base) == (
        "Target", ["Comuni", "altri stakeholder"], 200,
    )  # fmt: skip
    assert target.series[0].values_as_printed == ["45%", "55%"]
    zones = next(chart for chart in survey.charts if chart.key == "d04-d05")
    assert zones.title == "Zona omogenea di riferimento"
    assert [(s.name, s.base) for s in zones.series] == [("Comuni", 89), ("Altri stakeholder", 107)]
    assert len(zones.labels) == 11
    assert zones.rows[0] == ("Zona 1 – Torino", ["-", "49%"])
    assert zones.rows[7] == ("Zona 8 – Canavese occidentale", ["11%", "-"])
    modes = next(c for c in survey.charts if c.title == "Con quale/i modalità ha partecipato?")
    assert modes.multiple_answers and modes.series[0].base == 58
    assert modes.series[0].values_as_printed == ["67%", "59%", "7%", "5%"]
    # Open questions: the answers, with the strategies and actions they cite.
    assert [len(q.answers) for q in survey.open_questions] == [7, 5, 6, 13, 18, 13, 9, 11]
    cited = [a for q in survey.open_questions for a in q.answers if a.strategy_codes]
    assert [(a.strategy_codes, a.action_codes) for a in cited] == [
        (["2.1"], []),
        (["4.1", "4.2"], ["4.1.1", "4.1.2", "4.1.3", "4.1.4"]),
        (["1.5"], []),
    ]


def test_only_a_monitored_year_has_a_document(psm_seed: LoadResult) -> None:
    for year in (2023, 2025, 2026):
        with pytest.raises(
            ReportUnavailable,
            match=f"nessun monitoraggio del PSM per il {year} \\(anni monitorati: 2024\\)",
        ):
            build_psm_monitoring_report("cmto", year)
    with pytest.raises(
        ReportUnavailable, match="nessun monitoraggio del PSM importato per l'ente «torino»"
    ):
        build_psm_monitoring_report("torino", 2024)
    # A report that does not state its year gives no document and says why.
    SourceDocument.objects.filter(format="psm-monitoraggio").update(reference_year=None)
    with pytest.raises(ReportUnavailable, match="non indica l'anno monitorato"):
        build_psm_monitoring_report("cmto", 2024)
    assert REPORT_KINDS[KIND].editions() == []


def test_the_document_is_read_with_a_fixed_number_of_queries(
    psm_seed: LoadResult, django_assert_num_queries: Any
) -> None:
    # document, plan, the monitoring report (items, links, placements, answers, linked items,
    # indicator counts, items, project links, mentions, indicators, measurements, survey,
    # questions, options, open answers, their citations)
    with django_assert_num_queries(18):
        build_psm_monitoring_report("cmto", 2024)


def test_html_is_a_standalone_document_with_charts_followed_by_their_tables(
    psm_seed: LoadResult,
) -> None:
    html = render_report(KIND, "cmto", 2024, "html").decode()
    assert "bootstrap" not in html.lower() and "<nav" not in html
    assert "thead { display: table-header-group; }" in html  # headers repeat in print
    # The cover names the document, not the file it was imported from.
    assert "001_c8fc3c27ab7903b2" not in html
    assert (
        "con i dati del documento «Il monitoraggio del Piano Strategico Metropolitano 2024-2026» "
        "della Città metropolitana di Torino" in html
    )
    areas = [html.index(f'id="area-{number}"') for number in (1, 2, 3)]
    assert areas == sorted(areas)
    # The report's own text, imported and printed where the seed prints it: its
    # introduction (001:36), the method of area 1 after its heading (001:44-62) ...
    assert (
        "<p>Di seguito si riportano gli esiti dell’attività di monitoraggio relativa al primo anno "
        "di operatività del Piano Strategico Metropolitano 2024-2026.</p>" in html
    )
    area_1, area_2 = html.index('id="area-1"'), html.index('id="area-2"')
    method = html.index("<p>Gli indirizzi contenuti nel Piano strategico sono declinati")
    assert area_1 < method < html.index("Attuazione per asse")
    assert (
        "grazie al supporto dell’Unità di progetto interdipartimentale “Pianificazione Strategica”"
        in html
    )
    assert (
        "Le azioni in grigio sono quelle per le quali non sono stati ancora avviati progetti"
        in html
    )
    # ... the survey's introduction (001:1608-1640: April 2025, MECOG-CE, the four parts) ...
    survey_intro = html.index("<p>Al fine di valutare il grado di raggiungimento degli obiettivi")
    assert area_2 < survey_intro < html.index("Sezione 1 – Dati di chi compila")
    assert (
        "“MECOG-CE - Strengthening Metropolitan Cooperation and Governance in Central Europe”"
        in html
    )
    assert "<p>4. Raccolta di suggerimenti e segnalazioni sui bisogni emergenti" in html
    # ... and its comments on the results, each before the chart it precedes in the seed.
    sample = html.index('<p class="comment">Il campione è composto per il 45% da Comuni')
    assert html.index("Sezione 1 – Dati di chi compila") < sample < html.index('id="domanda-d01')
    assert html.count('<p class="comment">') == 19
    pinerolese = html.index("dalla zona omogenea del Pinerolese.</p>")  # 001:1664 goes on at 1718
    assert html.index('id="domanda-d03"') < pinerolese < html.index('id="domanda-d04')
    third = html.index('<p class="comment">La terza sezione del questionario si è concentrata')
    assert html.index("Sezione 3 – ") < third < html.index('id="domanda-d16"')
    assert html.count('<article class="strategy"') == 25
    assert '<tr><th scope="row">Totale</th><td class="num">113</td><td class="num">3</td>' in html
    assert "2,7% – 100,0%" in html  # 3/113 and 113/113
    assert "in grigio 0 ·" not in html
    assert (
        "in grigio n.d. (0–3) · non attribuibili 3 · "
        "quota con progetti almeno 0,0%, al più 100,0%" in html
    )
    # 16 figures: each an inline SVG drawn from the data, then its table.
    figures = re.findall(r'<figure class="survey".*?</figure>', html, re.S)
    assert len(figures) == 16
    for figure in figures:
        assert figure.index("<svg") < figure.index("<table>")
    target = figures[0]
    # 45% and 55% of a 300-unit scale.
    assert re.findall(r'<rect class="bar" x="230" y="[\d.]+" width="([\d.]+)"', target) == [
        "135.0",
        "165.0",
    ]
    assert '<th scope="row">altri stakeholder</th><td class="num">55%</td>' in target
    zones = next(f for f in figures if 'id="domanda-d04-d05"' in f)
    assert '<th scope="col" class="num">Comuni (base: 89 casi)</th>' in zones
    assert (
        '<th scope="row">Zona 1 – Torino</th><td class="num">-</td><td class="num">49%</td>'
        in zones
    )
    assert html.count('<div class="open-question"') == 8
    assert html.count("<li>", html.index('id="area-2"'), html.index('id="area-3"')) >= 82
    # The answer is quoted as printed (001:2142); what it cites is Cruscotto's note, outside it.
    assert (
        "<li><q>Contributo alla Strategia 4.1 (nello specifico 4.1.1, 4.1.2, 4.1.3, 4.1.4) e alla "
        'Strategia 4.2</q> <span class="cited">[Cruscotto: cita strategie 4.1, 4.2; '
        "azioni 4.1.1, 4.1.2, 4.1.3, 4.1.4]</span></li>" in html
    )
    assert html.count('<table class="context">') == 6
    assert '<td class="num">112+93</td><td class="num">2024</td>' in html
    assert (
        '<td class="num">Dati relativi ai singoli corpi idrici</td><td class="num">2023</td>'
        in html
    )


# How the headings, captions and header rows of the document start, as pdftotext prints them.
ORPHAN_STARTS = (
    "Progetti e iniziative dell'Ente per la strategia",
    "Progetto Descrizione Azioni Finanziamento",
    "Azioni della strategia",
    "Azione Testo Attuazione",
    "Strategia ",
    "Asse ",
    "Sezione ",
)


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def png_pixel_rows(png: bytes) -> list[list[tuple[int, ...]]]:
    """The pixels of an 8-bit greyscale or RGB PNG, as `pdftoppm -png` writes it, by row."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, bit_depth, colour_type = struct.unpack(">IIBB", png[16:26])
    assert bit_depth == 8 and colour_type in (0, 2)
    channels = 1 if colour_type == 0 else 3
    data, offset = b"", 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        if png[offset + 4 : offset + 8] == b"IDAT":
            data += png[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw, stride = zlib.decompress(data), width * channels
    previous, rows = bytearray(stride), []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):  # undo the row filter: none, sub, up, average, Paeth
            left = line[x - channels] if x >= channels else 0
            up, up_left = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                nearest = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + nearest) & 0xFF
        rows.append([tuple(line[x : x + channels]) for x in range(0, stride, channels)])
        previous = line
    return rows


def png_dark_pixel_share(png: bytes) -> float:
    """Share of dark pixels in an 8-bit greyscale or RGB PNG."""
    rows = png_pixel_rows(png)
    dark = sum(1 for row in rows for pixel in row if sum(pixel) < 128 * len(pixel))
    return dark / (len(rows) * len(rows[0]))


def bar_lengths(png: bytes, colour: tuple[int, int, int]) -> list[int]:
    """The lengths in pixels of the horizontal bars of `colour` on a rendered RGB page, top to
    bottom: one per run of rows that hold a stretch of that colour."""
    bars: list[int] = []
    in_bar = False
    for row in png_pixel_rows(png):
        length = sum(
            1 for pixel in row if all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))
        )
        if length > 3 and not in_bar:
            bars.append(length)
        elif length > 3:
            bars[-1] = max(bars[-1], length)
        in_bar = length > 3
    return bars


def test_pdf_pages_are_rendered_and_tables_repeat_their_header(
    psm_seed: LoadResult, tmp_path: Path
) -> None:
    pdf = tmp_path / "psm-monitoraggio-cmto-2024.pdf"
    pdf.write_bytes(render_report(KIND, "cmto", 2024, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 40 <= pages <= 70
    texts = [pdf_page_text(pdf, number) for number in range(1, pages + 1)]
    assert "CITTÀ METROPOLITANA DI TORINO" in texts[0]
    assert "Il monitoraggio del Piano Strategico Metropolitano 2024-2026" in texts[0]
    # Page 3 holds the summary table of area 1, its total row as computed.
    assert "Attuazione per asse" in texts[2]
    assert re.search(
        r"Totale\s+113\s+3\s+n\.d\. \(0–110\)\s+110\s+2,7% – 100,0%\s+121\s+3\s+85",
        texts[2],
    )
    # Area 3: its first table on one page, its header printed again on the next.
    area_3 = next(n for n, text in enumerate(texts) if "3. Gli effetti sul contesto" in text)
    assert "Asse 1 | Torino Metropoli più produttiva e innovativa" in texts[area_3]
    assert CONTEXT_HEADER in " ".join(texts[area_3].split())
    following = " ".join(texts[area_3 + 1].split())
    assert following.startswith(CONTEXT_HEADER)
    assert area_3 + 1 < pages - 1  # the context tables run over several pages
    # No page ends with a heading, a caption or a header row without what follows (pages 16,
    # 21, 25 and 26 ended with "Progetti e iniziative … strategia 2.4 (5)" and the header row).
    for number, text in enumerate(texts, 1):
        last_line = " ".join([line for line in text.splitlines() if line.strip()][-1].split())
        assert not last_line.startswith(ORPHAN_STARTS), (number, last_line)
    # The survey's first page, with its charts, rendered to an image.
    survey_page = next(
        n for n, text in enumerate(texts) if "Sezione 1 – Dati di chi compila" in text
    )
    subprocess.run(
        ["pdftoppm", "-f", str(survey_page + 1), "-l", str(survey_page + 1), "-r", "50", "-gray",
         "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    (png,) = tmp_path.glob("page*.png")
    assert 0.005 < png_dark_pixel_share(png.read_bytes()) < 0.5  # text and bars, not blank
    # The same page in colour: the chart of the first question is drawn, its two bars as
    # long as their figures say (Comuni 45%, altri stakeholder 55%, 001:1709-1715).
    subprocess.run(
        ["pdftoppm", "-f", str(survey_page + 1), "-l", str(survey_page + 1), "-r", "72", "-png",
         str(pdf), str(tmp_path / "colour")],
        check=True,
    )  # fmt: skip
    (colour,) = tmp_path.glob("colour*.png")
    comuni, others = bar_lengths(colour.read_bytes(), (0x00, 0x59, 0xB3))[:2]
    assert comuni > 50 and abs(comuni / others - 45 / 55) < 0.03, (comuni, others)


def test_xlsx_read_back_matches_the_database(psm_seed: LoadResult) -> None:
    workbook = load_workbook(io.BytesIO(render_report(KIND, "cmto", 2024, "xlsx")))
    assert workbook.sheetnames == [
        "Documento", "Attuazione", "Azioni", "Progetti", "Indagine - domande chiuse",
        "Indagine - risposte aperte", "Indicatori di contesto",
    ]  # fmt: skip
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    document = {
        row[0]: row[1] for row in workbook["Documento"].iter_rows(min_row=2, values_only=True)
    }
    assert document["Anno monitorato"] == 2024 and document["Sindaci invitati"] == 312

    def rows(title: str) -> list[tuple[Any, ...]]:
        return list(workbook[title].iter_rows(min_row=2, values_only=True))

    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.PSM)
    actions = {
        (a.parent.code, a.code): a.title
        for a in PlanItem.objects.filter(plan=plan, level="azione").select_related("parent")
    }
    action_rows = rows("Azioni")
    assert len(action_rows) == len(actions) == 113
    assert {(row[1], row[2]): row[3] for row in action_rows} == actions
    assert sorted(row[2] for row in action_rows if row[4] == "con progetti") == [
        "1.2.1",
        "2.1.3",
        "2.1.5",
    ]
    summary = rows("Attuazione")
    assert len(summary) == 6 + 25 + 1
    assert summary[-1][:10] == (
        "totale", None, None, "Totale", 113, 3, "n.d. (0–110)", 110, 0.0265, 1,
    )  # fmt: skip
    project_rows = rows("Progetti")
    stated = Link.objects.filter(
        from_item__plan=plan, from_item__level="progetto", to_item__level="strategia"
    )
    assert len(project_rows) == stated.count()
    assert len({row[2] for row in project_rows}) == 121  # every project under one strategy or more
    options = {
        (o.question.key, o.position): o
        for o in SurveyOption.objects.filter(question__survey__plan=plan).select_related("question")
    }
    closed = rows("Indagine - domande chiuse")
    assert len(closed) == len(options) == 76
    for row in closed:
        option = options[(row[1], row[6])]
        assert (row[4], row[7] or "", row[8]) == (
            option.question.base,
            option.label,
            option.as_printed,
        )
        assert row[9] == (float(option.percent) if option.percent is not None else None)
    answers = {
        (a.question.key, a.position): a.text
        for a in OpenAnswer.objects.filter(question__survey__plan=plan).select_related("question")
    }
    assert {(row[1], row[4]): row[5] for row in rows("Indagine - risposte aperte")} == answers
    assert len(answers) == 82
    measurements = {
        (m.indicator.item.code, m.indicator.name): (
            m.indicator.source or None,
            m.as_printed,
            m.year,
        )
        for m in Measurement.objects.filter(
            indicator__plan=plan, indicator__kind=Indicator.Kind.CONTEXT
        ).select_related("indicator__item")
    }
    context = rows("Indicatori di contesto")
    assert len(context) == len(measurements) == 85
    assert {(row[1], row[2]): (row[4], row[5], row[8]) for row in context} == measurements


def test_the_web_offers_the_document(
    psm_seed: LoadResult, client: Client, fetch_document: Callable[[str], Any]
) -> None:
    listing = client.get("/documenti/").content.decode()
    assert "Monitoraggio del Piano Strategico Metropolitano" in listing
    assert 'href="/documenti/psm-monitoraggio/cmto/2024.xlsx"' in listing
    response = fetch_document("/documenti/psm-monitoraggio/cmto/2024.xlsx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="psm-monitoraggio-cmto-2024.xlsx"'
    )
    assert load_workbook(io.BytesIO(response.getvalue()))["Azioni"].max_row == 114
    html = fetch_document("/documenti/psm-monitoraggio/cmto/2024.html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.getvalue().decode().count('<article class="strategy"') == 25
    assert fetch_document("/documenti/psm-monitoraggio/cmto/2025.html").status_code == 404
    assert fetch_document("/documenti/psm-monitoraggio/torino/2024.html").status_code == 404


def test_the_command_writes_the_document(psm_seed: LoadResult, tmp_path: Path) -> None:
    out = tmp_path / "monitoraggio.xlsx"
    result = CliRunner().invoke(
        main, ["report", KIND, "--year", "2024", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Indicatori di contesto"].max_row == 86
    missing = CliRunner().invoke(
        main, ["report", KIND, "--year", "2025", "--out", str(tmp_path / "x.html")]
    )
    assert missing.exit_code == 1
    assert "nessun monitoraggio del PSM per il 2025 (anni monitorati: 2024)" in missing.output
    assert not (tmp_path / "x.html").exists()
