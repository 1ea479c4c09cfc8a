"""The relazione sul controllo strategico produced from the database, read back in every format."""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from html import escape
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from cruscotto.core.models import OrgUnit, SourceDocument
from cruscotto.domain.text import fold_text
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import (
    ItemTag,
    Link,
    LinkTag,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    Term,
)
from cruscotto.plans.services.browse import ItemFilters, filter_items
from cruscotto.plans.services.dashboard import build_dashboard
from cruscotto.reports.render.pdf import prepare_for_print
from cruscotto.reports.services.controllo_strategico import (
    ReportActivity,
    ReportUnavailable,
    build_strategic_control_report,
)
from cruscotto.reports.services.exports import REPORT_KINDS, export_strategic_control
from cruscotto.reports.services.summary import build_summary
from empty_database import empty_the_database

pytestmark = pytest.mark.django_db
SEED_PATH = Path(__file__).resolve().parent.parent / "samples" / "000_014bd498e15be787.txt"


def snapshot() -> dict[str, Any]:
    """What the database holds, keyed by natural keys (no ids, no source lines)."""
    unit = {u.pk: fold_text(u.name) for u in OrgUnit.objects.all()}
    keys = dict(PlanItem.objects.values_list("pk", "key"))
    return {
        "front_matter": [
            tuple(d.front_matter) for d in SourceDocument.objects.filter(format="rendiconto")
        ],
        "items": sorted(
            (i.plan.kind, i.key, i.level, i.code, i.title, keys.get(i.parent_id), tuple(i.indicator_codes))
            for i in PlanItem.objects.select_related("plan")
        ),
        "responsibilities": sorted(
            (keys[r.item_id], unit[r.org_unit_id], r.org_unit_as_printed, r.role, r.status.code if r.status else None, r.status_as_printed)
            for r in Responsibility.objects.select_related("status")
        ),
        "log": sorted(
            (keys[e.responsibility.item_id], unit[e.responsibility.org_unit_id], e.position, e.year_from, e.year_to, e.text)
            for e in LogEntry.objects.select_related("responsibility")
        ),
        "links": sorted(
            (keys[link.from_item_id], keys[link.to_item_id], link.kind, link.local_code)
            for link in Link.objects.all()
        ),
        "tags": sorted(
            (keys[t.item_id], t.term.taxonomy.code, t.term.code, t.position)
            for t in ItemTag.objects.select_related("term__taxonomy")
        ),
        "link_tags": sorted(
            (keys[t.link.from_item_id], keys[t.link.to_item_id], t.link.kind, t.term.taxonomy.code, t.term.code)
            for t in LinkTag.objects.select_related("link", "term__taxonomy")
        ),
        "indicators": sorted(
            (i.key, keys.get(i.item_id), i.kind, i.code, i.name, i.formula, i.table_title, tuple(i.group_path), tuple(i.group_labels), i.notes)
            for i in Indicator.objects.all()
        ),
        "measurements": sorted(
            (m.indicator.key, m.year, m.series, m.as_printed, m.value, m.value_type, tuple(m.qualifiers))
            for m in Measurement.objects.select_related("indicator")
        ),
    }  # fmt: skip


