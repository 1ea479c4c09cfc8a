"""A layout review of every kind of page at a phone's, a tablet's and a desktop's width.

Each page is opened in Debian's Chromium at 360, 768 and 1366 px on the app served as in
production (the `app_url` fixture of test_paths: the demo's documents, a campaign, an
ufficio di controllo user). For each: no sideways scrolling of the page (a wide table
scrolls inside its own container), the menu behind the hamburger at phone width with every
link visible and clickable, the login or reserved-area button on screen, the section of
the page marked as current in the menu, Bootstrap Italia's script and fonts loaded, axe-core
with no WCAG 2.1 A/AA violation of any impact at 360 and 1366 px, and a full-page
screenshot in test-artifacts/layout/<page>-<width>.png, kept by CI as an artefact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from test_paths import (  # noqa: F401 (fixtures shared with the path tests)
    ARTIFACTS,
    AXE_SCRIPT,
    STAFF_PASSWORD,
    STAFF_USER,
    app_url,
    browser,
    policy_violations_watched,
)

LAYOUT_ARTIFACTS = ARTIFACTS / "layout"
# Viewport heights of a common phone, tablet and laptop at each width.
VIEWPORTS = {360: 740, 768: 1024, 1366: 900}
AXE_WIDTHS = (360, 1366)
MENU_LINKS = [
    "Piani",
    "Monitoraggio",
    "Performance",
    "Atti del consiglio",
    "Documenti pubblicati",
    "Documenti importati",
    "Copertura",
    "Edizioni",
    "Ricerca",
]


@dataclass(frozen=True)
class PageType:
    name: str
    # The menu entry marked as the current section, or None where no entry is the page's.
    menu_entry: str | None
    staff: bool = False
    status: int = 200
    breadcrumb: bool = True


PAGE_TYPES = [
    PageType("home", "Piani", breadcrumb=False),
    PageType("plan-filtered", "Piani"),
    PageType("item", "Piani"),
    PageType("indicator", "Piani"),
    PageType("monitoring", "Monitoraggio"),
    PageType("participatory-path", "Monitoraggio"),
    PageType("performance-plans", "Performance"),
    PageType("performance-matrix", "Performance"),
    PageType("council-acts", "Atti del consiglio"),
    PageType("council-act", "Atti del consiglio"),
    # The act's text is the imported document's text, under the documents.
    PageType("council-act-text", "Documenti importati"),
    PageType("reports", "Documenti pubblicati"),
    PageType("sources", "Documenti importati"),
    PageType("source", "Documenti importati"),
    PageType("source-text", "Documenti importati"),
    PageType("coverage", "Copertura"),
    PageType("editions", "Edizioni"),
    PageType("trace", "Copertura"),
    PageType("search", "Ricerca"),
    PageType("login", None),
    PageType("not-found", None, status=404, breadcrumb=False),
    PageType("staff-home", None, staff=True),
    PageType("dashboard", None, staff=True),
    PageType("item-history", None, staff=True),
    PageType("campaigns", None, staff=True),
    PageType("campaign-board", None, staff=True),
    PageType("campaign-unit", None, staff=True),
    PageType("api-tokens", None, staff=True),
]


def hrefs(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def log_in(page: Page, app_url: str) -> None:  # noqa: F811
    page.goto(f"{app_url}/accesso/?next=/riservata/")
    page.get_by_label("Nome utente").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area riservata")


@pytest.fixture(scope="module")
def staff_state(app_url: str, browser: Browser) -> Iterator[Any]:  # noqa: F811
    """The cookies of a logged-in ufficio di controllo user, for the reserved pages."""
    context = browser.new_context()
    log_in(context.new_page(), app_url)
    yield context.storage_state()
    context.close()


@pytest.fixture(scope="module")
def page_paths(app_url: str, browser: Browser, staff_state: Any) -> Iterator[dict[str, str]]:  # noqa: F811
    """One address of each page type, found by following the app's own links."""
    context = browser.new_context(storage_state=staff_state)
    page = context.new_page()
    paths = {
        "home": "/",
        "monitoring": "/monitoraggio/",
        "performance-plans": "/performance/",
        "council-acts": "/consiglio/",
        "reports": "/documenti/",
        "sources": "/documenti/sorgenti/",
        "coverage": "/tracciabilita/copertura/",
        "editions": "/tracciabilita/edizioni/",
        "search": "/cerca?q=scuola",
        "login": "/accesso/",
        "not-found": "/pagina-che-non-esiste/",
        "staff-home": "/riservata/",
        "campaigns": "/riservata/campagne/",
        "api-tokens": "/riservata/token/",
    }
    page.goto(app_url)
    plan_links = hrefs(page, "a[href^='/piani/']")
    for plan in plan_links:
        page.goto(app_url + plan)
        paths.update(("participatory-path", path) for path in hrefs(page, "a[href^='/psm/']"))
    page.goto(app_url + "/cerca?q=risorse+coordinate")
    paths["indicator"] = hrefs(page, "a[href^='/indicatori/']")[0]
    page.goto(app_url + paths["indicator"])
    # The item the indicator measures: a plan item with a table of values.
    paths["item"] = hrefs(page, ".breadcrumb a[href^='/voci/']")[-1]
    paths["item-history"] = paths["item"] + "storia/"
    paths["plan-filtered"] = hrefs(page, ".breadcrumb a[href^='/piani/']")[0] + "?stato=concluso"
    page.goto(app_url + "/performance/")
    paths["performance-matrix"] = hrefs(page, "main a[href^='/performance/']")[0]
    page.goto(app_url + "/consiglio/")
    paths["council-act"] = hrefs(page, "main a[href^='/consiglio/atti/']")[0]
    paths["council-act-text"] = paths["council-act"] + "testo/"
    page.goto(app_url + "/documenti/sorgenti/")
    paths["source"] = hrefs(page, "table a[href^='/documenti/sorgenti/']")[0]
    paths["source-text"] = paths["source"] + "testo/"
    page.goto(app_url + paths["council-act"])
    page.goto(app_url + hrefs(page, "main a[href^='/piani/']")[0])
    paths["trace"] = hrefs(page, "main a[href^='/voci/']")[0].replace(
        "/voci/", "/tracciabilita/voci/"
    )
    page.goto(app_url + "/riservata/")
    paths["dashboard"] = hrefs(page, "main a[href^='/riservata/piani/']")[0]
    page.goto(app_url + "/riservata/campagne/")
    paths["campaign-board"] = hrefs(page, "main table a[href^='/riservata/campagne/']")[0]
    page.goto(app_url + paths["campaign-board"])
    paths["campaign-unit"] = hrefs(page, "main table a[href*='/unita/']")[0]
    context.close()
    assert {kind.name for kind in PAGE_TYPES} == set(paths)
    yield paths


