"""`cruscotto --help`, and every command's and subcommand's, starts without Django; a command
imports its own module, not every other's, and configures Django only when it runs.

The figures (how long each takes) are printed by bench/startup.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from cruscotto.cli import COMMANDS, main

# What the root's --help must not import: Django and its models, the project's commands,
# and the libraries only some commands need.
HEAVY_MODULES = ["django", "rich", "openpyxl", "gunicorn", "pydantic", "ninja", "weasyprint",
                 "playwright", "psycopg"]  # fmt: skip

RUN_AND_LIST_MODULES = """
import json, sys
from cruscotto.cli import main
try:
    main(sys.argv[1:], prog_name="cruscotto")
except SystemExit as exit:
    code = exit.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""


def run_and_list_modules(*arguments: str, database: Path | None = None) -> tuple[str, list[str]]:
    """Run `cruscotto ARGUMENTS` in a new interpreter (on the SQLite file `database` if
    given): its output and the modules it imported."""
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    if database is not None:
        environment["DATABASE_URL"] = f"sqlite:///{database}"
    finished = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    output, _, last_line = finished.stdout.rstrip("\n").rpartition("\n")
    report = json.loads(last_line)
    assert report["exit"] == 0, finished.stdout + finished.stderr
    return output, report["modules"]


def imported(modules: list[str], package: str) -> list[str]:
    return [module for module in modules if module == package or module.startswith(package + ".")]


def test_the_root_help_lists_every_command_without_importing_django_or_any_command() -> None:
    output, modules = run_and_list_modules("--help")
    assert output.startswith("Uso: cruscotto [OPZIONI] COMANDO [ARGOMENTI]...")
    for name in COMMANDS:
        assert f"\n  {name} " in output, name
    for package in HEAVY_MODULES:
        assert imported(modules, package) == [], package
    assert imported(modules, "cruscotto") == ["cruscotto", "cruscotto.cli", "cruscotto.cli_italian"]


def test_a_command_imports_its_own_module_and_not_the_others() -> None:
    output, modules = run_and_list_modules("summary", "--help")
    assert output.startswith("Uso: cruscotto summary [OPZIONI]")
    assert "cruscotto.commands" in modules
    # Its help needs neither Django nor the models: they are imported when the command runs.
    assert imported(modules, "django") == []
    # Neither the web application nor its server, nor openpyxl (no workbook is read), nor another
    # package's commands.
    for module in ["cruscotto.wsgi", "cruscotto.urls", "gunicorn", "openpyxl", "cruscotto.reports.cli",
                   "cruscotto.campaigns.cli", "cruscotto.performance.cli"]:  # fmt: skip
        assert imported(modules, module) == [], module


def first_paragraph(help_text: str) -> str:
    return " ".join(help_text.split("\n\n")[0].split())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_registry_lists_each_command_with_its_own_help(name: str) -> None:
    command = COMMANDS[name].load()
    assert command.name == name
    assert command.help is not None
    assert COMMANDS[name].summary == first_paragraph(command.help)
    for width in [40, 45, 80, 200]:
        assert COMMANDS[name].short_help(width) == command.get_short_help_str(width)


def test_every_group_registers_its_commands() -> None:
    documents = main.commands["documents"]
    assert isinstance(documents, click.Group)
    assert sorted(documents.commands) == ["build", "worker"]
    for name, command in documents.commands.items():
        assert command.name == name


def every_command(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand, with its path as typed after `cruscotto`, read from the
    groups themselves."""
    for name in sorted(group.commands):
        command = group.commands[name]
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


COMMAND_PATHS = [path for path, _ in every_command(main)]
# The modules that define the commands (the callbacks keep their module when wrapped).
COMMAND_MODULES = {
    command.callback.__module__
    for _, command in every_command(main)
    if command.callback is not None
}


def test_every_group_and_its_subcommands_are_walked() -> None:
    assert len(COMMAND_PATHS) > len(COMMANDS)
    assert ("performance", "scores") in COMMAND_PATHS
    assert ("documents", "build") in COMMAND_PATHS


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_a_help_page_imports_neither_django_nor_the_models(path: tuple[str, ...]) -> None:
    output, modules = run_and_list_modules(*path, "--help")
    assert output.startswith(f"Uso: cruscotto {' '.join(path)} "), output
    assert imported(modules, "django") == []
    for package in ["gunicorn", "openpyxl", "pydantic", "ninja", "weasyprint", "psycopg"]:
        assert imported(modules, package) == [], package
    # Of Cruscotto, only the packages, the command line, the Django-free domain and the
    # modules that define commands: no models, services, loaders or parsers.
    project = [
        module
        for module in imported(modules, "cruscotto")
        if module.count(".") > 1 or module.endswith("cli") or module.endswith("commands")
    ]
    assert [
        module
        for module in project
        if module not in {*COMMAND_MODULES, "cruscotto.cli", "cruscotto.cli_italian"}
        and not module.startswith("cruscotto.domain.")
    ] == []


def test_a_group_prepares_the_database_when_its_subcommand_runs_not_for_its_help(
    tmp_path: Path,
) -> None:
    """`documents` prepares the database before its subcommands: only once one runs, with
    Django configured, and not for `documents build --help`; the next command finds it
    prepared."""
    database = tmp_path / "new.sqlite3"
    output, modules = run_and_list_modules("documents", "build", "--help", database=database)
    assert output.startswith("Uso: cruscotto documents build [OPZIONI]")
    assert not database.exists()
    assert imported(modules, "django") == []

    finished = subprocess.run(
        [sys.executable, "-m", "cruscotto", "documents", "build", "--ente", "nessuno"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
    )
    assert finished.returncode == 1
    assert "Preparo il database (migrazioni)…" in finished.stderr
    assert "Errore: nessun documento corrisponde alla scelta" in finished.stderr
    assert database.exists()

    # The next command finds the database up to date from the migrations' file names: it
    # imports no migration module, and not the API's libraries either.
    _, modules = run_and_list_modules("summary", "--json", database=database)
    assert "cruscotto.core.models" in modules
    assert [module for module in modules if re.search(r"\.migrations\.\d{4}_", module)] == []
    for package in ["ninja", "pydantic", "cruscotto.api"]:
        assert imported(modules, package) == [], package
