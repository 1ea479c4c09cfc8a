"""The Content-Security-Policy and the pages that must satisfy it.

Every page carries the policy, and nothing in a page needs more than it allows:
no inline script (chart data travel as JSON, which is not run), no script or
stylesheet from another site. (Inline styles are allowed: Bootstrap Italia's
script sets them; the browser tests fail on anything the policy refuses.) The pages are found by
following the links of the home page on the imported seed, as a visitor would.
"""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from cruscotto.loaders.common import LoadResult

POLICY = "Content-Security-Policy"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EXTERNAL_ASSET = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(?:https?:)?//', re.I)


def public_pages(client: Client, limit: int = 40) -> list[str]:
    found, frontier = ["/"], ["/"]
    while frontier and len(found) < limit:
        page = client.get(frontier.pop(0))
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="(/[^"#]*)"', page.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in found and not re.search(r"^/(admin|static)/|\.(pdf|xlsx|csv)$", link):
                found.append(link)
                frontier.append(link)
    return found[:limit]


def directives(response: HttpResponse) -> dict[str, set[str]]:
    parsed = {}
    for directive in response[POLICY].split(";"):
        name, *sources = directive.split()
        parsed[name] = set(sources)
    return parsed


def test_every_page_has_the_policy_and_needs_nothing_it_forbids(
    seeded_db: LoadResult, db: None
) -> None:
    client = Client()
    pages = public_pages(client)
    assert len(pages) > 10
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        policy = directives(response)
        assert policy["script-src"] == {"'self'"}, path
        assert policy["default-src"] == {"'self'"} and policy["object-src"] == {"'none'"}, path
        body = response.content.decode()
        for attributes, code in SCRIPT_TAG.findall(body):
            assert "src=" in attributes or 'type="application/json"' in attributes, (path, code)
        assert not EXTERNAL_ASSET.search(body), path


@pytest.mark.parametrize("path", ["/accesso/", "/admin/login/", "/pagina-che-non-esiste/"])
def test_pages_without_data_carry_it_too(db: None, path: str) -> None:
    response = Client().get(path)
    assert "default-src 'self'" in response[POLICY]
    assert "frame-ancestors 'none'" in response[POLICY]
