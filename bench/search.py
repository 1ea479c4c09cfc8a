"""Benchmark: the search page on the seed documents, through Django's test client.

Imports the bundled samples into a fresh SQLite file (or DATABASE_URL), then prints, for a
broad, a middling and a narrow query, with and without facets, the number of results, the
SQL queries and the median and p95 of rendering the page over `--requests` requests.

    .venv/bin/python bench/search.py [--requests 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from typing import Any

QUERIES = [
    {"q": "attività"},  # most of the seed: several pages
    {"q": "attività", "tipo": "item", "anno": "2024", "stato": "in_corso"},
    {"q": "scuola"},
    {"q": "scuola", "ente": "torino", "anno": "2025"},
    {"q": "decentramento"},
]


def count_query(
    queries: list[str], execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    queries.append(sql)
    return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=50, help="requests per query")
    parser.add_argument(
        "--database-url", help="default: a fresh SQLite file in a temporary directory"
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="cruscotto-search-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "cruscotto", "demo", "--no-serve"], check=True, capture_output=True
    )
    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    print(f"{'pagina':60} {'risultati':>9} {'query':>5} {'p50 ms':>7} {'p95 ms':>7}")
    worst = 0.0
    client.get("/cerca", {"q": "avvio"})  # the first request opens the connection
    for parameters in QUERIES:
        queries: list[str] = []
        with connection.execute_wrapper(partial(count_query, queries)):
            response = client.get("/cerca", parameters)
        assert response.status_code == 200
        total = response.context["page"].total
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get("/cerca", parameters)
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[18]
        worst = max(worst, p95)
        label = "&".join(f"{key}={value}" for key, value in parameters.items())
        print(
            f"{label:60} {total:>9} {len(queries):>5} {statistics.median(times):>7.1f} {p95:>7.1f}"
        )
    print(f"p95 peggiore: {worst:.1f} ms")


if __name__ == "__main__":
    main()
