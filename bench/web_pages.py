"""Benchmark: median and p95 response time of the main pages, served by gunicorn.

Target (issue 6): p95 under 150 ms on the seed data, with the development
server off and the production WSGI server on (`cruscotto serve`).

    .venv/bin/python bench/web_pages.py [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[float, str]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
    return time.perf_counter() - started, body


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=40, help="requests per page")
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="serve the public pages from their cache (default: time each page as rendered)",
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="cruscotto-web-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "CRUSCOTTO_PAGE_CACHE": "1" if args.page_cache else "0",
    }
    cruscotto = [sys.executable, "-m", "cruscotto"]
    subprocess.run([*cruscotto, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*cruscotto, "serve", "--port", str(port), "--workers", str(WORKERS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _, home = fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        plan = re.search(r'href="(/piani/\d+/)"', home)
        assert plan, "no plan on the home page"
        _, plan_page = fetch(base + plan.group(1))
        item = re.findall(r'href="(/voci/\d+/)"', plan_page)[40]
        _, item_page = fetch(base + item)
        indicator = re.search(r'href="(/indicatori/\d+/)"', item_page) or re.search(
            r'href="(/indicatori/\d+/)"', fetch(base + "/cerca?q=risorse")[1]
        )
        assert indicator, "no indicator found"
        pages = {
            "home": "/",
            "plan tree": plan.group(1),
            "plan filtered": plan.group(1) + "?stato=concluso&tag=citta_torino%3A1",
            "plan activities": plan.group(1) + "?livello=attivita",
            "coverage": "/tracciabilita/copertura/",
            "monitoring": "/monitoraggio/",
            "item": item,
            "indicator": indicator.group(1),
            "indicator csv": indicator.group(1) + "csv/",
            "search": "/cerca?q=decentramento",
            "documents": "/documenti/sorgenti/",
            "document text": "/documenti/sorgenti/1/testo/",  # 2,912 lines: the largest page
            "api plan": "/api/piani/torino/dup/2021-2026/",  # every item, as open data
            "api coverage": "/api/copertura/",
        }
        cache = "from the page cache" if args.page_cache else "rendered (page cache off)"
        print(f"gunicorn, {WORKERS} workers, SQLite, {args.requests} requests per page, {cache}")
        print(f"{'page':<16}{'median ms':>10}{'p95 ms':>10}")
        worst = 0.0
        for name, path in pages.items():
            for _ in range(WORKERS):  # a warm-up for each worker, which answers in turn
                fetch(base + path)
            times = sorted(fetch(base + path)[0] * 1000 for _ in range(args.requests))
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            worst = max(worst, p95)
            print(f"{name:<16}{statistics.median(times):>10.1f}{p95:>10.1f}")
        print(f"worst p95: {worst:.1f} ms (target < 150 ms)")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
