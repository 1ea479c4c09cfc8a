"""Benchmark at scale: the main pages, the API lists, search, coverage and a report
with N generated enti (see bench/generate.py), on PostgreSQL by default.

Starts a private PostgreSQL cluster as bin/pg-test-server does (port 54714, data in
/tmp) and a database per N, generates the enti that are not there yet (an earlier
run's are reused), then prints for each page p50/p95 latency and its SQL queries,
the import time per ente at this size and the database's size; the last line is
`scale: enti=N worst_p95_ms=X max_queries=Q`. With a `sqlite:///` URL it runs on
SQLite. Targets (issue 19): p95 ≤ 300 ms at N=312, the same query counts at any N.

The pages are requested through Django's test client, in this process: the time is
the server's own (URL routing, views, templates, database), without a network and a
WSGI server in between, and each request's SQL queries can be counted where they
run. bench/load.py measures the same pages through `cruscotto serve` under load.

    .venv/bin/python bench/scale.py --enti N [--years Y] [--database-url URL]

The private cluster is left running, for the next N; stop it and free the disk with
`runuser -u postgres -- pg_ctl -D /tmp/cruscotto-scale-pg stop && rm -rf
/tmp/cruscotto-scale-pg` (without `runuser` when not root).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (bench/generate.py, beside this file)

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = "54714"
PG_DIR = "/tmp/cruscotto-scale-pg"
P95_TARGET_MS = 300
# Enti imported inside a transaction that is rolled back, to time an import at this size
# without changing the data measured.
TIMED_IMPORTS = 2
PAGE_BUDGET_SECONDS = 30


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    reserved: bool = False  # asked by the ufficio (logged in), not by a citizen


@dataclass
class Measured:
    page: Page
    status: int
    p50_ms: float
    p95_ms: float
    queries: int
    requests: int


# The memory a server of this size is given (about a quarter of the machine's): with the test
# clusters' default 128 MB, the search's matches at 312 enti × 5 esercizi were read from the
# disk cache at every request (p95 357 ms instead of 285).
SERVER_OPTIONS = "-c shared_buffers=2GB"


def private_postgresql_url(enti: int) -> str:
    """Start (or find running) the private cluster and return the URL of the database for N."""
    environment = {
        **os.environ,
        "CRUSCOTTO_PG_PORT": PG_PORT,
        "CRUSCOTTO_PG_DIR": PG_DIR,
        "CRUSCOTTO_PG_OPTIONS": SERVER_OPTIONS,
    }
    server = subprocess.run(
        [str(ROOT / "bin" / "pg-test-server")],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    base_url = server.stdout.strip().rsplit("/", 1)[0]
    database = f"scala_{enti}"
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    return f"{base_url}/{database}"


def pages_of(ente_code: str) -> list[Page]:
    """The pages measured, for the first generated ente and its plans (and the PSM's)."""
    from cruscotto.indicators.models import Indicator
    from cruscotto.performance.models import Assignment
    from cruscotto.plans.models import Plan, PlanItem

    plans = Plan.objects.filter(ente__code=ente_code)
    dup = plans.get(kind=Plan.Kind.DUP)
    mandate = plans.filter(kind=Plan.Kind.MANDATO).order_by("code").first()
    performance = plans.filter(kind=Plan.Kind.PERFORMANCE).order_by("-code").first()
    psm = Plan.objects.filter(kind=Plan.Kind.PSM).order_by("-period_start").first()
    activity = (
        PlanItem.objects.filter(plan=dup, level=PlanItem.Level.ATTIVITA).order_by("id").first()
    )
    indicator = Indicator.objects.filter(plan=dup).order_by("id").first()
    assert activity is not None and indicator is not None and performance is not None
    assert Assignment.objects.filter(plan=performance).exists()
    from cruscotto.core.models import SourceDocument

    year = (
        SourceDocument.objects.filter(ente__code=ente_code, format="rendiconto")
        .order_by("-reference_year")
        .values_list("reference_year", flat=True)
        .first()
    )
    word = search_word(activity.title)
    pages = [
        Page("home", "/"),
        Page("ente", f"/enti/{ente_code}/"),
        Page("piano DUP", f"/piani/{dup.pk}/"),
        Page("piano DUP, attività", f"/piani/{dup.pk}/?livello=attivita"),
        Page("attività", f"/voci/{activity.pk}/"),
        Page("indicatore", f"/indicatori/{indicator.pk}/"),
        Page("performance", f"/performance/{performance.pk}/"),
        Page("performance, xlsx", f"/performance/{performance.pk}/assegnazioni.xlsx", True),
        Page("copertura", "/tracciabilita/copertura/"),
        Page("copertura, un ente", f"/tracciabilita/copertura/?ente={ente_code}"),
        Page("tracciabilità", f"/tracciabilita/voci/{activity.pk}/"),
        Page("ricerca", f"/cerca?q={word}"),
        Page("documenti", "/documenti/"),
        Page(
            "relazione, xlsx",
            f"/documenti/controllo-strategico/{ente_code}/{year}.xlsx",
        ),
        Page("api piani", "/api/v1/piani/"),
        Page("api documenti", "/api/v1/documenti/"),
        Page("api copertura", "/api/v1/copertura/"),
        Page("api copertura, un ente", f"/api/v1/copertura/?ente={ente_code}"),
        Page("api edizioni", "/api/v1/edizioni/"),
        Page("api riepilogo", "/api/v1/riepilogo/"),
        Page("api riepilogo, un ente", f"/api/v1/riepilogo/?ente={ente_code}"),
        Page(
            "api assegnazioni",
            f"/api/v1/piani/{ente_code}/performance/{performance.code}/assegnazioni/",
        ),
    ]
    if mandate is not None:
        pages.insert(3, Page("piano di mandato", f"/piani/{mandate.pk}/"))
    if psm is not None:
        pages.insert(6, Page("monitoraggio PSM", f"/monitoraggio/{psm.pk}/"))
    return pages


def search_word(title: str) -> str:
    """A word of the ente's own data to search for: the longest of an activity's title."""
    # After an apostrophe the word itself: "dell'amministrazione" is found as "amministrazione".
    words = [word.split("'")[-1].strip('.,;:()«»"').lower() for word in title.split()]
    return max(words, key=len)


def build_published_documents(pages: list[Page], client: Any) -> float:
    """Ask for the published documents once and build them, as the worker would; return
    the seconds the build took (a one-off cost, not a page's)."""
    from cruscotto.reports.services.publishing import process_queue

    started = time.perf_counter()
    for page in pages:
        if page.path.startswith("/documenti/") and page.path.count("/") > 2:
            client.get(page.path)
    process_queue()
    return time.perf_counter() - started


def measure(page: Page, client: Any, requests: int) -> Measured:
    """Request the page `requests` times after a warm-up request: its latency and queries.

    A page slower than PAGE_BUDGET_SECONDS / `requests` is asked fewer times (at least
    once), so that one page far off target does not hold the whole run; `requests` in
    the result says how many times it was.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(page.path)
    warm_up = time.perf_counter() - started
    requests = max(1, min(requests, int(PAGE_BUDGET_SECONDS / max(warm_up, 0.001))))
    timings = []
    for _ in range(requests):
        # The last request's queries are counted: the warm-up may fill caches.
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page.path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
    p95 = (
        statistics.quantiles(timings, n=20, method="inclusive")[18]
        if len(timings) > 1
        else timings[0]
    )
    return Measured(
        page, response.status_code, statistics.median(timings), p95, len(queries), requests
    )


def time_imports_at_this_size(count: int) -> list[float]:
    """Seconds to import the documents of `count` more enti, each undone afterwards."""
    from django.db import transaction

    samples = generate.SampleDocuments()
    years = samples.years(1)
    opener = generate.campaign_opener()
    seconds = []
    for number in range(count):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                generate.generate_ente(
                    samples, generate.ente_code(900 + number), years, opener, generate.Generation()
                )
                seconds.append(time.perf_counter() - started)
                raise UndoTimedImport
        except UndoTimedImport:
            pass
    return seconds


class UndoTimedImport(Exception):
    """Rolls back an import done only to time it."""


def database_size() -> tuple[int, list[tuple[str, int]]]:
    """The database's size in bytes and its five largest tables (with their indexes)."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            total = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables"
                " ORDER BY 2 DESC LIMIT 5"
            )
            return total, [(name, int(size)) for name, size in cursor.fetchall()]
    path = Path(settings.DATABASES["default"]["NAME"])
    return path.stat().st_size, []


