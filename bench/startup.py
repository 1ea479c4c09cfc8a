"""How long Cruscotto takes to start: the command line's --help pages and a new database.

    python bench/startup.py [--runs 10] [--command-runs 3] [--database-url URL] [--skip-tests]

Prints, as medians over repeated runs (each in a new process, as a user starts them):
- `cruscotto --help`, each command's --help and each subcommand's (`cruscotto performance
  scores --help`), every group walked from the registry;
- `cruscotto manage migrate` on a new SQLite file, and on a new PostgreSQL database when
  --database-url names a server (a database is created and dropped for each run);
- the migrations alone, inside one process (what the command costs beyond starting Python);
- the test database that pytest-django creates (`setup_databases`), on SQLite.
The last line: `startup: help_ms=… worst_command_help_ms=… migrate_sqlite_ms=… …`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# The figures of a step run in a fresh interpreter, Django configured, then timed.
MIGRATE_IN_PROCESS = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
started, cpu_started = time.perf_counter(), time.process_time()
call_command("migrate", verbosity=0, interactive=False)
print(time.perf_counter() - started, time.process_time() - cpu_started)
"""
TEST_DATABASE_IN_PROCESS = """
import time
import django
django.setup()
from django.test.utils import setup_databases, teardown_databases
started = time.perf_counter()
names = setup_databases(verbosity=0, interactive=False)
print(time.perf_counter() - started)
teardown_databases(names, verbosity=0)
"""


def cruscotto_command() -> list[str]:
    """The installed `cruscotto` script beside this Python, or `python -m cruscotto`."""
    script = Path(sys.executable).with_name("cruscotto")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cruscotto"]


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "cruscotto.settings",
    }


def median_ms(runs: int, run_once: Callable[[], float]) -> float:
    """The median of `runs` timings (seconds) in milliseconds."""
    return statistics.median(run_once() for _ in range(runs)) * 1000


def time_process(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def command_paths() -> list[list[str]]:
    """Every command and subcommand as typed after `cruscotto` (["performance", "scores"]),
    each group's commands read from the group itself, so that a new one is timed too."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import click

    from cruscotto.cli import main as cruscotto_main

    def walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
        paths = []
        for name in sorted(group.commands):
            paths.append([*prefix, name])
            command = group.commands[name]
            if isinstance(command, click.Group):
                paths.extend(walk(command, [*prefix, name]))
        return paths

    return walk(cruscotto_main, [])


class PostgresDatabases:
    """New databases on one PostgreSQL server, each dropped after its run."""

    def __init__(self, url: str) -> None:
        import dj_database_url
        import psycopg

        self.url = url
        self.config = dj_database_url.parse(url)
        self.psycopg = psycopg
        self.count = 0

    def admin(self):  # type: ignore[no-untyped-def]
        return self.psycopg.connect(
            host=self.config["HOST"],
            port=self.config["PORT"] or 5432,
            user=self.config["USER"],
            password=self.config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def run_with_new_database(self, run: Callable[[str], float]) -> float:
        self.count += 1
        name = f"cruscotto_startup_{os.getpid()}_{self.count}"
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            return run(self.url.rsplit("/", 1)[0] + "/" + name)
        finally:
            with self.admin() as connection:
                connection.execute(f'DROP DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each root figure")
    parser.add_argument("--command-runs", type=int, default=3, help="runs of each command's --help")
    parser.add_argument("--database-url", help="a PostgreSQL server (postgres://…/any)")
    parser.add_argument("--skip-tests", action="store_true", help="skip the test database")
    arguments = parser.parse_args()
    cruscotto = cruscotto_command()
    figures: dict[str, float] = {}

    figures["help_ms"] = median_ms(arguments.runs, lambda: time_process([*cruscotto, "--help"]))
    print(f"cruscotto --help: {figures['help_ms']:.0f} ms (median of {arguments.runs})")
    worst = ("", 0.0)
    for path in command_paths():
        elapsed = median_ms(
            arguments.command_runs, lambda path=path: time_process([*cruscotto, *path, "--help"])
        )
        name = " ".join(path)
        print(f"cruscotto {name} --help: {elapsed:.0f} ms")
        worst = max(worst, (name, elapsed), key=lambda pair: pair[1])
    figures["worst_command_help_ms"] = worst[1]
    print(f"slowest command --help: {worst[0]} {worst[1]:.0f} ms")

    directory = Path(tempfile.mkdtemp(prefix="cruscotto-startup-"))
    try:
        counter = iter(range(1_000_000))

        def new_sqlite_url() -> str:
            return f"sqlite:///{directory / f'new-{next(counter)}.sqlite3'}"

        def migrate_command(url: str) -> float:
            return time_process([*cruscotto, "manage", "migrate", "-v", "0"], environment(url))

        def migrate_in_process(url: str) -> float:
            finished = subprocess.run(
                [sys.executable, "-c", MIGRATE_IN_PROCESS],
                env=environment(url),
                check=True,
                capture_output=True,
                text=True,
            )
            wall, cpu = finished.stdout.strip().splitlines()[-1].split()
            cpu_times.append(float(cpu))
            return float(wall)

        # On a shared machine the wall time waits for other processes: the CPU time the
        # migrations themselves use is printed beside it.
        cpu_times: list[float] = []
        runs = max(3, arguments.runs // 3)
        figures["migrate_sqlite_ms"] = median_ms(runs, lambda: migrate_command(new_sqlite_url()))
        figures["migrations_sqlite_ms"] = median_ms(
            runs, lambda: migrate_in_process(new_sqlite_url())
        )
        figures["migrations_sqlite_cpu_ms"] = statistics.median(cpu_times) * 1000
        print(
            f"cruscotto manage migrate, new SQLite file: {figures['migrate_sqlite_ms']:.0f} ms "
            f"(the migrations alone {figures['migrations_sqlite_ms']:.0f} ms, CPU "
            f"{figures['migrations_sqlite_cpu_ms']:.0f} ms; median of {runs})"
        )
        if arguments.database_url:
            server = PostgresDatabases(arguments.database_url)
            figures["migrate_postgres_ms"] = median_ms(
                runs, lambda: server.run_with_new_database(migrate_command)
            )
            cpu_times.clear()
            figures["migrations_postgres_ms"] = median_ms(
                runs, lambda: server.run_with_new_database(migrate_in_process)
            )
            figures["migrations_postgres_cpu_ms"] = statistics.median(cpu_times) * 1000
            print(
                f"cruscotto manage migrate, new PostgreSQL database: "
                f"{figures['migrate_postgres_ms']:.0f} ms (the migrations alone "
                f"{figures['migrations_postgres_ms']:.0f} ms, CPU "
                f"{figures['migrations_postgres_cpu_ms']:.0f} ms; median of {runs})"
            )
        if not arguments.skip_tests:

            def test_database() -> float:
                finished = subprocess.run(
                    [sys.executable, "-c", TEST_DATABASE_IN_PROCESS],
                    env=environment(new_sqlite_url()),
                    check=True,
                    capture_output=True,
                    text=True,
                )
                return float(finished.stdout.strip().splitlines()[-1])

            figures["test_database_sqlite_ms"] = median_ms(runs, test_database)
            print(
                f"test database (pytest-django's setup_databases), SQLite: "
                f"{figures['test_database_sqlite_ms']:.0f} ms (median of {runs})"
            )
    finally:
        shutil.rmtree(directory)
    print("startup: " + " ".join(f"{key}={value:.0f}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