def test_the_report_follows_the_document_and_its_year(seeded_db: LoadResult) -> None:
    report = build_strategic_control_report("torino", 2025)
    assert report.todo_label == "Attività da conseguire nel periodo gennaio 2026 – fine mandato"
    assert len(report.programmi) == 52
    organi = report.programmi[0]
    assert (organi.missione_code, organi.code, organi.title) == ("1", "1", "ORGANI ISTITUZIONALI")
    assert organi.mandate_lines[1].number == "2"
    assert organi.mandate_lines[1].group == "La Città Metropolitana"
    h = next(a for a in organi.activities if a.letter == "h")
    assert [(r.departments, r.status) for r in h.rows] == [
        (["Servizi Interni Sistemi Informativi"], ""),
        (["Servizi Sociali, Sociosanitari e Abitativi"], "Concluso"),
    ]
    assert not h.concluded  # concluded for one department only: it stays in the to-do column
    # The Impatto cell in its printed order (000:119), not the taxonomy's.
    assert organi.activities[0].impacts == "Sociale Ambientale Economico"
    # Every activity: 52 of the 131 with more than one impact print another order than
    # the taxonomy's (economico, sociale, ambientale, interno).
    impact_names = dict(Term.objects.filter(taxonomy__code="impatto").values_list("code", "name"))
    programmi = {(p.missione_code, p.code): p for p in report.programmi}
    parsed = parse_rendiconto(SEED_PATH.read_text(encoding="utf-8"))
    for programma in parsed.programmi:
        printed = programmi[str(programma.missione_code), str(programma.programma_code)]
        assert [a.impacts for a in printed.activities] == [
            " ".join(impact_names[str(impact)] for impact in activity.impacts)
            for activity in programma.activities
        ], programma.line
    with pytest.raises(ReportUnavailable, match="fuori dal mandato"):
        build_strategic_control_report("torino", 2031)
    with pytest.raises(ReportUnavailable, match="nessun DUP"):
        build_strategic_control_report("cmto", 2025)


def test_the_cover_and_premessa_are_the_documents(seeded_db: LoadResult) -> None:
    """000:1-101, printed again from the imported text, not from the template."""
    report = build_strategic_control_report("torino", 2025)
    assert len(report.front_matter) == 37  # paragraphs (runs of non-blank lines) of 000:1-102
    assert report.front_matter[4] == "ALLEGATO N. 7 ALLA PROPOSTA DI DELIBERAZIONE N. 7071/2026"
    html = export_strategic_control("torino", 2025, "html").decode()
    cover = html[html.index('<div class="cover">') : html.index('<div class="preface">')]
    assert (
        "<p><strong>ALLEGATO N. 7 ALLA PROPOSTA DI DELIBERAZIONE N. 7071/2026</strong></p>" in cover
    )
    assert (
        "<h1>RELAZIONE SULL&#x27;ATTUAZIONE DEL PROGRAMMA ANNUALE DELL&#x27;AMMINISTRAZIONE<br>"
        in cover
    )
    premessa = html[html.index('<div class="preface">') : html.index('<section class="programma">')]
    for words in [
        "(ai sensi art. 147 ter TUEL e artt. 34-43 del Regolamento",  # 000:30
        "approvato dal Consiglio Comunale con deliberazione n. 1162/2021.",  # 000:36
        "Tale programma è stato organizzato su tre livelli",  # 000:38
        "La colonna Impatto specifica",  # 000:46
        "Gli indicatori di valore pubblico danno la misura",  # 000:48
        "Gli indicatori di risultato forniscono",  # 000:50
        "Decreto Legislativo 118/2011 come modificato",  # 000:52
        "Statuto della Città di Torino all&#x27;art. 38 c. 7.",  # 000:71
        "<li>alle Missioni del Piano Nazionale di Ripresa e Resilienza (PNRR)</li>",  # 000:76
        "<p>Missione 6: Salute</p>",  # 000:101
    ]:
        assert words in premessa, words
    assert premessa.count("<p>Missione ") == 6


def test_only_an_imported_esercizio_has_a_report(seeded_db: LoadResult) -> None:
    """A report prints what the rendiconto of its esercizio states: for 2024 or 2026, which
    no imported rendiconto reports on, there is nothing to print, so none is offered."""
    for year in (2021, 2024, 2026):
        with pytest.raises(
            ReportUnavailable,
            match=f"nessun rendiconto dell'esercizio {year} .* \\(esercizi importati: 2025\\)",
        ):
            build_strategic_control_report("torino", year)
    assert [(e.ente_code, e.year) for e in REPORT_KINDS["controllo-strategico"].editions()] == [
        ("torino", 2025)
    ]
    # The labels follow the esercizio of the rendiconto imported.
    SourceDocument.objects.filter(format="rendiconto").update(reference_year=2024)
    report = build_strategic_control_report("torino", 2024)
    assert report.todo_label == "Attività da conseguire nel periodo gennaio 2025 – fine mandato"
    assert len(report.front_matter) == 37
    with pytest.raises(ReportUnavailable, match="esercizi importati: 2024"):
        build_strategic_control_report("torino", 2025)


