"""A citizen's and a staff member's paths through the app, in a real headless Chromium.

The app runs as in production (`cruscotto serve`, gunicorn) on a fresh SQLite
database filled by `cruscotto demo --no-serve`; Chromium is Debian's, driven by
Playwright. Every page visited is scanned with axe-core for WCAG 2.1 A/AA
violations; a serious or critical one fails the test. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from cruscotto.reports.render.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
STAFF_USER, STAFF_PASSWORD = "controllo", "strategico-2025"
REFERENTE_USER, REFERENTE_PASSWORD = "referente", "monitoraggio-2026"
VALUTATORE_USER, VALUTATORE_PASSWORD = "valutatore", "performance-2024"
ACTUALS = ROOT / "tests" / "fixtures" / "performance" / "actuals_2024.csv"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_cruscotto(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cruscotto", *args], env=env, check=True, capture_output=True
    )


def build_demo_database(directory: Path) -> Path:
    """A SQLite database in `directory` filled as the browser tests' site serves it: the
    demo's documents, the staff, a campaign and the performance plan's actual values."""
    database = directory / "cruscotto.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    run_cruscotto(env, "demo", "--no-serve")
    run_cruscotto(
        {**env, "CRUSCOTTO_PASSWORD": STAFF_PASSWORD},
        "users",
        "add",
        STAFF_USER,
        "--role",
        "ufficio",
        "--ente",
        "torino",
    )
    # A campaign of the year after the seed's, and a referente of its first unit.
    run_cruscotto(
        env, "campaign", "open", "--ente", "torino", "--plan", "dup/2021-2026",
        "--year", "2026", "--deadline", "2027-03-31", "--user", STAFF_USER,
    )  # fmt: skip
    status = subprocess.run(
        [sys.executable, "-m", "cruscotto", "campaign", "status", "--json"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    first_unit = json.loads(status.stdout)["units"][0]["code"]
    run_cruscotto(
        {**env, "CRUSCOTTO_PASSWORD": REFERENTE_PASSWORD},
        "users", "add", REFERENTE_USER, "--role", "referente", "--ente", "torino",
        "--unit", first_unit,
    )  # fmt: skip
    # The performance plan's actual values (the fixture's, without its line in error), so
    # that the scorecards have scores and badges to scan, and a valutatore who reads them.
    actuals = directory / "actuals_2024.csv"
    lines = ACTUALS.read_text(encoding="utf-8").splitlines(keepends=True)
    actuals.write_text("".join(line for line in lines if not line.startswith("99;")), "utf-8")
    run_cruscotto(env, "performance", "actuals", str(actuals))
    run_cruscotto(
        {**env, "CRUSCOTTO_PASSWORD": VALUTATORE_PASSWORD},
        "users", "add", VALUTATORE_USER, "--role", "valutatore", "--ente", "cmto",
    )  # fmt: skip
    return database


@pytest.fixture(scope="module")
def app_url(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site as in production, on this module's own copy of the session's demo database
    (tests/browser/conftest.py): what one module's tests write, no other module sees."""
    database = tmp_path_factory.mktemp("browser") / "cruscotto.sqlite3"
    with (
        closing(sqlite3.connect(demo_database)) as built,
        closing(sqlite3.connect(database)) as copy,
    ):
        built.backup(copy)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("cruscotto serve did not start") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The Chromium that prints the PDFs (its headless shell where installed, as bin/test
    does: a tenth less of the machine's time than the whole browser for the same pages)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@contextmanager
def policy_violations_watched(page: Page) -> Iterator[list[str]]:
    """What the page's Content-Security-Policy refused inside the block (filled as it
    happens): a page must need nothing the policy forbids. The watch ends with the block, as
    a tab may go on to other tests (test_layout.tabs)."""
    refused: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", collect)
    try:
        yield refused
    finally:
        page.remove_listener("console", collect)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="it-IT")
    page = context.new_page()
    with policy_violations_watched(page) as refused:
        yield page
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()
    assert not refused, refused


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page; fail on any serious or critical WCAG 2.1 A/AA violation."""
    # Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses
    # inline scripts, and rightly, while the test's own code runs through the browser's
    # debugging protocol, outside it.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: " + "; ".join(serious)


def assert_charts_drawn(page: Page) -> list[dict[str, Any]]:
    """Every chart of the page drawn by Chart.js: a canvas with a size and a registered Chart.

    Returns, per chart, its canvas size, the labels of its value axis's ticks as drawn, the
    tooltip of its first value and whether it animates."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(canvas => window.Chart && Chart.getChart(canvas))"
    )
    charts: list[dict[str, Any]] = page.eval_on_selector_all(
        "canvas[data-chart]",
        """canvases => canvases.map(canvas => {
            const chart = Chart.getChart(canvas);
            const axis = chart.options.indexAxis === 'y' ? chart.scales.x : chart.scales.y;
            const dataset = chart.data.datasets[0];
            const value = dataset.data.find(v => v !== null);
            // What the tooltip of the first value says (Chart.js draws it on the canvas).
            const tooltip = chart.options.plugins.tooltip.callbacks.label(
                {dataset: dataset, parsed: {x: value, y: value}});
            return {width: canvas.clientWidth, height: canvas.clientHeight, tooltip: tooltip,
                    ticks: axis.ticks.map(tick => tick.label), animated: chart.options.animation !== false,
                    label: canvas.getAttribute('aria-label'), role: canvas.getAttribute('role')};
        })""",
    )
    assert charts
    for chart in charts:
        assert chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["role"] == "img" and chart["label"], chart
    return charts


