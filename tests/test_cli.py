"""The `cruscotto` command line, run in-process on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cruscotto.cli import main
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import PlanItem
from cruscotto.reports.services.summary import build_summary

COMMANDS = [
    "import", "diagnostics", "summary", "documents", "report", "opendata", "serve", "demo",
    "migrate", "manage", "enti",
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Uso: main " + command in result.output or f"Uso: cruscotto {command}" in result.output


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
    assert "valore non valido per «--format»: «bilancio» non è tra 'consiglio'" in result.output
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


@pytest.mark.django_db
def test_summary_speaks_italian_and_the_cli_has_a_version(seeded_db: LoadResult) -> None:
    result = CliRunner().invoke(main, ["summary"])
    assert result.exit_code == 0, result.output
    counts = build_summary()["diagnostics"]
    assert (
        f"Diagnostica: {counts['error']} errori, {counts['warning']} avvisi, "
        f"{counts['info']} informazioni." in result.output
    )
    assert "voci per livello" in result.output and "{'" not in result.output
    version = CliRunner().invoke(main, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("Cruscotto "), version.output


@pytest.mark.django_db
def test_report_refuses_bad_input_with_a_message_and_an_exit_code(
    seeded_db: LoadResult,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No traceback: each refusal says why, exits non-zero and writes nothing."""
    runner = CliRunner()
    # A PDF of the same report printed by an earlier test would be read from the cache
    # without Chromium: this test's cache starts empty, whatever ran before it.
    empty_cache = tmp_path_factory.mktemp("pdf-cache")
    monkeypatch.setattr("cruscotto.reports.render.pdf.pdf_cache_dir", lambda: empty_cache)

    def report(*args: str) -> Result:
        return runner.invoke(main, ["report", *args])

    out = tmp_path / "report.html"
    unknown = report("bilancio", "--year", "2025", "--out", str(out))
    assert unknown.exit_code == 2
    assert "«bilancio» non è tra 'controllo-strategico', 'performance'" in unknown.output
    no_year = report("controllo-strategico", "--year", "2024", "--out", str(out))
    assert no_year.exit_code == 1
    assert isinstance(no_year.exception, SystemExit), no_year.exception  # not a traceback
    assert "nessun rendiconto dell'esercizio 2024" in no_year.output
    no_format = report("performance", "--year", "2024", "--format", "txt", "--out", str(out))
    assert no_format.exit_code == 1
    assert "non esiste in formato «txt» (formati: html, pdf, xlsx)" in no_format.output
    # A file where a folder should be: refused before the document is built.
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x", encoding="utf-8")
    unwritable = report(
        "controllo-strategico", "--year", "2025", "--out", str(a_file / "report.html")
    )
    assert unwritable.exit_code == 1
    assert isinstance(unwritable.exception, SystemExit), unwritable.exception
    assert f"impossibile scrivere {a_file / 'report.html'}: {a_file} non è una cartella" in (
        unwritable.output
    )
    assert "Lettura dei dati" not in unwritable.output  # nothing was built
    opendata = runner.invoke(main, ["opendata", "--out", str(a_file / "open")])
    assert opendata.exit_code == 1 and "non è una cartella" in opendata.output
    # No Chromium on the PATH: the PDF is refused, the HTML and XLSX named instead.
    monkeypatch.setenv("PATH", str(tmp_path))
    no_browser = report(
        "controllo-strategico", "--year", "2025", "--format", "pdf", "--out", str(out)
    )
    assert no_browser.exit_code == 1
    assert isinstance(no_browser.exception, SystemExit), no_browser.exception
    assert (
        "per il PDF serve Chromium (su Debian: apt-get install chromium-headless-shell, o chromium)"
        in no_browser.output
    )
    assert list(tmp_path.iterdir()) == [a_file]
