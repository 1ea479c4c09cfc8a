"""The Piano della Performance 2024 produced from the database, read back in every format.

Figures counted in the seed (`samples/004_…`): 28 structures in the assignment
matrix, 20 managers (QA3's cell is empty), 96 objectives in "Target e regole di
calcolo". The scores are hand-computed from actual values submitted through the
actuals service, as a user would load them with `cruscotto performance actuals`.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from cruscotto.cli import main
from cruscotto.core.models import ImportDiagnostic
from cruscotto.importers.performance_actuals import read_rows
from cruscotto.loaders.common import SourceFile
from cruscotto.loaders.performance_actuals import store_actuals
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.models import Assignment, ScoringRule, StructureManager
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.performance.services.labels import DIAGNOSTIC_LABELS, WEIGHT_SOURCE_LABELS
from cruscotto.performance.services.scorecards import find_plan
from cruscotto.plans.models import ItemTag
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import render_report
from cruscotto.reports.services.performance import (
    PERFORMANCE,
    PerformanceDocument,
    build_performance_document,
)
from imported_once import imported_once

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "samples" / "004_63c10e375ed7a47e.txt"
# Actual values of 2024 for the Ente-wide objectives and for Rancati Donata's two structures.
ACTUALS = [
    ["obiettivo", "struttura", "valore"],
    ["1", "", "950.000"], ["2", "", "12"], ["3", "", "87,5%"],
    ["54", "A80", "100%"], ["96", "A80", "Si"], ["97", "A80", "92%"], ["98", "A80", "No"],
    ["78", "A80", "86%"],
    ["4", "RA3", "Si"], ["49", "RA3", "7,5%"], ["50", "RA3", "Si"], ["51", "RA3", "Si"],
    ["52", "RA3", "28%"], ["53", "RA3", "96%"], ["78", "RA3", "70%"],
]  # fmt: skip
# By hand, with the weights the plan gives (unknown ones count for nothing, never guessed):
# A80: 2 (10, read) at 12 days → 11-30 → 50: 5.00 points; 3 (15, read) formula 87,5 → 13.125;
#      the other six weights are unknown → 18.125 → 18,13, incomplete.
# RA3: 4 Sì → 100 × 10 = 10; 49 at 7,5% → 7-8 → 80 × 10 = 8; 50 Sì → 100 × 10 = 10;
#      52 at 28% → 27-30 → 80 × 15 = 12; 53 at 96% → 95-100 → 90 × 5 = 4.5; 78 at 70% → 0 × 5;
#      1, 2, 3 and 51 have unknown weights → 44,50, incomplete.
# Rancati Donata: the mean of 18,13 and 44,50 → 31,315 → 31,32.


def load_seed() -> None:
    source = SourceFile.read(SEED)
    load_performance_plan(parse_and_check(source.text), source, actor="test")


def submit_actuals() -> None:
    source = SourceFile(name="consuntivi-2024.csv", text="", sha256="consuntivi-2024")
    store_actuals(find_plan(2024), 2024, read_rows(ACTUALS), source, "test")


@imported_once
def plan_loaded(empty_db: None) -> None:
    load_seed()


@imported_once
def plan_scored(plan_loaded: None) -> None:
    submit_actuals()


def card_of(document: PerformanceDocument, name: str) -> Any:
    return next(card for card in document.cards if card.name == name)


def test_the_document_follows_the_plan(
    plan_loaded: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(12):  # whatever the number of structures and managers
        document = build_performance_document("cmto", 2024)
    with django_assert_num_queries(0):  # the renderings read the document only
        assert PERFORMANCE.formats["html"].render(document)
        assert PERFORMANCE.formats["xlsx"].render(document)
    assert (document.title, document.year, document.ente.code) == (
        "Piano della Performance 2024", 2024, "cmto",
    )  # fmt: skip
    assert len(document.matrix) == 28
    assert len(document.objectives) == 96
    assert document.assignments == Assignment.objects.count() == 233
    assert document.managers == 20
    assert not document.has_actuals
    assert {code: count for code, _, _, count in document.weight_source_rows} == {
        "read": 89, "completed": 8, "inferred": 0, "unknown": 136,
    }  # fmt: skip
    # QA4 (004:10) ends in a cell read "on e"; objective 16 is QA4's individual objective by
    # 004:62 and 004:174: in the matrix and in Gagino's sheet, its weight unknown.
    qa4 = next(entry for entry in document.matrix if entry.row.structure == "QA4")
    assert [c.objective_id for c in qa4.cells if c] == [1, 2, 3, 4, 12, 13, 14, 15, 16]
    assert (qa4.known_sum, qa4.unknown) == (25, 7)
    gagino = card_of(document, "Gagino Daniela")
    assert [o.objective_id for o in gagino.structures[0].objectives][-1] == 16
    # A02 (line 3 of the seed): 15 before "Raggiungimento milestones" (objective 3) and
    # "sovvenzioni, 15 contributi" (22) are read; "51" beside 23 is no weight.
    a02 = document.matrix[0]
    assert (a02.row.structure, a02.row.manager, a02.declared_total, a02.known_sum, a02.unknown) == (
        "A02", "De Leo Mario", 100, 30, 6,
    )  # fmt: skip
    assert [(c.objective_id, c.weight, c.weight_source) for c in a02.cells if c] == [
        (1, None, "unknown"), (2, None, "unknown"), (3, 15, "read"), (4, None, "unknown"),
        (21, None, "unknown"), (22, 15, "read"), (23, None, "unknown"), (24, None, "unknown"),
    ]  # fmt: skip
    assert a02.labelled_cells[0] is not None and a02.labelled_cells[0][1:] == ("?", "5–45")
    # RA2 objective 47: "47 1", only the tens digit: 10 or 15.
    ra2 = next(entry for entry in document.matrix if entry.row.structure == "RA2")
    assert [cell[1:] for cell in ra2.labelled_cells if cell and cell[0].objective_id == 47] == [
        ("?", "10, 15")
    ]
    objectives = {objective.objective_id: objective for objective in document.objectives}
    payment_delay = objectives[2]
    assert payment_delay.structures_label == "Tutte"
    assert payment_delay.rule_reading == (
        "fasce (più basso è meglio, giorni): valore < 1 → 100; 1 ≤ valore ≤ 10 → 80; "
        "11 ≤ valore ≤ 30 → 50; 30 < valore → 0"
    )
    assert payment_delay.band_warnings == ["fasce non contigue: tra 10 e 11"]
    # The two tables print different structures beside objective 97 (A80, then QA7).
    assert (objectives[97].structures_label, objectives[97].value_matrix_structures) == (
        "A80", ["QA7"],
    )  # fmt: skip
    assert objectives[10].structures_label == "QA3 – RA2 – RA5 – RA1"
    assert objectives[14].types_label == "Direzione / Individuale"
    assert (objectives[3].dimension, objectives[3].drivers) == (
        "PNRR",
        ["Accessibilità", "Digitalizzazione", "Pari opportunità", "Semplificazione",
         "Transizione ecologica"],
    )  # fmt: skip
    assert sorted(o.objective_id for o in document.objectives if o.rule_kind == "unparsed") == [
        38, 40, 42, 54, 59, 76, 83,
    ]  # fmt: skip
    # 004:109-110: "se il n° di incontri è 3 punteggio pari a 80": one value, not "3 ≤ valore ≤ 3".
    for objective_id in (60, 61):
        assert objectives[objective_id].rule_reading == (
            "fasce (più alto è meglio, numero): 4 ≤ valore → 100; valore = 3 → 80; "
            "valore = 2 → 50; valore ≤ 1 → 0"
        )
    assert objectives[83].rule_reading == (
        "non interpretabile: il risultato dipende da due parametri"
    )
    tizzani = card_of(document, "Tizzani Matteo")
    assert [(s.code, s.interim) for s in tizzani.structures] == [
        ("UC0", False), ("UC1", True), ("UC3", True),
    ]  # fmt: skip
    assert tizzani.incomplete and tizzani.result is None
    assert [s.code for s in document.cards[-1].structures] == ["QA3"]  # no manager printed
    assert document.cards[-1].person is None
    assert len(document.validation) == 28 and not document.unbalanced
    assert len(document.undecidable) == 28  # every structure has an unknown weight
    assert len(document.diagnostics) == (
        ImportDiagnostic.objects.exclude(code="weight_unknown").count()
    )


def test_another_year_or_ente_is_unavailable(plan_loaded: None) -> None:
    with pytest.raises(ReportUnavailable, match="nessun piano della performance per il 2025"):
        build_performance_document("cmto", 2025)
    with pytest.raises(ReportUnavailable, match="nessun piano della performance importato"):
        build_performance_document("torino", 2024)


def test_without_actual_values_the_scorecards_are_the_published_plan(plan_loaded: None) -> None:
    html = render_report("performance", "cmto", 2024, "html").decode()
    assert html.count('<section class="scorecard">') == 21  # 20 managers and QA3
    # Italian only: no provenance codes in the premessa, labels for the import's diagnostics.
    for code in ("(read)", "(completed)", "(inferred)", "(unknown)", "weight_glued_to_text"):
        assert code not in html
    assert '<th scope="row">non noto</th><td class="num">136</td>' in html
    assert "<td>peso incollato al testo</td>" in html
    assert "Per il 2024 non è stato inserito alcun valore consuntivo" in html
    assert html.count("Nessun valore consuntivo inserito per il 2024") == 21
    assert "Punteggio della struttura" not in html
    assert "thead { display: table-header-group; }" in html  # headers repeat when printed
    # The sections in the order of the published plan.
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings[:5] == [
        "Premessa",
        "1. Obiettivi assegnati ai dirigenti",
        "2. Target e regole di calcolo",
        "3. Matrice per assegnazione degli obiettivi del P.d.O. / P.d.P. alla griglia del valore pubblico generato",
        "4. Schede dei dirigenti",
    ]
    assert headings[-1] == "Allegato: verifica della matrice e segnalazioni dell'importazione"
    rancati = html[html.index("<h2>Scheda: Rancati Donata</h2>") :]
    rancati = rancati[: rancati.index("</section>")]
    assert rancati.count("<tbody>") == 2  # A80 and RA3
    assert '<th scope="row">54</th>' in rancati
    assert "non interpretabile: il risultato dipende da due parametri" in rancati
    assert "possibili: 10, 15" in rancati  # RA3's objective 51


def test_scorecards_show_the_hand_computed_scores(plan_scored: None) -> None:
    document = build_performance_document("cmto", 2024)
    assert document.has_actuals and document.actual_values == 15
    rancati = card_of(document, "Rancati Donata")
    a80, ra3 = rancati.structures
    assert (a80.code, a80.score, a80.complete) == ("A80", Decimal("18.13"), False)
    assert (ra3.code, ra3.score, ra3.complete) == ("RA3", Decimal("44.50"), False)
    assert (rancati.result, rancati.result_label) == (Decimal("31.32"), "31,32")
    by_id = {o.objective_id: o for o in ra3.objectives}
    assert (by_id[49].actual, by_id[49].score, by_id[49].points) == ("7,5%", Decimal(80), "8.00")
    assert by_id[49].explanation == "fascia 7 ≤ valore < 8 → 80"
    assert (by_id[51].score, by_id[51].points_label) == (Decimal(100), "—")
    assert by_id[51].explanation == "Sì; peso non noto: non entra nel punteggio della struttura"
    assert (by_id[2].actual, by_id[2].ente_wide) == ("12", True)  # measured once for the Ente
    a80_by_id = {o.objective_id: o for o in a80.objectives}
    assert (a80_by_id[3].points, a80_by_id[54].score) == ("13.13", None)
    assert a80_by_id[54].explanation.startswith("non interpretabile: il risultato dipende")
    html = render_report("performance", "cmto", 2024, "html").decode()
    card = html[html.index("<h2>Scheda: Rancati Donata</h2>") :]
    card = card[: card.index("</section>")]
    assert "<strong>Risultato 2024:</strong> 31,32" in card
    assert re.search(r"Punteggio della struttura A80</th><td class=\"num\">18,13</td>", card)
    assert re.search(r"Punteggio della struttura RA3</th><td class=\"num\">44,50</td>", card)
    assert '<td class="num">80,00</td><td class="num">8,00</td>' in card  # objective 49
    workbook = load_workbook(io.BytesIO(render_report("performance", "cmto", 2024, "xlsx")))
    rows = [row for row in workbook["Schede"].iter_rows(min_row=2, values_only=True)]
    mine = [row for row in rows if row[0] == "Rancati Donata"]
    assert [(row[1], row[2], row[10]) for row in mine if row[3] is None] == [
        ("A80", "totale struttura", 18.13),
        ("RA3", "totale struttura", 44.5),
        (None, "risultato del dirigente", 31.32),
    ]
    objective_49 = next(row for row in mine if row[1] == "RA3" and row[3] == 49)
    assert objective_49[4:] == (
        10, "letto", None, "8%",  # an empty cell reads back as None
        "fasce (più alto è meglio, %): 8 ≤ valore → 100; 7 ≤ valore < 8 → 80; "
        "6 ≤ valore < 7 → 60; 5 ≤ valore < 6 → 30; valore < 5 → 0",
        "7,5%", 80, 8, "fascia 7 ≤ valore < 8 → 80",
    )  # fmt: skip


def test_xlsx_read_back_matches_the_database(plan_loaded: None) -> None:
    workbook = load_workbook(io.BytesIO(render_report("performance", "cmto", 2024, "xlsx")))
    assert workbook.sheetnames == [
        "Piano", "Matrice", "Assegnazioni", "Target e regole", "Valore pubblico", "Schede",
        "Verifica", "Segnalazioni",
    ]  # fmt: skip
    for sheet in workbook.worksheets[1:]:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    matrix = list(workbook["Matrice"].iter_rows(values_only=True))
    assert matrix[0][2] == "Obiettivo di Ente 1" and matrix[0][11] == "Obiettivo Individuale 5"
    assert matrix[1][:6] == (
        "De Leo Mario", "A02 – Affari istituzionali", "1 (?, non noto)", "2 (?, non noto)",
        "3 (15, letto)", "4 (?, non noto)",
    )  # fmt: skip
    assert len(matrix) - 1 == 28
    # Every assignment, cell by cell, against the database.
    managers = {
        m.org_unit.code: m for m in StructureManager.objects.select_related("person", "org_unit")
    }
    expected = sorted(
        (
            a.org_unit.code, int(a.objective.code), a.slot_kind.capitalize() + f" {a.slot_number}",
            a.weight, WEIGHT_SOURCE_LABELS[a.weight_source], ", ".join(map(str, a.candidates)),
            managers[a.org_unit.code].declared_total,
        )
        for a in Assignment.objects.select_related("org_unit", "objective")
    )  # fmt: skip
    read = sorted(
        (row[1], row[4], row[3], row[5], row[6], row[7] or "", row[8])
        for row in workbook["Assegnazioni"].iter_rows(min_row=2, values_only=True)
    )
    assert read == expected and len(read) == 233
    rules = {
        int(rule.objective.code): rule for rule in ScoringRule.objects.select_related("objective")
    }
    targets = list(workbook["Target e regole"].iter_rows(min_row=2, values_only=True))
    assert len(targets) == len(rules) == 96
    for row in targets:
        rule = rules[row[0]]
        assert (row[3], row[4] or "", row[5] or "", row[6] or "", row[7]) == (
            rule.objective.title, rule.objective.description, rule.target_as_printed,
            rule.as_printed, rule.get_kind_display(),
        )  # fmt: skip
    tags: dict[tuple[int, str], list[str]] = {}
    for tag in ItemTag.objects.filter(item__level="obiettivo").select_related(
        "item", "term__taxonomy"
    ):
        tags.setdefault((int(tag.item.code), tag.term.taxonomy.code), []).append(tag.term.name)
    for row in workbook["Valore pubblico"].iter_rows(min_row=2, values_only=True):
        assert (row[4] or "") == ", ".join(tags.get((row[0], "valore_pubblico_dimensione"), []))
        assert sorted((row[5] or "").split(" ") if row[5] else []) == sorted(
            " ".join(tags.get((row[0], "valore_pubblico_driver"), [])).split()
        )
        assert Counter(row[2].lower().split(" / ")) == Counter(tags[(row[0], "tipo_obiettivo")])
    verification = {
        row[0]: row for row in workbook["Verifica"].iter_rows(min_row=2, values_only=True)
    }
    assert len(verification) == 28
    for code, manager in managers.items():
        assignments = Assignment.objects.filter(org_unit__code=code)
        assert verification[code][1:5] == (
            manager.declared_total,
            sum(a.weight or 0 for a in assignments),
            assignments.count(),
            assignments.filter(weight=None).count(),
        )
    assert verification["A80"][7] == "4"  # objective 4, common to all, is missing from A80
    diagnostics = list(workbook["Segnalazioni"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[4]) for row in diagnostics] == list(
        ImportDiagnostic.objects.exclude(code="weight_unknown")
        .order_by("position")
        .values_list("line", "code")
    )
    # A reader gets the Italian label; the code stays in the last column, for scripts.
    assert all(row[2] == DIAGNOSTIC_LABELS[row[4]] for row in diagnostics)
    assert ("peso incollato al testo", "weight_glued_to_text") in {
        (r[2], r[4]) for r in diagnostics
    }
    provenance = {row[0]: row[2] for row in workbook["Piano"].iter_rows(values_only=True) if row}
    assert (provenance["letto"], provenance["completato"], provenance["non noto"]) == (89, 8, 136)
    english = {"read", "completed", "inferred", "unknown"}
    for title in ("Matrice", "Assegnazioni", "Schede", "Piano"):
        for row in workbook[title].iter_rows(values_only=True):
            for value in row:
                words = set(re.findall(r"[a-z]+", value)) if isinstance(value, str) else set()
                assert not words & english, (title, value)
    cover = {row[0]: row[1] for row in workbook["Piano"].iter_rows(values_only=True) if row}
    assert (cover["Strutture"], cover["Dirigenti"], cover["Obiettivi"]) == (28, 20, 96)
    assert cover["Valori consuntivi 2024"] == 0


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def word_boxes(pdf: Path, page: int, words: list[str]) -> list[tuple[float, float]]:
    """(top, height) of the first occurrence of each word on the page, in points."""
    bbox = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found: dict[str, tuple[float, float]] = {}
    pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>'
    for y_min, y_max, word in re.findall(pattern, bbox):
        found.setdefault(word, (float(y_min), float(y_max) - float(y_min)))
    return [found[word] for word in words]


def dark_pixel_share(pgm: bytes) -> float:
    """Share of dark pixels in a binary PGM (P5) image."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert header is not None
    pixels = pgm[header.end() :]
    return sum(1 for value in pixels if value < 128) / len(pixels)