def test_a_citizen_goes_from_home_to_an_indicator_csv(app_url: str, page: Page) -> None:
    page.goto(app_url)
    assert_accessible(page)
    page.get_by_role("link", name="DUP 2021-2026: missioni, programmi e attività").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "DUP 2021-2026: missioni, programmi e attività"
    )
    assert_accessible(page)
    page.get_by_text("Missione 1: SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE").click()
    page.get_by_role("link", name="Programma 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programma 1")
    assert_accessible(page)
    page.get_by_role("link", name="Attività f", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attività f")
    expect(page.get_by_text("Transizione Ecologica, Fondi Europei e PNRR").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="f.1 – Importo risorse coordinate", exact=False).click()
    expect(page.get_by_role("cell", name="524.018.883,50 €")).to_be_visible()
    # The trend drawn by Chart.js, its axis in Italian format ("500.000.000 €").
    (trend,) = assert_charts_drawn(page)
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+ €", tick) for tick in trend["ticks"]), trend
    assert trend["tooltip"] == "Valore: 524.018.883,5 €" and trend["animated"]
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica i dati (CSV)").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert csv_text.splitlines()[1].startswith("torino:dup:2021-2026:M01.P01/vp/f.1,f.1,")
    assert "524.018.883,50 €" in csv_text


def test_a_staff_member_logs_in_filters_and_opens_an_item(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/riservata/")
    expect(page).to_have_url(f"{app_url}/accesso/?next=/riservata/")
    assert_accessible(page)
    page.get_by_label("Nome utente").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area riservata")
    page.get_by_role("link", name="DUP 2021-2026: missioni, programmi e attività").click()
    expect(page.get_by_role("heading", name="Stato delle attività")).to_be_visible()
    charts = assert_charts_drawn(page)
    assert len(charts) > 1 and all(chart["animated"] for chart in charts)
    assert_accessible(page)
    # Who asks the system for less motion gets the charts drawn at once.
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert not any(chart["animated"] for chart in assert_charts_drawn(page))
    page.get_by_role("link", name="sfoglia e filtra il piano").click()
    page.get_by_label("Stato").select_option("concluso")
    # Each option says how many items it gives: "La Città della prossimità (N)".
    groups = page.get_by_label("Le 7 Città")
    groups.select_option(
        groups.locator("option", has_text="La Città della prossimità").get_attribute("value")
    )
    page.get_by_role("button", name="Filtra").click()
    expect(page.get_by_text("6 voci trovate")).to_be_visible()
    assert "stato=concluso" in page.url and "tag=gruppi-torino-mandato-2021-2026%3A1" in page.url
    assert_accessible(page)
    page.locator("ul.results a").first.click()
    expect(page.get_by_text("Concluso").first).to_be_visible()
    assert_accessible(page)


def test_every_kind_of_public_page_passes_the_accessibility_scan(app_url: str, page: Page) -> None:
    """One page of each kind, for every plan the demo imports (axe-core, WCAG 2.1 A/AA)."""
    page.goto(app_url)
    cards: list[list[str]] = page.eval_on_selector_all(
        ".card-body",
        "cards => cards.map(c => [c.querySelector('p').textContent, c.querySelector('a').getAttribute('href')])",
    )
    kinds = {kind.split("·")[-1].strip() for kind, _ in cards}
    assert {"Documento unico di programmazione", "Piano della performance"} <= kinds
    urls = ["/", "/cerca?q=scuola", "/documenti/", "/monitoraggio/", "/tracciabilita/edizioni/"]
    for kind, plan_url in cards:
        urls.append(plan_url)
        page.goto(app_url + plan_url)
        items = page.eval_on_selector_all(
            "a[href^='/voci/']", "els => els.map(e => e.getAttribute('href'))"
        )
        urls.extend(items[:1])
        urls.extend(
            page.eval_on_selector_all(
                "a[href^='/psm/fase-preliminare/']", "els => els.map(e => e.getAttribute('href'))"
            )[:1]
        )
        if "Piano della performance" in kind:
            urls.append(plan_url.replace("/piani/", "/performance/"))
    page.goto(app_url + "/cerca?q=risorse+coordinate")
    urls.append(page.eval_on_selector("a[href^='/indicatori/']", "e => e.getAttribute('href')"))
    page.goto(app_url + "/consiglio/")
    act_url = page.eval_on_selector("a[href^='/consiglio/atti/']", "e => e.getAttribute('href')")
    urls.extend(["/consiglio/", act_url, act_url + "testo/"])
    page.goto(app_url + "/documenti/sorgenti/")
    source_url = page.eval_on_selector(
        "table a[href^='/documenti/sorgenti/']", "e => e.getAttribute('href')"
    )
    urls.extend(["/documenti/sorgenti/", source_url, source_url + "testo/"])
    page.goto(app_url + act_url)
    mandate_url = page.eval_on_selector("a[href^='/piani/']", "e => e.getAttribute('href')")
    page.goto(app_url + mandate_url)
    item_url = page.eval_on_selector("a[href^='/voci/']", "e => e.getAttribute('href')")
    urls.extend([item_url.replace("/voci/", "/tracciabilita/voci/"), "/tracciabilita/copertura/"])
    assert any(url.startswith("/performance/") for url in urls)
    assert any(url.startswith("/psm/fase-preliminare/") for url in urls)
    assert any(url.endswith("/testo/") for url in urls)
    for url in urls:
        response = page.goto(app_url + url)
        assert response is not None and response.status == 200, url
        assert_accessible(page)


def log_in(page: Page, app_url: str, user: str, password: str) -> None:
    page.goto(f"{app_url}/accesso/?next=/riservata/")
    page.get_by_label("Nome utente").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()


def test_a_referente_updates_the_year_and_the_ufficio_returns_it(app_url: str, page: Page) -> None:
    """The monitoring cycle in a browser: the referente's to-do list and form, the ufficio's
    board and review, each page scanned for accessibility."""
    log_in(page, app_url, REFERENTE_USER, REFERENTE_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagne di monitoraggio")
    assert_accessible(page)
    page.locator("table").get_by_role("link").first.click()
    expect(page.get_by_role("button", name="Salva la bozza")).to_be_visible()
    assert_accessible(page)
    first_status = page.locator("select[name^='valore:stato:']").first
    first_status.select_option("Concluso")
    page.get_by_role("button", name="Salva la bozza").click()
    expect(page.get_by_text("Salvati 1 dati.")).to_be_visible()
    expect(page.locator("select[name^='valore:stato:']").first).to_have_value("Concluso")
    page.get_by_role("button", name="Salva e invia all'ufficio di controllo").click()
    expect(page.get_by_text("Dati inviati all'ufficio di controllo.")).to_be_visible()
    expect(page.get_by_role("button", name="Salva la bozza")).to_have_count(0)
    unit_page = page.url
    page.get_by_role("button", name="Esci").click()

    log_in(page, app_url, STAFF_USER, STAFF_PASSWORD)
    page.get_by_role("link", name="Campagne di monitoraggio").click()
    page.get_by_role("link", name="avanzamento per unità").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagna 2026")
    expect(page.get_by_role("cell", name="inviata")).to_be_visible()
    assert_accessible(page)
    page.goto(unit_page)
    page.get_by_label("Commento (necessario per restituire)").fill("Manca l'azione dell'anno.")
    page.get_by_role("button", name="Restituisci con il commento").click()
    expect(page.get_by_text("Restituita dall'ufficio di controllo:")).to_be_visible()
    assert_accessible(page)


def test_a_valutatore_reads_a_scorecard_with_its_scores(app_url: str, page: Page) -> None:
    """The performance matrix and a manager's scorecard with the year's values loaded: scores,
    the "incompleto" badge and the objectives' links, each page scanned for accessibility."""
    log_in(page, app_url, VALUTATORE_USER, VALUTATORE_PASSWORD)
    page.goto(app_url + "/")
    plan_url = page.eval_on_selector(
        ".card-body:has-text('Piano della performance') a", "e => e.getAttribute('href')"
    )
    page.goto(app_url + plan_url.replace("/piani/", "/performance/"))
    expect(page.get_by_role("columnheader", name="Obiettivo individuale 1")).to_be_visible()
    assert_accessible(page)
    page.locator("#matrice a[href*='/dirigenti/']").first.click()
    expect(page.get_by_text("Risultato:")).to_be_visible()
    expect(page.locator(".badge-incomplete").first).to_have_text("incompleto")
    expect(page.get_by_role("link", name="Obiettivo 1", exact=True).first).to_be_visible()
    assert "non sono ancora stati pubblicati" not in page.content()
    assert_accessible(page)


def test_a_document_not_built_yet_is_prepared_while_its_page_follows_it(
    app_url: str, page: Page
) -> None:
    """The relazione asked for the first time: the page says it is being prepared, then,
    reloading itself (no script), becomes the document the worker of `serve` built."""
    url = f"{app_url}/documenti/controllo-strategico/torino/2025.html"
    response = page.goto(url)
    assert response is not None and response.status == 202
    expect(page.get_by_role("heading", level=1)).to_have_text("Il documento è in preparazione")
    # Scanned as a copy that does not reload itself, so that no reload cuts the scan short.
    waiting = page.content()
    page.route(
        f"{app_url}/in-preparazione",
        lambda route: route.fulfill(status=200, body=waiting, content_type="text/html"),
    )
    page.goto(f"{app_url}/in-preparazione")
    expect(page.get_by_role("status")).to_contain_text("%")
    assert_accessible(page)
    page.goto(url)
    expect(page.locator("section.programma").first).to_be_attached(timeout=180_000)
    assert page.url == url


def test_a_citizen_narrows_a_search_by_year_and_status(app_url: str, page: Page) -> None:
    page.goto(app_url + "/cerca?q=scuole")
    expect(page.locator("mark").first).to_have_text("scuole")
    page.get_by_role("link", name="2024", exact=True).click()
    page.get_by_role("link", name="Concluso", exact=True).click()
    assert "anno=2024" in page.url and "stato=concluso" in page.url
    expect(page.get_by_role("heading", level=2, name="risultati per")).to_contain_text("scuole")
    expect(page.locator("aside strong")).to_have_text(["2024", "Concluso"])
    assert_accessible(page)
    page.get_by_role("link", name="Togli il filtro anno: 2024").click()
    assert "anno=" not in page.url and "stato=concluso" in page.url
