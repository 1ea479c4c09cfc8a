"""The `cruscotto` command line, run in-process on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cruscotto.cli import main
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import PlanItem
from cruscotto.plans.services.summary import build_summary

COMMANDS = ["import", "diagnostics", "summary", "documents", "serve", "demo", "migrate", "manage"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert (
        "Usage: main " + command in result.output or f"Usage: cruscotto {command}" in result.output
    )


def test_import_shows_totals_and_diagnostics_then_a_second_import_changes_nothing(
    empty_db: None, rendiconto_path: Path
) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(rendiconto_path)])
    assert first.exit_code == 0, first.output
    assert "programmi" in first.output
    assert "creati" in first.output
    assert "000_014bd498e15be787.txt:" in first.output  # diagnostics name file and line
    items = PlanItem.objects.count()
    assert items > 600
    second = runner.invoke(main, ["import", "--format", "rendiconto", str(rendiconto_path)])
    assert second.exit_code == 0, second.output
    assert "nessuna modifica" in second.output
    assert PlanItem.objects.count() == items


def test_import_refuses_an_unknown_format_naming_the_file(empty_db: None, tmp_path: Path) -> None:
    path = tmp_path / "lettera.txt"
    path.write_text("Gentile Sindaco,\nle scrivo per…\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert f"{path}: formato non riconosciuto" in result.output
    assert not PlanItem.objects.exists()


def test_import_refuses_an_unknown_forced_format(empty_db: None, rendiconto_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "--format", "bilancio", str(rendiconto_path)])
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'bilancio'" in result.output
    assert not PlanItem.objects.exists()


def test_diagnostics_lists_file_line_and_code_without_loading(
    empty_db: None, rendiconto_path: Path
) -> None:
    result = CliRunner().invoke(main, ["diagnostics", "--json", str(rendiconto_path)])
    assert result.exit_code == 0, result.output
    diagnostics = json.loads(result.stdout)
    assert diagnostics
    assert {d["file"] for d in diagnostics} == {"000_014bd498e15be787.txt"}
    assert all(isinstance(d["line"], int) and d["line"] >= 1 for d in diagnostics)
    assert [d["line"] for d in diagnostics] == sorted(d["line"] for d in diagnostics)
    assert {"line", "severity", "code", "message"} <= set(diagnostics[0])
    assert not PlanItem.objects.exists()


@pytest.mark.django_db
def test_summary_json_is_the_summary_service(seeded_db: LoadResult) -> None:
    result = CliRunner().invoke(main, ["summary", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(build_summary()))
