"""Bootstrap Italia as the pages load it: its script, its fonts and its icons are served by
the app itself (no CDN), and the header menu leads to every public section."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.test import Client
from django.urls import resolve

from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.plans.models import Plan

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
PERFORMANCE_SEED = ROOT / "samples" / "004_63c10e375ed7a47e.txt"
BOOTSTRAP_ITALIA_CSS = (
    ROOT / "node_modules" / "bootstrap-italia" / "dist" / "css" / "bootstrap-italia.min.css"
)


class PageAssets(HTMLParser):
    """The stylesheets, scripts, icon sprites and menu links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.icons: list[str] = []
        self.menu_links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"] or "")
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes)
        elif tag == "use":
            self.icons.append(attributes["href"] or "")
        elif tag == "a" and "nav-link" in classes:
            self.menu_links.append((attributes["href"] or "", "aria-current" in attributes))


def read(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content


def page_assets(client: Client, url: str) -> PageAssets:
    parser = PageAssets()
    parser.feed(read(client, url).decode())
    return parser


def test_bootstrap_italia_script_is_served_and_deferred(seeded_db: LoadResult) -> None:
    client = Client()
    assets = page_assets(client, "/")
    bundle = [
        s for s in assets.scripts if (s["src"] or "").endswith("bootstrap-italia.bundle.min.js")
    ]
    assert len(bundle) == 1 and "defer" in bundle[0]
    assert read(client, bundle[0]["src"] or "").startswith(b"!function")


def test_every_font_face_of_the_pages_resolves_to_a_served_font(seeded_db: LoadResult) -> None:
    """The @font-face rules' relative URLs, resolved against the stylesheet as a browser
    does, answer 200 with a WOFF file; and they declare every family Bootstrap Italia uses."""
    client = Client()
    assets = page_assets(client, "/")
    declared: set[str] = set()
    fetched = 0
    for stylesheet in assets.stylesheets:
        css = read(client, stylesheet).decode()
        for rule in re.findall(r"@font-face\s*\{([^}]*)\}", css):
            family = re.search(r"font-family:\s*'([^']+)'", rule)
            if family is None:  # Bootstrap Italia's embedded video-player icons
                continue
            declared.add(family.group(1))
            for url in re.findall(r"url\('([^']+)'\)", rule):
                font = read(client, urljoin(stylesheet, url))
                assert font[:4] in (b"wOF2", b"wOFF"), url
                fetched += 1
    used = set(re.findall(r'font-family:"([^"]+)"', BOOTSTRAP_ITALIA_CSS.read_text()))
    assert {"Titillium Web", "Lora", "Roboto Mono"} <= used
    assert used <= declared
    # Titillium Web in 4 weights, Lora and Roboto Mono in 2, each upright and italic, as
    # WOFF2 and WOFF.
    assert fetched == 2 * 2 * (4 + 2 + 2)


def test_the_header_icons_come_from_the_served_sprite(seeded_db: LoadResult) -> None:
    client = Client()
    assets = page_assets(client, "/")
    sprite_urls = {icon.split("#")[0] for icon in assets.icons}
    assert len(sprite_urls) == 1
    sprite = read(client, sprite_urls.pop()).decode()
    for icon in assets.icons:
        assert f'id="{icon.split("#")[1]}"' in sprite, icon


def test_the_menu_leads_to_every_public_section_and_marks_the_current_one(
    seeded_db: LoadResult,
) -> None:
    client = Client()
    menu = page_assets(client, "/tracciabilita/edizioni/").menu_links
    assert [href for href, _ in menu] == [
        "/",
        "/monitoraggio/",
        "/performance/",
        "/consiglio/",
        "/documenti/",
        "/documenti/sorgenti/",
        "/tracciabilita/copertura/",
        "/tracciabilita/edizioni/",
        "/cerca",
    ]
    assert [href for href, current in menu if current] == ["/tracciabilita/edizioni/"]
    # Each is a page of the app (the browser tests open them on the demo's data).
    assert all(resolve(href) for href, _ in menu)


def test_the_performance_section_lists_the_performance_plans(empty_db: None) -> None:
    client = Client()
    assert "Nessun piano della performance importato." in read(client, "/performance/").decode()
    source = SourceFile.read(PERFORMANCE_SEED)
    load_performance_plan(parse_and_check(source.text), source, actor="test")
    plan = Plan.objects.get(kind=Plan.Kind.PERFORMANCE)
    page = read(client, "/performance/").decode()
    assert f'<a href="/performance/{plan.pk}/">{plan.title}</a>' in page
    assert plan.ente.name in page


def test_search_results_page_with_bootstrap_italia_pagination(seeded_db: LoadResult) -> None:
    """Second of several pages: previous, first, current (aria-current), last and next."""
    client = Client()
    page = read(client, "/cerca?q=servizi&pagina=2").decode()
    pages = int(re.search(r"pagina 2 di (\d+)", page).group(1))  # type: ignore[union-attr]
    assert pages > 3
    pagination = page[page.index('<ul class="pagination">') : page.index("</ul></nav>")]
    links = re.findall(r'<a class="page-link" href="\?q=servizi&amp;pagina=(\d+)"', pagination)
    assert links == ["1", "1", "2", str(pages), "3"]
    assert pagination.count('aria-current="page"') == 1
    assert (
        '<li class="page-item active"><a class="page-link" href="?q=servizi&amp;pagina=2" aria-current="page">'
        in pagination
    )
    assert "Pagina precedente" in pagination and "Pagina successiva" in pagination