def test_pdf_pages_are_rendered_and_tables_repeat_their_header(
    plan_scored: None, tmp_path: Path
) -> None:
    pdf = tmp_path / "performance-cmto-2024.pdf"
    pdf.write_bytes(render_report("performance", "cmto", 2024, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 40 <= pages <= 160
    texts = {number: pdf_page_text(pdf, number) for number in range(1, pages + 1)}
    assert "Piano della Performance 2024" in texts[1]
    assert "1. Obiettivi assegnati ai dirigenti" in texts[3]
    assert re.search(r"A02 – Affari\s", texts[3]) and "De Leo Mario" in texts[3]
    # "Totale peso" wraps in its narrow column instead of covering "Pesi noti".
    assert re.search(r"Totale\s+Pesi noti\n", texts[3]) and "Totale peso" not in texts[3]
    # The targets table runs over many pages, each starting with its header again.
    first = next(n for n, text in texts.items() if "2. Target e regole di calcolo" in text)
    continued = [
        n
        for n in range(first + 1, first + 10)
        if re.match(r"\s*Id\s+Struttura\s+Obiettivo\s+Note\s+Target", texts[n])
    ]
    assert len(continued) >= 3, "the targets table does not repeat its header"
    # Section 4's introduction shares its page with the first card (it was a page alone).
    cards = next(n for n, text in texts.items() if text.startswith("4. Schede dei dirigenti"))
    assert "Scheda: Ariano Pierfranco" in texts[cards]
    card = next(n for n, text in texts.items() if "Scheda: Rancati Donata" in text)
    assert "Risultato 2024: 31,32" in texts[card]
    # The headings of a scorecard's table are alike: "Peso" is a header cell like the others,
    # not a smaller box in a smaller type.
    boxes = word_boxes(pdf, card, ["Descrizione", "Peso", "Target", "Regola"])
    assert len({round(top, 1) for top, _ in boxes}) == 1, boxes
    assert len({round(height, 1) for _, height in boxes}) == 1, boxes
    following = "".join(texts[n] for n in range(card, card + 6) if n in texts)
    following = following[: following.index("Scheda:", 10)]  # up to the next manager's card
    assert re.search(r"Punteggio della struttura A80\s+18,13", following)
    assert re.search(r"Punteggio della struttura RA3\s+44,50", following)
    annex = next(n for n in range(card, pages + 1) if "Allegato: verifica" in texts[n])
    assert "Verifica dei pesi per struttura" in texts[annex]
    subprocess.run(
        ["pdftoppm", "-f", "3", "-l", "3", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    assert 0.01 < dark_pixel_share(image.read_bytes()) < 0.5  # the matrix, not a blank page


def test_the_web_offers_the_performance_documents(
    plan_loaded: None, client: Any, fetch_document: Callable[[str], Any]
) -> None:
    listing = client.get("/documenti/").content.decode()
    for format_name in ("html", "pdf", "xlsx"):
        assert f'href="/documenti/performance/cmto/2024.{format_name}"' in listing
    response = fetch_document("/documenti/performance/cmto/2024.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="performance-cmto-2024.xlsx"'
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook["Matrice"].max_row - 1 == 28
    html = fetch_document("/documenti/performance/cmto/2024.html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.getvalue().decode().count('<section class="scorecard">') == 21
    assert fetch_document("/documenti/performance/cmto/2025.html").status_code == 404
    assert fetch_document("/documenti/performance/torino/2024.xlsx").status_code == 404


def test_the_command_writes_the_document(plan_loaded: None, tmp_path: Path) -> None:
    out = tmp_path / "piano.xlsx"
    result = CliRunner().invoke(
        main, ["report", "performance", "--year", "2024", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Target e regole"].max_row - 1 == 96
    refused = CliRunner().invoke(
        main, ["report", "performance", "--year", "2023", "--out", str(tmp_path / "no.html")]
    )
    assert refused.exit_code != 0
    assert "nessun piano della performance per il 2023" in refused.output
    assert not (tmp_path / "no.html").exists()
