"""Benchmark: many citizens at once on the public pages, against `cruscotto serve`.

Imports the bundled samples into a fresh database (or uses --database-url as it is
with --no-import), starts `cruscotto serve` on a free loopback port in production
mode (CRUSCOTTO_HTTPS=1 behind a pretend proxy: every request says X-Forwarded-Proto
https), finds the public pages by following the links of the home page (two clicks
deep, downloads and the reserved area left out), then runs --clients concurrent
clients, each with its own keep-alive connection, requesting those pages in turn for
--seconds. Prints throughput, p50/p95/p99 and errors (status ≥ 400 or a failed
connection), per page the slowest; the last line sums it up. Target (issue 17): with
50 clients for 2 minutes, 0 errors and p95 ≤ 300 ms on a 2-core machine.

Loopback only and bounded in time: it never aims at another host.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 120] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

CRUSCOTTO = Path(sys.executable).parent / "cruscotto"
HOST = "127.0.0.1"
HEADERS = {"X-Forwarded-Proto": "https", "Host": HOST, "Accept-Language": "it"}
# Followed from the home page: public pages only, not files to download (built documents,
# open data) nor the pages that need a login.
LEFT_OUT = re.compile(r"^/(riservata|admin|accesso|esci|static|api)/|\.(pdf|xlsx|csv|json|zip)$")
MAX_PAGES = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    return response.status, response.read()


def wait_for(port: int, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"cruscotto serve si è fermato (codice {server.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("cruscotto serve non risponde")


def public_pages(port: int) -> list[str]:
    """The home page and the pages its links lead to, two clicks deep."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    found, frontier = ["/"], ["/"]
    for _depth in range(2):
        next_frontier = []
        for path in frontier:
            status, body = get(connection, path)
            if status != 200:
                continue
            for link in re.findall(rb'href="(/[^"#]*)"', body):
                target = link.decode().replace("&amp;", "&")
                if target not in found and not LEFT_OUT.search(target.split("?")[0]):
                    found.append(target)
                    next_frontier.append(target)
                    if len(found) >= MAX_PAGES:
                        return found
        frontier = next_frontier
    return found


def client(
    port: int, pages: list[str], start: int, stop_at: float, results: list[tuple[str, float, int]]
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    position = start
    while time.monotonic() < stop_at:
        path = pages[position % len(pages)]
        position += 1
        began = time.perf_counter()
        try:
            status, _ = get(connection, path)
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        results.append((path, time.perf_counter() - began, status))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--database-url", help="default: a fresh SQLite file, samples imported")
    parser.add_argument("--no-import", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cruscotto-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/load.sqlite3",
        "CRUSCOTTO_HTTPS": "1",
        "CRUSCOTTO_SECRET_KEY": secrets.token_urlsafe(50),
        "CRUSCOTTO_ALLOWED_HOSTS": HOST,
    }
    if not args.no_import:
        print("Importo i documenti di esempio…", flush=True)
        subprocess.run([str(CRUSCOTTO), "demo", "--no-serve"], env=env, check=True,
                       capture_output=True)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [str(CRUSCOTTO), "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server)
        pages = public_pages(port)
        print(f"{len(pages)} pagine pubbliche; {args.clients} client per {args.seconds:.0f} s…")
        results: list[tuple[str, float, int]] = []
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(port, pages, n, stop_at, results))
            for n in range(args.clients)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, elapsed, args.clients)


def report(results: list[tuple[str, float, int]], elapsed: float, clients: int) -> None:
    times = [seconds * 1000 for _, seconds, _ in results]
    errors = sum(1 for _, _, status in results if status == 0 or status >= 400)
    by_page: dict[str, list[float]] = defaultdict(list)
    for path, seconds, _ in results:
        by_page[path].append(seconds * 1000)
    print("pagina                                             richieste  p50 ms  p95 ms")
    slowest = sorted(by_page.items(), key=lambda item: -percentile(item[1], 0.95))[:10]
    for path, page_times in slowest:
        print(f"{path[:50]:<50} {len(page_times):>9} {statistics.median(page_times):>7.0f} "
              f"{percentile(page_times, 0.95):>7.0f}")  # fmt: skip
    throughput = len(results) / elapsed
    p50, p95, p99 = (percentile(times, share) for share in (0.5, 0.95, 0.99))
    print(f"richieste {len(results)} in {elapsed:.0f} s: {throughput:.0f} al secondo, "
          f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, errori {errors}")  # fmt: skip
    print(f"load: clients={clients} seconds={elapsed:.0f} rps={throughput:.0f} "
          f"p95_ms={p95:.0f} p99_ms={p99:.0f} errors={errors}")  # fmt: skip


if __name__ == "__main__":
    main()
