"""Generate data at scale from the sample documents' shapes, through the loaders.

Each generated ente (a comune, `scala-001` …) gets what the sample documents hold
for one ente, as the import of its own documents would write it:

- one relazione sul controllo strategico per esercizio (`--years` editions: the
  mandate lines, the DUP's missioni, programmi and activities, the indicators with
  their values per year, the status of every activity in that esercizio);
- the council's act with the mandate lines;
- one piano della performance per esercizio (objectives weighted per structure);
- the monitoring campaign of the DUP for the last esercizio.

The PSM monitoring is a Città metropolitana's survey of its comuni, not each comune's:
it is imported once, for the ente it prints, so that its pages hold what they hold
in a real deployment.

The documents are parsed once; each ente's copy is the same parsed records loaded
with `--ente` (the `ente_code` of `import_document`) and the esercizio moved, so
every record goes through the loader's rules, keeps its provenance (document and
line) and writes its audit record in the import's transaction, as `cruscotto import`
does. The campaign is opened by the campaign service. Prints a progress bar and,
at the end, the import time per ente.

    .venv/bin/python bench/generate.py --enti N --years Y [--database-url URL]
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import pickle
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# The sample documents whose shape every generated ente repeats, by format.
RENDICONTO = SAMPLES / "000_014bd498e15be787.txt"
COUNCIL = SAMPLES / "002_a40a8705e1971a15.txt"
PERFORMANCE_PLAN = SAMPLES / "004_63c10e375ed7a47e.txt"
PSM_MONITORING = SAMPLES / "001_c8fc3c27ab7903b2.txt"
ENTE_CODE_PREFIX = "scala-"
ACTOR = "generatore di scala"


@dataclass
class GeneratedEnte:
    code: str
    seconds: float  # the imports and the campaign of this ente, wall clock
    documents: int


@dataclass
class Generation:
    enti: list[GeneratedEnte] = field(default_factory=list)
    reused: int = 0  # enti already in the database from an earlier run
    # Seconds spent per kind of document ("rendiconto 1° esercizio", "campagna" …): where
    # the loading time goes.
    seconds_by_step: dict[str, float] = field(default_factory=dict)

    def add_time(self, step: str, seconds: float) -> None:
        self.seconds_by_step[step] = self.seconds_by_step.get(step, 0.0) + seconds

    def seconds_per_ente(self) -> list[float]:
        return [ente.seconds for ente in self.enti]


def ente_code(number: int) -> str:
    return f"{ENTE_CODE_PREFIX}{number:03d}"


def configure_django(database_url: str | None) -> None:
    """Point Django at `database_url` (default: a fresh SQLite file) and set it up."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        workdir = tempfile.mkdtemp(prefix="cruscotto-scale-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/scale.sqlite3"
    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)


class SampleDocuments:
    """The sample documents, read and parsed once, and their copies for one ente and year."""

    def __init__(self) -> None:
        from cruscotto.loaders.common import SourceFile
        from cruscotto.loaders.formats import FORMATS

        self.formats = FORMATS
        self.rendiconto_source = SourceFile.read(RENDICONTO)
        self.council_source = SourceFile.read(COUNCIL)
        self.performance_source = SourceFile.read(PERFORMANCE_PLAN)
        self.rendiconto = FORMATS["rendiconto"].parse_source(self.rendiconto_source)
        self.council = FORMATS["consiglio"].parse_source(self.council_source)
        self.performance = FORMATS["performance"].parse_source(self.performance_source)
        # Each ente's copy is unpickled from these: a relazione's records are copied ten
        # times faster so than by copy.deepcopy, which cost more than a second per edition.
        self.pickled_rendiconto = pickle.dumps(self.rendiconto, pickle.HIGHEST_PROTOCOL)
        self.pickled_performance = pickle.dumps(self.performance, pickle.HIGHEST_PROTOCOL)

    @property
    def last_year(self) -> int:
        """The esercizio the sample relazione reports on: the last generated one."""
        year = self.rendiconto.reference_year
        if year is None:
            raise SystemExit("la relazione di esempio non indica l'esercizio")
        return int(year)

    def years(self, count: int) -> list[int]:
        """The `count` esercizi generated, ending with the sample's, within its mandate."""
        first = max(self.last_year - count + 1, self.rendiconto.mandate_start or 0)
        return list(range(first, self.last_year + 1))

    def rendiconto_of(self, year: int) -> Any:
        """The sample relazione as the edition of esercizio `year`."""
        parsed = pickle.loads(self.pickled_rendiconto)
        parsed.reference_year = year
        return parsed

    def performance_of(self, year: int) -> Any:
        """The sample piano della performance as the plan of `year`."""
        parsed = pickle.loads(self.pickled_performance)
        parsed.year = year
        return parsed

    def source_of(self, source: Any, code: str, year: int | None = None) -> Any:
        """The sample file as the ente's own document: its name says whose and which year."""
        from dataclasses import replace

        suffix = f"-{year}" if year else ""
        return replace(source, name=f"{code}{suffix}-{source.name}")


def generated_codes(count: int) -> list[str]:
    return [ente_code(number) for number in range(1, count + 1)]


def add_generated_ente(code: str) -> None:
    from cruscotto.core.services.enti import add_ente

    number = int(code.removeprefix(ENTE_CODE_PREFIX))
    add_ente(code, f"Comune generato {number:03d}", "comune")


