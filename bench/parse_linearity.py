"""Benchmark: is every parser linear in its input? (issue 13)

Parses each format's seed once and ten copies of it joined by newlines, and
prints the best of several runs of each and their ratio. Target: a ratio of
at most 10-15 (tests/importers/test_parser_fuzz.py fails beyond 15). A ratio
well below 10 means the copies after the first are mostly reported, not read
(the performance plan's tables are read once; the rest is duplicate Ids).

    .venv/bin/python bench/parse_linearity.py [--runs 3] [--copies 10] [FORMAT …]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_OF_FORMAT = {
    "rendiconto": "000_014bd498e15be787.txt",
    "psm-monitoraggio": "001_c8fc3c27ab7903b2.txt",
    "consiglio": "002_a40a8705e1971a15.txt",
    "psm-preliminare": "003_cb1b0797773d428b.txt",
    "performance": "004_63c10e375ed7a47e.txt",
}


def best_time(parse: object, text: str, runs: int) -> float:
    """Return the shortest of `runs` parses of `text`, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse(text)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("formats", nargs="*", choices=[[], *SEED_OF_FORMAT], default=[])
    args = parser.parse_args()

    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)
    from cruscotto.loaders.formats import FORMATS

    print(f"{'format':<18} {'size':>9} {'1 copy':>9} {f'{args.copies} copies':>10} {'ratio':>6}")
    for name in args.formats or SEED_OF_FORMAT:
        seed = (ROOT / "samples" / SEED_OF_FORMAT[name]).read_text(encoding="utf-8")
        copies = "\n".join([seed] * args.copies)
        once = best_time(FORMATS[name].parse, seed, args.runs)
        many = best_time(FORMATS[name].parse, copies, args.runs)
        print(f"{name:<18} {len(seed):>9,} {once:>8.3f}s {many:>9.3f}s {many / once:>6.1f}")


if __name__ == "__main__":
    main()
