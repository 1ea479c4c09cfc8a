"""Benchmark: published documents built by the worker, served as files, and the pages
meanwhile, against a real `cruscotto serve` (gunicorn with threads, and its worker).

Targets (issue 16): the relazione PDF served in under 1 s once built, and the home
page's p95 under 150 ms while three documents are being built. A folder of its own for
var/ (CRUSCOTTO_VAR), so that no PDF printed before is read from the cache.

    .venv/bin/python bench/documents.py [--downloads 20] [--workers 2] [--threads 8]
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
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[float, int, bytes]:
    """Return the seconds taken, the status and the body of GET `url`."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return time.perf_counter() - started, status, body


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--downloads", type=int, default=20, help="downloads of the built PDF")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per process")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="cruscotto-documents-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "CRUSCOTTO_VAR": f"{workdir}/var",
    }
    cruscotto = [sys.executable, "-m", "cruscotto"]
    subprocess.run([*cruscotto, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*cruscotto, "serve", "--port", str(port), "--workers", str(args.workers)]
        + ["--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        listing = fetch(base + "/documenti/")[2].decode()
        pdfs = sorted(set(re.findall(r'href="(/documenti/[^"]+\.pdf)"', listing)))
        relazione = next(url for url in pdfs if "/controllo-strategico/" in url)
        wanted = [relazione, *[url for url in pdfs if url != relazione][:2]]
        print(f"gunicorn, {args.workers} workers × {args.threads} threads, SQLite, one worker")
        asked = [fetch(base + url) for url in wanted]
        for url, (seconds, status, _) in zip(wanted, asked, strict=True):
            print(f"asked {url}: {status} in {seconds * 1000:.0f} ms")
        assert all(status == 202 for _, status, _ in asked), "a document was ready already"

        # The home page, again and again, until the three documents are built.
        started = time.perf_counter()
        home_times: list[float] = []
        pending = set(wanted)
        built_after: dict[str, float] = {}
        last_poll = 0.0
        while pending:
            home_times.append(fetch(base + "/")[0])
            if time.perf_counter() - last_poll > 1:
                last_poll = time.perf_counter()
                for url in sorted(pending):
                    _, status, body = fetch(base + url)
                    if status == 200:
                        built_after[url] = last_poll - started
                        pending.discard(url)
                    elif status != 202:
                        raise SystemExit(f"{url}: {status} {body[:300]!r}")
            if time.perf_counter() - started > 600:
                raise SystemExit(f"not built in 10 minutes: {sorted(pending)}")
        for url in wanted:
            print(f"built {url} after {built_after[url]:.1f} s")
        print(
            f"home page while building: {len(home_times)} requests, "
            f"median {statistics.median(home_times) * 1000:.1f} ms, "
            f"p95 {percentile(home_times, 0.95) * 1000:.1f} ms (target < 150 ms)"
        )

        downloads = [fetch(base + relazione) for _ in range(args.downloads)]
        assert all(status == 200 and body.startswith(b"%PDF-") for _, status, body in downloads)
        times = [seconds for seconds, _, _ in downloads]
        print(
            f"relazione PDF once built ({len(downloads[0][2]):,} bytes), {len(times)} downloads: "
            f"median {statistics.median(times) * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms (target < 1000 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