def test_each_programma_prints_the_sdgs_and_missions_of_its_own_row(
    seeded_db: LoadResult,
) -> None:
    """A mandate line listed by several programmi keeps, in each, the cells of that row."""
    report = build_strategic_control_report("torino", 2025)
    programmi = {(p.missione_code, p.code): p for p in report.programmi}

    def row(missione: str, programma: str, number: str) -> tuple[list[str], list[str]]:
        line = next(
            line for line in programmi[missione, programma].mandate_lines if line.number == number
        )
        return line.sdgs, line.pnrr

    # The line "Avviare un processo di riorganizzazione…" in four programmi of Missione 1.
    assert row("1", "2", "1") == ([], ["MISSIONE 1"])  # 000:185
    assert row("1", "7", "1") == (["10 – RIDURRE LE DISUGUAGLIANZE"], ["MISSIONE 1"])  # 000:458
    assert row("1", "8", "1") == ([], ["MISSIONE 1"])  # 000:518
    assert row("1", "11", "1") == (["5 – PARITÀ DI GENERE"], ["MISSIONE 5"])  # 000:636
    assert row("1", "4", "1") == row("1", "6", "1") == ([], [])  # 000:282, 000:396
    assert row("2", "1", "1") == ([], ["MISSIONE 1"])  # 000:680
    # "Garantire uno spazio pubblico…": empty in Missione 3, SDG 9 and M2 in Missione 10.
    assert row("3", "1", "1") == row("3", "2", "1") == ([], [])  # 000:701, 000:771
    assert row("10", "5", "1") == (["9 – IMPRESE, INNOVAZIONE E INFRASTRUTTURE"], ["MISSIONE 2"])
    assert row("9", "3", "1") == (["13 – LOTTA CONTRO IL CAMBIAMENTO CLIMATICO"], ["MISSIONE 2"])
    assert row("12", "2", "1") == (["10 – RIDURRE LE DISUGUAGLIANZE"], ["MISSIONE 5"])  # 2124
    assert row("12", "2", "2") == (["10 – RIDURRE LE DISUGUAGLIANZE"], ["MISSIONE 5"])  # 2125
    assert row("12", "3", "1") == (["3 – SALUTE E BENESSERE"], ["MISSIONE 5"])  # 000:2177
    assert row("12", "3", "2") == ([], ["MISSIONE 6"])  # 000:2178
    assert row("12", "4", "2") == ([], [])  # 000:2224
    assert row("12", "6", "1") == (["11 – CITTÀ E COMUNITÀ SOSTENIBILI"], ["MISSIONE 5"])  # 2344
    assert row("12", "6", "2") == ([], [])  # 000:2345
    # Every row of every table, against the parser's reading of the seed.
    parsed = parse_rendiconto(
        (
            Path(__file__).resolve().parent.parent / "samples" / "000_014bd498e15be787.txt"
        ).read_text()
    )
    for programma in parsed.programmi:
        printed = programmi[str(programma.missione_code), str(programma.programma_code)]
        assert [(line.number, line.sdg_codes, line.pnrr) for line in printed.mandate_lines] == [
            (row.local_number, row.sdgs, [f"MISSIONE {m}" for m in row.pnrr_missions])
            for row in sorted(programma.mandate_lines, key=lambda row: int(row.local_number))
        ], programma.line
    # Each SDG spelled as the seed spells it, in HTML, XLSX and text alike: "LA VITA SULLA
    # TERRA" (000:1520), "LA VITA SOTT'ACQUA", "PACE GIUSTIZIA E ISTITUZIONI SOLIDE"
    # (000:2856), not the reference taxonomy's "Vita sulla terra", "Pace, giustizia e …".
    seed_text = (
        Path(__file__).resolve().parent.parent / "samples" / "000_014bd498e15be787.txt"
    ).read_text()
    printed_sdgs = {sdg for p in report.programmi for line in p.mandate_lines for sdg in line.sdgs}
    assert len(printed_sdgs) == 16  # all but SDG 1
    assert {sdg for sdg in printed_sdgs if sdg not in seed_text} == set()
    exported = export_strategic_control("torino", 2025, "txt").decode()
    assert "14 – LA VITA SOTT'ACQUA 15 – LA VITA SULLA TERRA" in exported
    assert "11 – CITTÀ E COMUNITÀ SOSTENIBILI" in exported
    # The line itself is found by every SDG any programma prints beside it; a programma
    # only by those of its own row.
    dup = Plan.objects.get(kind=Plan.Kind.DUP)
    found = {item.key for item in filter_items(dup, ItemFilters(tag="sdg:5", level="programma"))}
    assert "M01.P11" in found and "M01.P02" not in found
    found_9 = {item.key for item in filter_items(dup, ItemFilters(tag="sdg:9", level="programma"))}
    assert "M10.P05" in found_9 and not {"M03.P01", "M03.P02"} & found_9
    # Activities through the row of their own programma that lists the line they refer to.
    activities_9 = {item.key for item in filter_items(dup, ItemFilters(tag="sdg:9"))}
    assert "M10.P05.a" in activities_9
    assert not any(key.startswith(("M03.P01.", "M03.P02.")) for key in activities_9)
    # The dashboard counts an activity under the SDGs its programma's row prints.
    expected: dict[int, int] = {}
    for programma in parsed.programmi:
        sdgs_of = {row.local_number: row.sdgs for row in programma.mandate_lines}
        for activity in programma.activities:
            for sdg in {s for ref in activity.mandate_line_refs for s in sdgs_of.get(ref, [])}:
                expected[sdg] = expected.get(sdg, 0) + 1
    (distribution,) = [
        d for d in build_dashboard(dup).distributions if d.title.startswith("Obiettivi")
    ]
    assert {int(label.split(" ")[0]): n for label, n in distribution.rows} == expected


