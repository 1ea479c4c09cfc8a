"""`cruscotto performance …` and the XLSX export, run in-process on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from cruscotto.cli import main
from cruscotto.performance.models import ActualValue, Score

SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "performance"
COMMANDS = ["assignments", "validate", "actuals", "scores", "export"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_every_performance_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, ["performance", *command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Uso:" in result.output


def test_import_then_assignments_as_json(empty_db: None) -> None:
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(SEED)])
    assert imported.exit_code == 0, imported.output
    assert "(performance)" in imported.output
    result = runner.invoke(main, ["performance", "assignments", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 233  # with QA4's objective 16, stated in 004:62 and 004:174
    assert rows[0] == {
        "structure": "A02", "objective_id": 1, "slot": "ente_1", "weight": None,
        "weight_source": "unknown", "candidates": [5, 10, 15, 20, 25, 30, 35, 40, 45],
    }  # fmt: skip
    ra3 = [r for r in rows if r["structure"] == "RA3" and r["objective_id"] == 52]
    assert ra3 == [
        {"structure": "RA3", "objective_id": 52, "slot": "individuale_3", "weight": 15,
         "weight_source": "completed", "candidates": []}
    ]  # fmt: skip
    report = json.loads(runner.invoke(main, ["performance", "validate", "--json"]).output)
    a02 = report[0]
    assert (a02["structure"], a02["declared_total"], a02["known_sum"], len(a02["unknown"])) == (
        "A02", 100, 30, 6,
    )  # fmt: skip
    assert a02["not_multiple_of_5"] == [
        {"slot": "individuale_2", "objective_id": 23, "printed": 51}
    ]
    assert [(r["structure"], r["missing_common_objectives"]) for r in report if r["missing_common_objectives"]] == [
        ("A80", [4]), ("RA2", [4]), ("UB1", [4]), ("UB2", [4]),
    ]  # fmt: skip


def test_actuals_scores_and_xlsx_export(empty_db: None, tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["import", str(FIXTURES / "weights_complete_for_scoring.txt")]
        ).exit_code
        == 0
    )
    # A file with an error is refused whole (see tests/test_import_refusals.py) …
    refused = runner.invoke(main, ["performance", "actuals", str(FIXTURES / "actuals_2024.csv")])
    assert refused.exit_code == 1, refused.output
    assert "actuals_2024.csv:14: error [actuals_unknown_objective]" in refused.output
    assert not ActualValue.objects.exists() and not Score.objects.exists()
    # … and loads once the line in error (objective 99, not in the plan) is taken out.
    corrected = tmp_path / "actuals_2024.csv"
    lines = (FIXTURES / "actuals_2024.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[13] == "99;RA1;5\n"
    corrected.write_text("".join(lines[:13] + lines[14:]), encoding="utf-8")
    loaded = runner.invoke(main, ["performance", "actuals", str(corrected)])
    assert loaded.exit_code == 0, loaded.output
    assert "actuals_2024.csv:13: warning [actuals_ente_wide_per_structure]" in loaded.output
    assert ActualValue.objects.count() == 11
    scores = json.loads(runner.invoke(main, ["performance", "scores", "--json"]).output)
    assert scores["structures"][1] == {
        "structure": "RA2", "manager": "Marzilli Enrico", "score": "76.13", "complete": True,
    }  # fmt: skip
    output = tmp_path / "performance.xlsx"
    exported = runner.invoke(main, ["performance", "export", str(output)])
    assert exported.exit_code == 0, exported.output
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["Assegnazioni", "Validazione", "Punteggi", "Schede"]
    cards = list(workbook["Schede"].iter_rows(values_only=True))
    assert len(cards) == 1 + 7 + 1 + 1 + 7 + 1 + 1  # header; per manager objectives, total, result
    matrix = [list(row) for row in workbook["Assegnazioni"].iter_rows(values_only=True)]
    assert matrix[0][:4] == ["Struttura", "Dirigente", "Obiettivo di Ente 1", "Obiettivo di Ente 2"]
    assert matrix[2][:3] == ["RA2", "Marzilli Enrico", "1 (10, letto)"]
    punteggi = [list(row) for row in workbook["Punteggi"].iter_rows(values_only=True)]
    assert punteggi == [
        ["Struttura", "Dirigente", "Punteggio 2024", "Completo"],
        ["RA1", "Simonetti Sarah Stefania", 59, "no"],  # numbers, in the reader's format
        ["RA2", "Marzilli Enrico", 76.13, "sì"],
    ]


def test_xlsx_actuals_are_read_like_csv(empty_db: None, tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["import", str(FIXTURES / "weights_complete_for_scoring.txt")]
        ).exit_code
        == 0
    )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        ("obiettivo", "struttura", "valore"),
        (1, None, 950000),
        (47, "RA2", 22.5),
        (46, "RA2", "Si"),
    ]:
        sheet.append(row)
    path = tmp_path / "consuntivo.xlsx"
    workbook.save(path)
    loaded = runner.invoke(main, ["performance", "actuals", str(path)])
    assert loaded.exit_code == 0, loaded.output
    scores = {
        (s["structure"])
        for s in json.loads(runner.invoke(main, ["performance", "scores", "--json"]).output)[
            "structures"
        ]
    }
    assert scores == {"RA1", "RA2"}