def axe_violations(page: Page) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page, whatever its impact."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))  # not a <script>: see test_paths
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def wider_than_the_window(page: Page) -> list[str]:
    """The elements that stick out of the window on the right without a scrolling box to
    hold them: what makes the page scroll sideways (for the failure message)."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth, found = [];
            for (const element of document.body.querySelectorAll('*')) {
                const box = element.getBoundingClientRect();
                if (box.width === 0 || box.right <= width + 0.5) continue;
                // An absolutely positioned element escapes a scrolling box that is not its
                // containing block: report it whatever its ancestors.
                let parent = element.parentElement, clipped = false;
                const escapes = getComputedStyle(element).position === 'absolute';
                for (; parent && parent !== document.body && !escapes; parent = parent.parentElement) {
                    if (getComputedStyle(parent).overflowX !== 'visible') { clipped = true; break; }
                }
                if (!clipped) found.push(`${element.tagName.toLowerCase()}.${element.className} `
                    + `(${Math.round(box.right)} px): ${element.textContent.trim().slice(0, 40)}`);
            }
            return found.slice(0, 5);
        }"""
    )


def new_context(browser: Browser, width: int, staff_state: Any | None) -> BrowserContext:  # noqa: F811
    return browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]},
        locale="it-IT",
        storage_state=staff_state,
    )


def open_page(
    browser: Browser,  # noqa: F811
    width: int,
    staff_state: Any | None,
) -> tuple[BrowserContext, Page]:
    context = new_context(browser, width, staff_state)
    return context, context.new_page()


