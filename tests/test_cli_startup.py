"""`cruscotto --help` starts without Django; a command imports its own module, not every other's.

The figures (how long each takes) are printed by bench/startup.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

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


def run_and_list_modules(*arguments: str) -> tuple[str, list[str]]:
    """Run `cruscotto ARGUMENTS` in a new interpreter: its output and the modules it imported."""
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
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
    assert "cruscotto.commands" in modules and "django.db.models" in modules
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