def campaign_opener() -> Any:
    """The user who opens the campaigns: an amministratore of every ente."""
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(
        username="generatore-scala", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def generate_ente(
    samples: SampleDocuments, code: str, years: list[int], opener: Any, generation: Generation
) -> int:
    """Import every document of the ente `code` and open its campaign; return the documents."""
    from cruscotto.campaigns.services.opening import open_campaign
    from cruscotto.core.models import Ente
    from cruscotto.loaders.common import SilentProgress
    from cruscotto.plans.models import Plan

    progress = SilentProgress()
    add_generated_ente(code)
    imports: list[tuple[str, str, Any, Any]] = [
        (
            "consiglio (linee di mandato)",
            "consiglio",
            copy.deepcopy(samples.council),
            samples.source_of(samples.council_source, code),
        )
    ]
    for position, year in enumerate(years):
        edition = "prima edizione" if position == 0 else "edizioni successive"
        imports.append(
            (
                f"relazione ({edition})",
                "rendiconto",
                samples.rendiconto_of(year),
                samples.source_of(samples.rendiconto_source, code, year),
            )
        )
        imports.append(
            (
                "piano della performance",
                "performance",
                samples.performance_of(year),
                samples.source_of(samples.performance_source, code, year),
            )
        )
    for step, format_name, parsed, source in imports:
        started = time.perf_counter()
        samples.formats[format_name].import_document(
            parsed, source, ACTOR, progress, ente_code=code
        )
        generation.add_time(step, time.perf_counter() - started)
    started = time.perf_counter()
    ente = Ente.objects.get(code=code)
    dup = Plan.objects.filter(ente=ente, kind=Plan.Kind.DUP).order_by("-period_start").first()
    if dup is not None:
        year = years[-1]
        open_campaign(opener, ente, dup, year, datetime.date(year + 1, 3, 31))
    generation.add_time("campagna", time.perf_counter() - started)
    return len(imports)


def print_progress(done: int, total: int, started: float) -> None:
    """A progress bar on stderr: how many enti, elapsed time and what is left."""
    width = 30
    filled = width * done // total if total else width
    elapsed = time.perf_counter() - started
    left = elapsed / done * (total - done) if done else 0.0
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} enti"
        f"  {elapsed:6.0f} s, ne restano circa {left:5.0f} s"
    )
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def generate(enti: int, years: int, quiet: bool = False) -> Generation:
    """Bring the database to `enti` generated enti with `years` esercizi each.

    Enti already generated by an earlier run are kept as they are (their data is the
    same), so that a benchmark can grow a database rather than rebuild it.
    """
    from django.db import transaction

    from cruscotto.core.models import Ente

    samples = SampleDocuments()
    chosen_years = samples.years(years)
    opener = campaign_opener()
    existing = set(
        Ente.objects.filter(code__startswith=ENTE_CODE_PREFIX).values_list("code", flat=True)
    )
    codes = generated_codes(enti)
    to_make = [code for code in codes if code not in existing]
    generation = Generation(reused=len(codes) - len(to_make))
    started = time.perf_counter()
    for done, code in enumerate(to_make, start=1):
        ente_started = time.perf_counter()
        # One transaction per ente: a run stopped halfway leaves no ente half made, so the
        # next run (which skips the enti already there) makes it whole.
        with transaction.atomic():
            documents = generate_ente(samples, code, chosen_years, opener, generation)
        generation.enti.append(GeneratedEnte(code, time.perf_counter() - ente_started, documents))
        if not quiet:
            print_progress(done, len(to_make), started)
    import_psm_monitoring_once(samples)
    return generation


def import_psm_monitoring_once(samples: SampleDocuments) -> None:
    """Import the sample PSM monitoring for the ente it prints, unless it is there already."""
    from cruscotto.core.models import SourceDocument
    from cruscotto.loaders.common import SilentProgress, SourceFile

    monitoring = samples.formats["psm-monitoraggio"]
    if SourceDocument.objects.filter(format=monitoring.name).exists():
        return
    source = SourceFile.read(PSM_MONITORING)
    monitoring.import_document(monitoring.parse_source(source), source, ACTOR, SilentProgress())


def describe(generation: Generation, years: int) -> list[str]:
    """What the run did, in Italian, with the import time per ente."""
    lines = [f"enti generati: {len(generation.enti)}; già presenti: {generation.reused}"]
    seconds = generation.seconds_per_ente()
    if seconds:
        lines.append(
            f"importazione per ente ({years} esercizi): mediana {statistics.median(seconds):.2f} s,"
            f" massimo {max(seconds):.2f} s, totale {sum(seconds):.0f} s"
        )
        for step, step_seconds in sorted(
            generation.seconds_by_step.items(), key=lambda pair: -pair[1]
        ):
            lines.append(f"  {step}: {step_seconds / len(seconds):.2f} s per ente")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enti", type=int, required=True, help="quanti enti generare")
    parser.add_argument("--years", type=int, default=5, help="esercizi per ente")
    parser.add_argument(
        "--database-url", help="default: DATABASE_URL, or a fresh SQLite file in /tmp"
    )
    args = parser.parse_args()
    configure_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generation = generate(args.enti, args.years)
    for line in describe(generation, args.years):
        print(line)


if __name__ == "__main__":
    main()