def wait_for_script_and_fonts(page: Page) -> None:
    """Bootstrap Italia's deferred bundle has run and the page's fonts have arrived."""
    page.wait_for_function("() => window.bootstrap && window.bootstrap.NavBarCollapsible")
    page.evaluate("async () => { await document.fonts.ready; }")
    loaded_families = page.evaluate(
        """() => [...new Set([...document.fonts].filter(f => f.status === 'loaded')
                .map(f => f.family.replace(/["']/g, '')))]"""
    )
    assert "Titillium Web" in loaded_families, loaded_families
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Titillium Web"')


def check_menu_on_a_phone(page: Page, kind: PageType) -> None:
    """The hamburger opens the menu; every entry is visible and clickable; Escape closes it."""
    menu = page.locator("#menu-principale")
    expect(menu).to_be_hidden()
    hamburger = page.get_by_role("button", name="Apri il menu")
    expect(hamburger).to_be_visible()
    hamburger.click()
    expect(menu).to_be_visible()
    expect(hamburger).to_have_attribute("aria-expanded", "true")
    check_menu_links_reachable(page)
    expect(menu.get_by_role("searchbox", name="Cerca nei piani e negli indicatori")).to_be_visible()
    # Once open, the menu takes the keyboard's focus (its close button), and Escape closes it.
    expect(menu.get_by_role("button", name="Chiudi il menu")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(hamburger).to_have_attribute("aria-expanded", "false")


def check_menu_on_a_desktop(page: Page) -> None:
    expect(page.get_by_role("button", name="Apri il menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Menu principale")).to_be_visible()
    check_menu_links_reachable(page)


# The menu's links that a pointer could not click where they are: centre outside the window,
# or another element on top of it. One evaluation for every link (a click per link, even a
# trial one, waits for the page to be still each time: a second per page).
UNREACHABLE_MENU_LINKS = """() => [...document.querySelectorAll(
        '#menu-principale .navbar-nav a')].flatMap(link => {
    const box = link.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const name = link.textContent.trim();
    if (box.width === 0 || box.height === 0 || x < 0 || y < 0 || x >= innerWidth
        || y >= innerHeight) return [`${name}: fuori dalla finestra`];
    const hit = document.elementFromPoint(x, y);
    return hit && link.contains(hit) ? [] : [`${name}: coperto da <${hit && hit.tagName}>`];
})"""


def check_menu_links_reachable(page: Page) -> None:
    """Every section's link is in the menu, in order, on screen and clickable (nothing over
    it), once the menu has finished moving into place."""
    links = page.locator("#menu-principale .navbar-nav").get_by_role("link")
    expect(links).to_have_text(MENU_LINKS)
    with suppress(PlaywrightTimeoutError):  # the assertion below says what is wrong
        page.wait_for_function(f"() => ({UNREACHABLE_MENU_LINKS})().length === 0", timeout=5000)
    assert page.evaluate(UNREACHABLE_MENU_LINKS) == [], page.url


@pytest.fixture(scope="module")
def tabs(
    browser: Browser,  # noqa: F811
    staff_state: Any,
) -> Iterator[Callable[[int, bool], Page]]:
    """`tabs(width, staff)`: one browser tab per width, for a visitor and for the staff,
    which each test sends to its page, as a reader goes from page to page in one tab. Each
    page starts from its own document (its scripts, menu and focus as loaded); the site's
    styles, scripts and fonts are fetched and compiled once per tab, and the tab's renderer
    process is started once, instead of for each of the 84 pages (a new tab cost a second
    of the machine's time before its page began to load)."""
    opened: dict[tuple[int, bool], Page] = {}

    def tab_for(width: int, staff: bool) -> Page:
        if (width, staff) not in opened:
            context = new_context(browser, width, staff_state if staff else None)
            opened[width, staff] = context.new_page()
        return opened[width, staff]

    yield tab_for
    for tab in opened.values():
        tab.context.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=[kind.name for kind in PAGE_TYPES])
