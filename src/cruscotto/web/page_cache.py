"""Public pages served from a cache keyed by the data's version, with an ETag.

A public page shows the stored data and nothing else that changes by itself: it changes
only when something is written, and every write leaves a trace (an import or a deletion
an AuditEntry, a user's edit a UserEdit, a document its import time, a built document its
PublishedFile row). So the page rendered for a version of the data is the page for every
anonymous visitor until the next write: the version (one query) keys a cache of the
rendered pages, and an ETag derived from it lets a browser or a proxy that already holds
the page get a 304 without the page being rendered again.

Only anonymous visitors are served from the cache (no session, no messages, no
credentials): what a signed-in user sees depends on who they are. Only complete HTML
pages and JSON answers are kept: a response that sets a cookie (a form's CSRF token), carries its own
validators (the documents to download) or is not a 200 is passed through untouched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from cruscotto.core.models import AuditEntry, SourceDocument, UserEdit
from cruscotto.reports.models import PublishedFile

PAGE_CACHE = "pages"
# Areas with their own rules: the admin and the reserved area (who reads matters), the API
# v1 (its own validators), the sign-in pages (forms with a CSRF token), the static files.
# The unversioned /api/ answers an anonymous reader the same JSON as anyone: it is cached.
NOT_CACHED_PREFIXES = (
    "/admin/",
    "/api/v1/",
    "/riservata/",
    "/accesso/",
    "/uscita/",
    "/identita/",
    "/static/",
)
SHARED_CONTENT_TYPES = ("text/html", "application/json")
# The largest answers (a plan's every item as open data, a document's whole text: about
# 1 MB on the seed) are the costliest to compute and few, one per plan or document; an
# answer larger than this is computed each time rather than held in every worker's memory.
MAX_CACHED_BYTES = 4_000_000
# Headers of the stored page that are the page's own; the rest are set per response.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
)
# The stored page may be fetched again by a proxy or the browser, which must ask first:
# the ETag makes asking cheap.
CACHE_CONTROL = "public, no-cache"


def public_data_version() -> str:
    """Return the version of everything a public page shows, as a string that changes with
    every recorded write. One query."""
    tables = {
        "audit": AuditEntry._meta.db_table,
        "edits": UserEdit._meta.db_table,
        "documents": SourceDocument._meta.db_table,
        "published": PublishedFile._meta.db_table,
    }
    # Scalar subqueries in one statement: the newest of each trace, read from the primary
    # keys' and the timestamps' maxima (a rolled back write can give its id to the next
    # one, not its time). Table names come from the models, not from the request.
    sql = (
        f"SELECT (SELECT MAX(id) FROM {tables['audit']}), (SELECT MAX(at) FROM {tables['audit']}),"
        f" (SELECT MAX(id) FROM {tables['edits']}), (SELECT MAX(at) FROM {tables['edits']}),"
        f" (SELECT COUNT(*) FROM {tables['documents']}),"
        f" (SELECT MAX(imported_at) FROM {tables['documents']}),"
        f" (SELECT COUNT(*) FROM {tables['published']}),"
        f" (SELECT MAX(updated_at) FROM {tables['published']})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)


def is_anonymous_page_request(request: HttpRequest) -> bool:
    """Whether `request` reads a public page as an anonymous visitor would."""
    if request.method != "GET" or request.path.startswith(NOT_CACHED_PREFIXES):
        return False
    if "Authorization" in request.headers:
        return False
    personal_cookies = (settings.SESSION_COOKIE_NAME, "messages")
    return not any(name in request.COOKIES for name in personal_cookies)


def is_shared_page(response: HttpResponseBase) -> bool:
    """Whether `response` is a complete page that every anonymous visitor may be given."""
    return (
        isinstance(response, HttpResponse)
        and not response.streaming
        and response.status_code == 200
        and not response.cookies
        and not response.has_header("ETag")
        and "private" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith(SHARED_CONTENT_TYPES)
        and len(response.content) <= MAX_CACHED_BYTES
    )


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the page cache (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.CRUSCOTTO_PAGE_CACHE or not is_anonymous_page_request(request):
            return self.get_response(request)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = hashlib.sha256(
            f"{public_data_version()}|{get_language()}|{address}".encode()
        ).hexdigest()
        etag = quote_etag(key[:32])
        if etag in parse_if_none_match(request):
            return mark(HttpResponseNotModified(), etag)
        cache = caches[PAGE_CACHE]
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            page = HttpResponse(content)
            for name, value in headers.items():
                page[name] = value
            return mark(page, etag)
        response = self.get_response(request)
        if not is_shared_page(response):
            return response
        assert isinstance(response, HttpResponse)  # is_shared_page checked it
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers))
        return mark(response, etag)


def parse_if_none_match(request: HttpRequest) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def mark(response: HttpResponseBase, etag: str) -> HttpResponseBase:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    # Signed-in visitors are given another page at the same address.
    patch_vary_headers(response, ("Cookie",))
    return response
