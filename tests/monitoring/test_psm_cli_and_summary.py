"""The command line and the JSON summary on the PSM monitoring report."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cruscotto.cli import BUNDLED_SAMPLES, main
from cruscotto.reports.services.summary import build_summary


def test_import_recognises_the_format_then_a_second_import_changes_nothing(
    empty_db: None, psm_monitoring_path: Path
) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(psm_monitoring_path)])
    assert first.exit_code == 0, first.output
    assert "psm-monitoraggio" in first.output or "progetti" in first.output
    second = runner.invoke(
        main, ["import", "--format", "psm-monitoraggio", str(psm_monitoring_path)]
    )
    assert second.exit_code == 0, second.output
    assert "nessuna modifica" in second.output


def test_the_summary_covers_the_plan(empty_db: None, psm_monitoring_path: Path) -> None:
    assert CliRunner().invoke(main, ["import", str(psm_monitoring_path)]).exit_code == 0
    (psm,) = [plan for plan in build_summary()["plans"] if plan["kind"] == "psm"]
    assert psm["ente_code"] == "cmto"
    assert psm["period"] == [2024, 2026]
    assert psm["items_by_level"] == {"asse": 6, "azione": 113, "progetto": 121, "strategia": 25}
    assert psm["indicators_by_kind"] == {"contesto": 85}
    assert sum(psm["measurements_by_year"].values()) == 85
    # Lines ending with the year 2023 in the context tables: 25.
    assert psm["measurements_by_year"]["2023"] == 25
    assert psm["survey_questions"] == 25


def test_the_demo_imports_this_report_too() -> None:
    assert "001_c8fc3c27ab7903b2.txt" in BUNDLED_SAMPLES