def test_page_layout(
    app_url: str,  # noqa: F811
    tabs: Callable[[int, bool], Page],
    page_paths: dict[str, str],
    kind: PageType,
    width: int,
) -> None:
    page = tabs(width, kind.staff)
    with policy_violations_watched(page) as refused:
        response = page.goto(app_url + page_paths[kind.name])
        assert response is not None and response.status == kind.status, page.url
        wait_for_script_and_fonts(page)
        LAYOUT_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(LAYOUT_ARTIFACTS / f"{kind.name}-{width}.png"), full_page=True)

        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, (page.url, page_width, wider_than_the_window(page))

        account = "Area riservata" if kind.staff else "Accedi"
        header = page.locator(".it-header-slim-wrapper")
        expect(header.get_by_role("link", name=re.compile(f"^{account}"))).to_be_in_viewport()
        current = page.locator(".navbar-nav [aria-current='page']")
        if kind.menu_entry is None:
            expect(current).to_have_count(0)
        else:
            expect(current).to_have_text(kind.menu_entry)

        trail = page.get_by_role("navigation", name="Percorso di navigazione")
        if kind.breadcrumb:
            expect(trail.locator("ol.breadcrumb > li.breadcrumb-item").last).to_have_attribute(
                "aria-current", "page"
            )
        else:
            expect(trail).to_have_count(0)

        if width in AXE_WIDTHS:
            violations = axe_violations(page)
            assert not violations, f"{page.url} at {width} px: " + "; ".join(violations)
        if width < 992:
            check_menu_on_a_phone(page, kind)
        else:
            check_menu_on_a_desktop(page)
        assert not refused, f"{page.url} at {width} px: " + "; ".join(refused)


def test_keyboard_path_from_the_skip_link_to_a_search_on_a_phone(
    app_url: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    context, page = open_page(browser, 360, None)
    try:
        page.goto(app_url)
        wait_for_script_and_fonts(page)
        page.keyboard.press("Tab")
        skip_link = page.get_by_role("link", name="Vai al contenuto principale")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()
        hamburger = page.get_by_role("button", name="Apri il menu")
        for _ in range(10):
            page.keyboard.press("Tab")
            if hamburger.evaluate("b => b === document.activeElement"):
                break
        expect(hamburger).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#menu-principale")).to_be_visible()
        # Once open, the menu keeps the focus inside it and starts it on its close button, as
        # a keyboard user finds it: from there to the search. (Tabbing before the menu has
        # finished opening would have the focus pulled back to the close button halfway, and
        # an Enter meant for the search would close the menu.)
        expect(page.get_by_role("button", name="Chiudi il menu")).to_be_focused()
        search = page.locator("#cerca-menu")
        for _ in range(20):
            page.keyboard.press("Tab")
            if search.evaluate("field => field === document.activeElement"):
                break
        expect(search).to_be_focused()
        page.keyboard.type("scuola")
        expect(search).to_have_value("scuola")
        # Enter on the field itself: the menu's closing animation may move the focus after
        # the typing, and the key must reach the search it was typed in.
        search.press("Enter")
        # A search counts its facets over every match: under a loaded CI machine it may take
        # longer than the default five seconds to answer.
        expect(page).to_have_url(re.compile(r"/cerca\?q=scuola$"), timeout=60_000)
        expect(
            page.get_by_role("heading", level=2, name=re.compile("risultati per «scuola»"))
        ).to_be_visible(timeout=60_000)
    finally:
        context.close()


def test_the_phone_menu_leads_to_every_section(
    app_url: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    context, page = open_page(browser, 360, None)
    try:
        page.goto(app_url)
        menu_links = hrefs(page, ".navbar-nav a.nav-link")
        assert len(menu_links) == len(MENU_LINKS)
        for href in menu_links:
            assert page.request.get(app_url + href).status == 200, href
        for label, path in [
            ("Copertura", "/tracciabilita/copertura/"),
            ("Edizioni", "/tracciabilita/edizioni/"),
        ]:
            page.goto(app_url)
            wait_for_script_and_fonts(page)
            page.get_by_role("button", name="Apri il menu").click()
            page.locator("#menu-principale").get_by_role("link", name=label, exact=True).click()
            expect(page).to_have_url(app_url + path)
            expect(page.locator(".navbar-nav [aria-current='page']")).to_have_text(label)
    finally:
        context.close()
