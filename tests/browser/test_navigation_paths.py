"""A citizen's questions answered by navigation, in a real Chromium (fixtures of test_paths):
from the site home to an ente's progress, to the activities a number counts, narrowed by
facets, downloaded as XLSX."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from test_paths import app_url, assert_accessible, browser, page

__all__ = ["app_url", "browser", "page"]  # the fixtures, shared with test_paths


def test_a_citizen_goes_from_an_ente_home_to_the_concluded_activities_of_a_missione(
    app_url: str, page: Page
) -> None:
    page.goto(app_url)
    ente_urls: list[str] = page.eval_on_selector_all(
        "a[href^='/enti/']", "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(ente_urls) >= 2  # every ente the demo imports plans for
    with_progress = []
    for url in ente_urls:
        page.goto(app_url + url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        if page.locator("table").count():
            with_progress.append(url)
    assert with_progress  # an ente whose departments report their activities' status
    page.goto(app_url + with_progress[0])
    table = page.locator("table").first
    expect(table.locator("caption")).to_contain_text("attività per stato")
    # The first row's first non-zero status count: following it lists as many activities.
    cell = table.locator("tbody tr").first.locator("td a").first
    count = cell.inner_text()
    cell.click()
    expect(page.get_by_text(f"{count} voci trovate")).to_be_visible()
    assert_accessible(page)

    # Narrowed by a programma of the missione: the option said how many it would give.
    programma = page.get_by_label("Programma", exact=True)
    option = programma.locator("option").nth(1)
    label, value = option.inner_text(), str(option.get_attribute("value"))
    found = re.search(r"\((\d+)\)$", label)
    assert found is not None, label
    programma.select_option(value)
    page.get_by_role("button", name="Filtra").click()
    expect(page.get_by_text(f"{found.group(1)} voci trovate")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica XLSX").click()
    path = download.value.path()
    assert path is not None
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet is not None
    assert sheet.max_row - 1 == int(found.group(1))