def test_departments_of_one_cell_share_one_row_and_its_actions(seeded_db: LoadResult) -> None:
    """000:204, 000:412, 000:1747: one row, the cell's departments, the actions once."""
    report = build_strategic_control_report("torino", 2025)
    programmi = {(p.missione_code, p.code): p for p in report.programmi}

    def activity(missione: str, programma: str, letter: str) -> ReportActivity:
        return next(a for a in programmi[missione, programma].activities if a.letter == letter)

    h = activity("1", "2", "h")  # 000:204
    assert [(row.status, row.departments, len(row.log)) for row in h.rows] == [
        ("In corso", ["Segreteria Generale", "Urbanistica ed Edilizia Privata"], 4)
    ]
    assert h.rows[0].log[0].text.startswith('Revisione dei processi contenuti nel "Catalogo')
    g = activity("1", "6", "g")  # 000:412
    # Each department as the cell prints it (its unit keeps another, earlier spelling).
    assert [row.departments for row in g.rows] == [
        ["Manutenzioni e Servizi Tecnici", "Ambiente, Grandi Opere, Infrastrutture e Mobilità"]
    ]
    assert OrgUnit.objects.filter(name="Ambiente Grandi Opere Infrastrutture e Mobilità").exists()
    skatepark = activity("9", "5", "h")  # 000:1747, two names glued in one cell
    assert [row.departments for row in skatepark.rows] == [
        [
            "Ambiente, Grandi Opere, Infrastrutture e Mobilità",
            "Cultura, Sport Grandi Eventi e Promozione Turistica",
        ]
    ]
    html = export_strategic_control("torino", 2025, "html").decode()
    assert html.count("Revisione dei processi contenuti nel &quot;Catalogo dei rischi&quot;") == 1
    # A status that differs per department keeps its own row (000:139-140, M01P01 h).
    assert len(activity("1", "1", "h").rows) == 2


