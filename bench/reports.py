"""Benchmark: the published documents produced from the seed data.

Targets (issue 7): the relazione sul controllo strategico in HTML under 2 s and
in PDF under 30 s on a 2-core machine. The piano della performance (seed 004)
and the monitoring of the PSM (seed 001) follow, with their timings for the record.

    .venv/bin/python bench/reports.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_014bd498e15be787.txt"
PERFORMANCE_SEED = ROOT / "samples" / "004_63c10e375ed7a47e.txt"
PSM_MONITORING_SEED = ROOT / "samples" / "001_c8fc3c27ab7903b2.txt"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{tempfile.mkdtemp(prefix='cruscotto-report-bench-')}/bench.sqlite3"
    )
    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)
    from django.core.management import call_command

    from cruscotto.importers.rendiconto import parse_rendiconto
    from cruscotto.loaders.common import SilentProgress, SourceFile
    from cruscotto.loaders.formats import FORMATS
    from cruscotto.reports.services.exports import export_strategic_control, render_report

    call_command("migrate", verbosity=0)
    source = SourceFile.read(SEED)
    FORMATS["rendiconto"].load(parse_rendiconto(source.text), source, "bench", SilentProgress())
    targets = {"html": 2.0, "pdf": 30.0, "xlsx": None, "txt": None}
    print(
        f"relazione sul controllo strategico 2025 from {SEED.name}; {args.runs} runs (database read included)"
    )
    for format_name, target in targets.items():
        times, size = [], 0
        for _ in range(args.runs if format_name != "pdf" else max(1, args.runs // 2)):
            started = time.perf_counter()
            size = len(export_strategic_control("torino", 2025, format_name))
            times.append(time.perf_counter() - started)
        goal = f"(target < {target:.0f} s)" if target else ""
        print(
            f"{format_name:<5} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s   {size / 1024:8.0f} KiB {goal}"
        )
    source = SourceFile.read(PERFORMANCE_SEED)
    performance = FORMATS["performance"]
    performance.load(performance.parse(source.text), source, "bench", SilentProgress())
    print(f"piano della performance 2024 from {PERFORMANCE_SEED.name}; {args.runs} runs")
    for format_name in ("html", "pdf", "xlsx"):
        times, size = [], 0
        for _ in range(args.runs if format_name != "pdf" else max(1, args.runs // 2)):
            started = time.perf_counter()
            size = len(render_report("performance", "cmto", 2024, format_name))
            times.append(time.perf_counter() - started)
        print(
            f"{format_name:<5} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s   {size / 1024:8.0f} KiB"
        )
    source = SourceFile.read(PSM_MONITORING_SEED)
    monitoring = FORMATS["psm-monitoraggio"]
    monitoring.load(monitoring.parse(source.text), source, "bench", SilentProgress())
    print(f"monitoraggio del PSM 2024 from {PSM_MONITORING_SEED.name}; {args.runs} runs")
    for format_name in ("html", "pdf", "xlsx"):
        times, size = [], 0
        for _ in range(args.runs if format_name != "pdf" else max(1, args.runs // 2)):
            started = time.perf_counter()
            size = len(render_report("psm-monitoraggio", "cmto", 2024, format_name))
            times.append(time.perf_counter() - started)
        print(
            f"{format_name:<5} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s   {size / 1024:8.0f} KiB"
        )


if __name__ == "__main__":
    main()
