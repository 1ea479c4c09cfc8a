"""Benchmark: parse, load and score the Piano della Performance 2024 of the Città metropolitana.

Prints the median of several runs for: parsing with the weight checks, a first
load into an empty database, a second load of the same file (which writes
nothing), and storing a year of actual values with every score.

    .venv/bin/python bench/import_performance.py [--runs 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "004_63c10e375ed7a47e.txt"


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
    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)
    from django.core.management import call_command

    from cruscotto.importers.performance_actuals import read_rows
    from cruscotto.loaders.common import SourceFile
    from cruscotto.loaders.performance_actuals import store_actuals
    from cruscotto.loaders.performance_plan import load_performance_plan
    from cruscotto.performance.services.checks import parse_and_check
    from cruscotto.performance.services.scorecards import find_plan
    from cruscotto.plans.models import Plan

    call_command("migrate", verbosity=0)
    source = SourceFile.read(SEED)
    parse_times, first_loads, reloads, scorings = [], [], [], []
    for run in range(args.runs):
        Plan.objects.filter(kind=Plan.Kind.PERFORMANCE).delete()
        started = time.perf_counter()
        parsed = parse_and_check(source.text)
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        load_performance_plan(parsed, source, "bench")
        first_loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        load_performance_plan(parsed, source, "bench")
        reloads.append(time.perf_counter() - started)
        rows = [["obiettivo", "struttura", "valore"]] + [
            [str(entry.objective_id), "", "100"] for entry in parsed.catalogue.values()
            if entry.is_ente_wide
        ] + [
            [str(slot.objective_id), structure.code, str(50 + run)]
            for structure in parsed.structures for slot in structure.slots
            if slot.objective_id and not parsed.catalogue[slot.objective_id].is_ente_wide
        ]  # fmt: skip
        started = time.perf_counter()
        store_actuals(
            find_plan(2024),
            2024,
            read_rows(rows),
            SourceFile("bench.csv", "", f"run{run}"),
            "bench",
        )
        scorings.append(time.perf_counter() - started)
    for label, times in [
        ("parse + weight checks", parse_times),
        ("first load", first_loads),
        ("second load (no changes)", reloads),
        ("actual values + scores", scorings),
    ]:
        print(f"{label:<28} median {statistics.median(times) * 1000:7.1f} ms  (runs: {len(times)})")


if __name__ == "__main__":
    main()