def test_a_concluded_activity_moves_to_the_done_column(seeded_db: LoadResult) -> None:
    """The premessa's rule, in the HTML: the text is printed among the actions done."""
    report = build_strategic_control_report("torino", 2025)
    segreteria = next(p for p in report.programmi if (p.missione_code, p.code) == ("1", "2"))
    f = next(a for a in segreteria.activities if a.letter == "f")
    assert f.concluded
    html = export_strategic_control("torino", 2025, "html").decode()
    row = re.search(r"<td rowspan=\"1\">1</td><td rowspan=\"1\">f</td>.*?</tr>", html, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[3] == ""  # the to-do column is empty
    assert cells[6].startswith("<p>" + escape(f.text[:40]))
    # A status printed otherwise is printed as it reads and still moves the activity.
    educativi = next(p for p in report.programmi if (p.missione_code, p.code) == ("6", "2"))
    n = next(a for a in educativi.activities if a.letter == "n")
    assert n.concluded and [row.status for row in n.rows] == ["Attività conclusa"]  # 000:1313


def test_html_has_every_programma_with_its_tables(seeded_db: LoadResult) -> None:
    html = export_strategic_control("torino", 2025, "html").decode()
    assert html.count('<section class="programma">') == 52
    # Every programma has activities (each block of the seed has a "Rif linee CC" header).
    todo_header = (
        '<th scope="col">Attività da conseguire nel periodo gennaio 2026 – fine mandato</th>'
    )
    assert html.count(todo_header) == 52
    assert "thead { display: table-header-group; }" in html  # headers repeat on every printed page
    assert '<td>f.1</td><th scope="row">Importo risorse coordinate' in html
    assert '<td class="num">524.018.883,50 €</td>' in html
    # 000:620: small print read as a note, not shown as markup.
    assert "&lt;" not in html
    assert html.count("8239/ 8270 (compresi cessati in corso d&#x27;anno)") == 1


def test_each_table_prints_the_indicator_codes_it_prints(seeded_db: LoadResult) -> None:
    """The activity table prints "d.1" (000:1332) and "q.1" (000:1618), the indicator
    tables "d.,1" (000:1348) and "q1" (000:1634): each is printed as its table prints it."""
    report = build_strategic_control_report("torino", 2025)
    programmi = {(p.missione_code, p.code): p for p in report.programmi}
    for (missione, programma, letter), (in_activity, in_table) in {
        ("7", "1", "d"): ("d.1", "d.,1"),
        ("9", "2", "q"): ("q.1", "q1"),
    }.items():
        printed = programmi[missione, programma]
        (activity,) = [a for a in printed.activities if a.letter == letter]
        assert activity.indicator_codes == in_activity
        (public_value,) = [t for t in printed.tables if t.kind == "valore_pubblico"]
        assert in_table in [row.code for row in public_value.rows]
        assert in_activity not in [row.code for row in public_value.rows]


def test_group_columns_keep_their_printed_headers(seeded_db: LoadResult) -> None:
    """000:1486 heads its group column "Prodotto", 000:738 "Area" and "Prodotto"."""
    report = build_strategic_control_report("torino", 2025)
    programmi = {(p.missione_code, p.code): p for p in report.programmi}
    (minori,) = [t for t in programmi["8", "2"].tables if t.title.endswith("Minori e famiglie")]
    assert minori.group_headers == ["Prodotto"]
    assert [t.group_headers for t in programmi["3", "1"].tables if t.group_depth] == [
        ["Area", "Prodotto"]
    ]
    html = export_strategic_control("torino", 2025, "html").decode()
    heading = html.index("Minori e famiglie</h3>")
    assert (
        html[heading : html.index("</thead>", heading)].count('<th scope="col">Prodotto</th>') == 1
    )
    assert '<th scope="col">Area</th>' not in html[heading : html.index("</thead>", heading)]


def test_xlsx_read_back_holds_every_row(seeded_db: LoadResult) -> None:
    workbook = load_workbook(io.BytesIO(export_strategic_control("torino", 2025, "xlsx")))
    assert workbook.sheetnames == ["Premessa", "Linee programmatiche", "Attività", "Indicatori"]
    assert (
        workbook["Attività"]["F1"].value
        == "Attività da conseguire nel periodo gennaio 2026 – fine mandato"
    )
    assert workbook["Linee programmatiche"].max_row - 1 == 93
    report = build_strategic_control_report("torino", 2025)
    printed_rows = sum(len(a.rows) or 1 for p in report.programmi for a in p.activities)
    assert workbook["Attività"].max_row - 1 == printed_rows
    assert workbook["Indicatori"].max_row - 1 == Measurement.objects.count() == 3105
    indicators = workbook["Indicatori"]
    assert [cell.value for cell in indicators[1]][8:] == [
        "Valore come stampato", "Valore", "Tipo di valore",
    ]  # fmt: skip
    rows = {
        (row[3], row[7]): row[8:11]
        for row in indicators.iter_rows(min_row=2, values_only=True)
        if row[1] == "1 ORGANI ISTITUZIONALI"
    }
    # The value as printed and, beside it, as read: a number, or nothing when not given.
    assert rows[("f.1", 2022)] == ("524.018.883,50 €", 524018883.5, "euro")
    assert rows[("a.3", 2022)] == ("-", None, "non rilevato")
    values = [row[8:10] for row in indicators.iter_rows(min_row=2, values_only=True)]
    numbers = [value for _, value in values if value is not None]
    assert all(isinstance(value, int | float) for value in numbers)
    assert len(numbers) == Measurement.objects.exclude(value=None).count()
    assert ("1.352", 1352) in values  # Italian thousands, read as a number

    # Every row is one measurement of the database, and every measurement has its row.
    def number(value: Any) -> Any:
        return None if value is None else round(float(value), 6)

    read_back = Counter(
        (row[3] or "", row[6] or "", int(row[7]), row[8], number(row[9]))
        for row in indicators.iter_rows(min_row=2, values_only=True)
    )
    stored = Counter(
        (m.indicator.code, m.series, m.year, m.as_printed, number(m.value))
        for m in Measurement.objects.select_related("indicator")
    )
    assert read_back == stored
    lines = workbook["Linee programmatiche"]
    assert lines["D1"].value == "n°"
    assert all(
        isinstance(row[0], int)
        for row in lines.iter_rows(min_row=2, min_col=4, max_col=4, values_only=True)
    )


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def dark_pixel_share(pgm: bytes) -> float:
    """Share of dark pixels in a binary PGM (P5) image."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert header is not None
    pixels = pgm[header.end() :]
    return sum(1 for value in pixels if value < 128) / len(pixels)


def pgm_rows(pgm: bytes) -> list[bytes]:
    """The pixel rows of a binary greyscale PGM (P5), as `pdftoppm -gray` writes it."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
    assert header is not None
    width, height, pixels = int(header[1]), int(header[2]), pgm[header.end() :]
    return [pixels[y * width : (y + 1) * width] for y in range(height)]


def table_on_page(pgm: bytes) -> tuple[list[int], float]:
    """Where a full-width table is drawn on a rendered page: the rows of pixels of its
    horizontal rules (dark across 80% of the width), and how much of the space between its
    first two rules has the header cells' light grey background (0 for a white row)."""
    rows = pgm_rows(pgm)
    rules = [y for y, row in enumerate(rows) if sum(v < 200 for v in row) > 0.8 * len(row)]
    first_row = rows[rules[0] + 1 : rules[1]] if len(rules) > 1 else []
    shaded = sum(sum(215 <= v <= 245 for v in row) for row in first_row)
    return rules, shaded / max(1, sum(len(row) for row in first_row))


def test_pdf_pages_are_rendered_and_tables_repeat_their_header(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    pdf = tmp_path / "controllo-strategico-2025.pdf"
    pdf.write_bytes(export_strategic_control("torino", 2025, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    # 293 on Debian's Chromium and DejaVu Sans, printed at its own size (8 pt). Before, one
    # long value in a numeric cell that would not wrap (000:1781, 6,599 px wide) made
    # Chromium shrink every page to fit it: 155 pages of 6 pt text.
    assert 285 <= pages <= 300
    # the cover, the premessa on pages 2-3, then the first programma
    first = 4
    assert "Missione 1: SERVIZI ISTITUZIONALI" in pdf_page_text(pdf, first)
    assert "Premessa" in pdf_page_text(pdf, 2)
    words = subprocess.run(
        ["pdftotext", "-f", str(first + 1), "-l", str(first + 1), "-bbox", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    heights = sorted(
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', words)
    )
    assert 8.5 <= heights[len(heights) // 2] <= 10, heights[len(heights) // 2]  # 8 pt text
    # The activity row taller than a page (M01P01 f, 000:132-135) goes on in a row of its own
    # on the next page, its text marked "(segue)" as the published report marks it.
    segue_pages = [n for n in range(4, 14) if "(segue)" in pdf_page_text(pdf, n)]
    assert segue_pages, "no row continued"
    continued_row = pdf_page_text(pdf, segue_pages[0])
    assert "Coordinare l'uso delle risorse della" in continued_row
    assert "2024 - 2025 Invio ai beneficiari PN Metro PLUS" in " ".join(continued_row.split())
    # A page in the middle of an activity table starts with the table's header again.
    continued = [
        number
        for number in range(first + 1, 40)
        if pdf_page_text(pdf, number).lstrip().startswith("Rif")
        and "Missione" not in pdf_page_text(pdf, number).split("\n")[0]
    ]
    assert continued, "no page repeats the activity table's header"
    subprocess.run(
        ["pdftoppm", "-f", str(first), "-l", str(first), "-r", "40", "-gray", str(pdf),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    (png,) = tmp_path.glob("page*.pgm")
    assert 0.005 < dark_pixel_share(png.read_bytes()) < 0.5  # a page with text, not blank
    # The first continued page as an image (72 dpi, 842 × 595 pixels): the table starts at
    # the top margin (14 mm, 40 pixels) with its shaded header row, then its rows.
    subprocess.run(
        ["pdftoppm", "-f", str(continued[0]), "-l", str(continued[0]), "-r", "72", "-gray",
         str(pdf), str(tmp_path / "continued")],
        check=True,
    )  # fmt: skip
    (image,) = tmp_path.glob("continued*.pgm")
    rules, first_row_shaded = table_on_page(image.read_bytes())
    assert 35 <= rules[0] <= 45, rules
    assert rules[1] - rules[0] >= 20, rules  # three lines of header text …
    assert first_row_shaded > 0.6, first_row_shaded  # … on the header's grey
    assert len(rules) >= 3, rules  # and at least one activity row under it


def test_round_trip_import_export_import_gives_the_same_data(
    empty_db: None, tmp_path: Path
) -> None:
    """Import the seed, export the report, import the export: the same data."""
    source = SourceFile.read(
        Path(__file__).resolve().parent.parent / "samples" / "000_014bd498e15be787.txt"
    )
    rendiconto = FORMATS["rendiconto"]
    rendiconto.import_document(parse_rendiconto(source.text), source, "test", SilentProgress())
    before, summary_before = snapshot(), build_summary()
    exported = tmp_path / "controllo-strategico-2025.txt"
    exported.write_bytes(export_strategic_control("torino", 2025, "txt"))
    # A second, empty database: the data must come from the export alone.
    empty_the_database()
    exported_source = SourceFile.read(exported)
    assert FORMATS["rendiconto"].looks_like(exported_source.text)
    rendiconto.import_document(
        parse_rendiconto(exported_source.text), exported_source, "test", SilentProgress()
    )
    after, summary_after = snapshot(), build_summary()
    for key in before:
        missing, added = set(before[key]) - set(after[key]), set(after[key]) - set(before[key])
        assert (sorted(missing)[:5], sorted(added)[:5]) == ([], []), key
        assert after[key] == before[key], key
    for plan_before, plan_after in zip(
        summary_before["plans"], summary_after["plans"], strict=True
    ):
        assert plan_after == plan_before


def test_the_web_offers_the_same_documents(
    seeded_db: LoadResult, client: Any, fetch_document: Callable[[str], Any]
) -> None:
    listing = client.get("/documenti/").content.decode()
    assert 'href="/documenti/controllo-strategico/torino/2025.xlsx"' in listing
    response = fetch_document("/documenti/controllo-strategico/torino/2025.xlsx")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="controllo-strategico-torino-2025.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Premessa", "Linee programmatiche", "Attività", "Indicatori"]
    html = fetch_document("/documenti/controllo-strategico/torino/2025.html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.getvalue().decode().count('<section class="programma">') == 52
    assert fetch_document("/documenti/controllo-strategico/torino/2031.html").status_code == 404
    # Only the imported esercizio is offered: 2024 would print 2025's data under 2024's labels.
    assert "/documenti/controllo-strategico/torino/2024." not in listing
    assert fetch_document("/documenti/controllo-strategico/torino/2024.html").status_code == 404
    assert fetch_document("/documenti/controllo-strategico/torino/2025.doc").status_code == 404


def test_rows_taller_than_a_page_are_continued_on_the_next_not_cut(
    seeded_db: LoadResult, print_page: Callable[[], AbstractContextManager[Page]]
) -> None:
    """The print script on the seed's report, laid out in Chromium as the PDF will be printed."""
    html = export_strategic_control("torino", 2025, "html").decode()
    entries_of_every_table = """() => [...document.querySelectorAll('table.activities')].map(
        t => [...t.querySelectorAll('ul.log > li')].map(li => li.innerText).join(' ')
          .split(/\\s+/).join(' '))"""
    with print_page() as page:
        page.set_content(html)
        entries_before = page.evaluate(entries_of_every_table)
        page.set_content(prepare_for_print(html))
        entries_after = page.evaluate(entries_of_every_table)
        rows = page.evaluate(
            """() => {
              document.documentElement.style.width = '273mm';
              const probe = document.createElement('div');
              probe.style.height = '100mm';
              document.body.appendChild(probe);
              const mm = probe.getBoundingClientRect().height / 100;
              probe.remove();
              return [...document.querySelectorAll('table.activities')].flatMap(t => {
                const room = 182 * mm - t.tHead.getBoundingClientRect().height;
                return [...t.tBodies[0].rows].map(r => ({
                  fits: r.getBoundingClientRect().height <= room,
                  continued: r.classList.contains('continued'),
                  segue: (r.querySelector('td.activity-text') || r.querySelector('td.activity-log'))
                    ?.textContent.trim().startsWith('(segue)'),
                  spans: r.cells.length < t.tHead.rows[0].cells.length
                    || [...r.cells].some(c => c.rowSpan > 1),
                }));
              });
            }"""
        )
    # every word of every activity's actions is printed once, in its order
    assert entries_after == entries_before
    continued = [row for row in rows if row["continued"]]
    assert 20 <= len(continued) <= 30  # 25 on Debian's Chromium and DejaVu Sans
    assert all(row["segue"] for row in continued)
    # every row fits a page, those of an activity shared by several departments too: there
    # the continuation is the department's own cells, under the activity's spanning cells
    assert [row for row in rows if not row["fits"]] == []
    assert any(row["continued"] and row["spans"] for row in rows)
