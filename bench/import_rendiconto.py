"""Benchmark: parse and load the Turin strategic control report.

Target (issue 2): parse + load under 1 second on SQLite on a 2-core machine.
Prints the median of several runs for: parsing alone, a first load into an
empty database, and a second load of the same file (which writes nothing).

    .venv/bin/python bench/import_rendiconto.py [--runs 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_014bd498e15be787.txt"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url", help="default: a fresh SQLite file in a temporary directory"
    )
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="cruscotto-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cruscotto.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cruscotto.importers.rendiconto import parse_rendiconto
    from cruscotto.loaders.common import SilentProgress, SourceFile
    from cruscotto.loaders.formats import FORMATS
    from cruscotto.plans.models import PlanItem, Taxonomy, Term
    from cruscotto.plans.services.reference import sync_reference_taxonomies
    from cruscotto.search.services import refresh_search_index

    source = SourceFile.read(SEED)
    load = FORMATS["rendiconto"].load
    parse_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        parsed = parse_rendiconto(source.text)
        parse_times.append(time.perf_counter() - started)

    first_loads, reloads, index_times = [], [], []
    for _ in range(args.runs):
        if connection.vendor == "sqlite":
            connection.close()
            Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
            call_command("migrate", verbosity=0)
        else:
            call_command("migrate", verbosity=0)
            call_command("flush", interactive=False, verbosity=0)
            sync_reference_taxonomies(Taxonomy, Term)
        started = time.perf_counter()
        load(parse_rendiconto(source.text), source, "bench", SilentProgress())
        first_loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = load(parse_rendiconto(source.text), source, "bench", SilentProgress())
        reloads.append(time.perf_counter() - started)
        assert result.counts.changed == 0, "a second import must change nothing"
        started = time.perf_counter()
        refresh_search_index()
        index_times.append(time.perf_counter() - started)

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"document: {SEED.name} ({len(source.text) / 1024:.0f} KiB, {source.line_count} lines)")
    print(f"database: {connection.vendor}; runs: {args.runs}")
    print(f"items: {PlanItem.objects.count()}; programmi: {len(parsed.programmi)}")
    print(
        f"parse only           median {statistics.median(parse_times) * 1000:7.1f} ms   max {max(parse_times) * 1000:7.1f} ms"
    )
    print(
        f"parse + first load   median {statistics.median(first_loads) * 1000:7.1f} ms   max {max(first_loads) * 1000:7.1f} ms   (target < 1000 ms)"
    )
    print(
        f"parse + second load  median {statistics.median(reloads) * 1000:7.1f} ms   max {max(reloads) * 1000:7.1f} ms   (writes nothing)"
    )
    print(
        f"search index refresh median {statistics.median(index_times) * 1000:7.1f} ms   (after the load, its own transaction)"
    )
    print(f"peak memory (RSS)    {peak_mib:.0f} MiB")
    sys.exit(0 if statistics.median(first_loads) < 1.0 else 1)


if __name__ == "__main__":
    main()