def count_rows() -> dict[str, int]:
    from cruscotto.core.models import Ente
    from cruscotto.indicators.models import Indicator, Measurement
    from cruscotto.plans.models import PlanItem

    return {
        "enti": Ente.objects.count(),
        "voci": PlanItem.objects.count(),
        "indicatori": Indicator.objects.count(),
        "valori": Measurement.objects.count(),
    }


def mebibytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enti", type=int, required=True, help="quanti enti generati")
    parser.add_argument("--years", type=int, default=1, help="esercizi importati per ente")
    parser.add_argument("--requests", type=int, default=20, help="richieste per pagina")
    parser.add_argument(
        "--database-url", help="default: un cluster PostgreSQL privato (porta 54714, in /tmp)"
    )
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="lascia attiva la cache delle pagine pubbliche (di norma spenta: si misura la pagina)",
    )
    args = parser.parse_args()
    os.environ.setdefault("CRUSCOTTO_VAR", tempfile.mkdtemp(prefix="cruscotto-scale-var-"))
    generate.configure_django(args.database_url or private_postgresql_url(args.enti))
    from django.conf import settings

    # A citizen's page is served from the page cache after its first request: the repeats
    # would time the cache, not the page. Off, each request renders what it shows.
    settings.CRUSCOTTO_PAGE_CACHE = args.page_cache
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    generation = generate.generate(args.enti, args.years)
    for line in generate.describe(generation, args.years):
        print(line)
    if connection.vendor == "postgresql":
        # The planner's statistics of the tables just filled, as autovacuum would make them
        # in a while: a page is measured with the plans a running database would choose.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_test_environment()
    citizen, ufficio = Client(), Client()
    ufficio.force_login(User.objects.get(username="generatore-scala"))
    pages = pages_of(generate.ente_code(1))
    build_seconds = build_published_documents(pages, citizen)
    rows = count_rows()
    print(f"database: {connection.vendor}; " + "; ".join(f"{k}: {v}" for k, v in rows.items()))
    print(f"costruzione dei documenti pubblicati (una volta): {build_seconds * 1000:.0f} ms")
    print(f"{'pagina':<22} {'stato':>5} {'p50 ms':>8} {'p95 ms':>8} {'query':>6} {'n':>3}")
    results = []
    for page in pages:
        result = measure(page, ufficio if page.reserved else citizen, args.requests)
        results.append(result)
        flag = "" if result.p95_ms <= P95_TARGET_MS else "  oltre 300 ms"
        print(
            f"{page.name:<22} {result.status:>5} {result.p50_ms:8.1f} {result.p95_ms:8.1f}"
            f" {result.queries:>6} {result.requests:>3}{flag}   {page.path}",
            flush=True,
        )
    imports = time_imports_at_this_size(TIMED_IMPORTS)
    print(
        f"importazione di un ente in più (relazione, performance, consiglio, campagna):"
        f" mediana {statistics.median(imports):.2f} s"
    )
    total, largest = database_size()
    print(f"dimensione del database: {mebibytes(total)}")
    for name, size in largest:
        print(f"  {name}: {mebibytes(size)}")
    failed = [result for result in results if result.status >= 400]
    for result in failed:
        print(f"errore: {result.page.name} ha risposto {result.status}")
    worst = max(result.p95_ms for result in results)
    most = max(result.queries for result in results)
    print(f"scale: enti={args.enti} worst_p95_ms={worst:.0f} max_queries={most}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
