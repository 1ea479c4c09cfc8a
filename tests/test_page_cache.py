"""The public pages served from the cache keyed by the data's version (web.page_cache):
rendered once per write, revalidated with an ETag, never shared with a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings: Any) -> Iterator[None]:
    """The production setting, with an empty cache: a test finds no page of another."""
    settings.CRUSCOTTO_PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def amministratore(username: str) -> Client:
    user = User.objects.create_user(username)
    Role.objects.create(user=user, ente=None, kind=Role.Kind.AMMINISTRATORE)
    client = Client()
    client.force_login(user)
    return client


def admin_form(client: Client, url: str) -> dict[str, Any]:
    """What the admin's change form posts back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def a_log_entry() -> LogEntry:
    entry = LogEntry.objects.select_related("responsibility__item").order_by("pk").first()
    assert entry is not None
    return entry


def test_a_page_is_rendered_once_then_served_with_one_query(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    url = f"/voci/{a_log_entry().responsibility.item_id}/"
    first = client.get(url)
    with django_assert_num_queries(1):  # the data's version, nothing else
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, no-cache"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Cookie" in second["Vary"]


def test_a_browser_holding_the_page_gets_a_304(seeded_db: LoadResult, client: Client) -> None:
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get("/", HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_write_gives_the_next_visitor_the_new_page(seeded_db: LoadResult, client: Client) -> None:
    entry = a_log_entry()
    url = f"/voci/{entry.responsibility.item_id}/"
    before = client.get(url)
    assert "Azioni riviste da Anna." not in before.content.decode()

    anna = amministratore("anna")
    admin_url = f"/admin/plans/logentry/{entry.pk}/change/"
    saved = anna.post(admin_url, {**admin_form(anna, admin_url), "text": "Azioni riviste da Anna."})
    assert saved.status_code == 302

    after = client.get(url)
    assert "Azioni riviste da Anna." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    # The copy a browser held is stale: it is given the new page, not a 304.
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_signed_in_user_is_never_given_the_shared_page(
    seeded_db: LoadResult, client: Client
) -> None:
    anonymous = client.get("/").content.decode()
    anna = amministratore("anna")
    signed_in = anna.get("/")
    assert signed_in.status_code == 200
    assert "Esci" in signed_in.content.decode() and "Esci" not in anonymous
    assert not signed_in.has_header("ETag")
    # …and what she was shown is not given to the next anonymous visitor.
    assert client.get("/").content.decode() == anonymous


def test_the_login_page_with_its_csrf_cookie_is_not_shared(
    seeded_db: LoadResult, client: Client
) -> None:
    response = client.get("/accesso/")
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert "csrftoken" in response.cookies


def test_the_open_data_json_is_computed_once_per_write(
    seeded_db: LoadResult, client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get("/api/copertura/")
    with django_assert_num_queries(1):
        second = client.get("/api/copertura/")
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert second.json() == first.json()
    # The API v1 keeps its own validators, per reader.
    assert client.get("/api/v1/copertura/")["Cache-Control"] == "private, no-cache"
