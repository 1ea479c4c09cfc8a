"""Refused imports, end to end through the command line: each leaves every table as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cruscotto.cli import main
from cruscotto.importers.records import MeasurementRecord, RendicontoDocument
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.loaders.common import LoadResult
from cruscotto.loaders.formats import FORMATS

pytestmark = pytest.mark.django_db

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
RENDICONTO_SEED = SAMPLES_DIR / "000_014bd498e15be787.txt"
SEEDS = {
    "rendiconto": RENDICONTO_SEED,
    "psm-monitoraggio": SAMPLES_DIR / "001_c8fc3c27ab7903b2.txt",
    "consiglio": SAMPLES_DIR / "002_a40a8705e1971a15.txt",
    "psm-preliminare": SAMPLES_DIR / "003_cb1b0797773d428b.txt",
    "performance": SAMPLES_DIR / "004_63c10e375ed7a47e.txt",
}
PERFORMANCE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "performance"
Dump = Callable[[], dict[str, list[tuple[object, ...]]]]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "250"})


def assert_refused(result: Result, *fragments: str) -> None:
    """Exit 1 with a message, not a traceback, saying each fragment."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)


def seed_lines() -> list[str]:
    return RENDICONTO_SEED.read_text(encoding="utf-8").splitlines(keepends=True)


def with_a_year_printed_twice(rendiconto: RendicontoDocument) -> RendicontoDocument:
    """The parse of a table whose header prints 2023 twice: one indicator, two values for 2023.

    The parser may learn to tell them apart; the loader's safety net is what is
    tested, so the duplicate is made sure of here.
    """
    indicator = rendiconto.programmi[0].indicators[0]
    first = indicator.measurements[0]
    indicator.measurements.append(dataclasses.replace(first, line=first.line + 1))
    assert isinstance(first, MeasurementRecord)
    return rendiconto


def test_every_refused_import_leaves_every_table_as_it_was(
    seeded_db: LoadResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump_tables: Dump
) -> None:
    before = dump_tables()

    # Each format forced on each seed of another format.
    for forced in FORMATS:
        for seed_format, seed in SEEDS.items():
            if seed_format != forced:
                assert_refused(
                    invoke("import", "--format", forced, str(seed)),
                    f"non è un documento di formato «{forced}»",
                )
    assert dump_tables() == before

    # A revision cut at a tenth of its lines, without --allow-removals, and as a dry run.
    lines = seed_lines()
    cut = tmp_path / "cut" / RENDICONTO_SEED.name
    cut.parent.mkdir()
    cut.write_text("".join(lines[: len(lines) // 10]), encoding="utf-8")
    assert_refused(invoke("import", str(cut)), "usare --allow-removals", "nessuna modifica")
    assert_refused(invoke("import", "--dry-run", str(cut)), "sarebbe rifiutata")
    assert dump_tables() == before

    # A NUL byte, and bytes that are not UTF-8, at line 3.
    nul = tmp_path / "nul.txt"
    nul.write_bytes("".join(lines[:2]).encode() + b"riga\x00tre\n" + "".join(lines[3:]).encode())
    assert_refused(invoke("import", str(nul)), f"{nul}:3: il file contiene un carattere NUL")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("".join(lines[:2]).encode() + "città\n".encode("latin-1"))
    assert_refused(invoke("import", str(latin)), f"{latin}:3: il file non è testo UTF-8")
    assert dump_tables() == before

    # A table whose header prints a year twice: two values with one natural key.
    doubled = tmp_path / "doubled" / RENDICONTO_SEED.name
    doubled.parent.mkdir()
    header = next(i for i, line in enumerate(lines) if "\t2023\t2024\t" in line)
    doubled.write_text(
        "".join(lines[:header])
        + lines[header].replace("\t2023\t2024\t", "\t2023\t2023\t", 1)
        + "".join(lines[header + 1 :]),
        encoding="utf-8",
    )

    def parse_with_duplicate(text: str) -> Any:
        return with_a_year_printed_twice(parse_rendiconto(text))

    monkeypatch.setitem(
        FORMATS,
        "rendiconto",
        dataclasses.replace(FORMATS["rendiconto"], parse=parse_with_duplicate),
    )
    assert_refused(
        invoke("import", str(doubled)),
        f"{doubled}: {doubled.name}: Measurement: chiave naturale ripetuta",
        "nessuna modifica al database",
    )
    monkeypatch.undo()
    assert dump_tables() == before


def test_refused_actual_values_leave_every_table_as_it_was(
    empty_db: None, tmp_path: Path, dump_tables: Dump
) -> None:
    plan = invoke("import", str(PERFORMANCE_FIXTURES / "weights_complete_for_scoring.txt"))
    assert plan.exit_code == 0, plan.output
    before = dump_tables()
    # Values with an error (objective 99 is not in the plan).
    assert_refused(
        invoke("performance", "actuals", str(PERFORMANCE_FIXTURES / "actuals_2024.csv")),
        "actuals_2024.csv:14: error [actuals_unknown_objective]",
        "1 valore non leggibile: nessun valore caricato, nessun punteggio ricalcolato",
    )
    # A header without the value column; a file that is not text; a workbook that is not one.
    no_values = tmp_path / "senza_valori.csv"
    no_values.write_text("obiettivo;struttura\n1;RA1\n", encoding="utf-8")
    assert_refused(invoke("performance", "actuals", str(no_values)), "[actuals_header]")
    not_text = tmp_path / "binario.csv"
    not_text.write_bytes(b"obiettivo;struttura;valore\n1;;\xff\xfe\n")
    assert_refused(
        invoke("performance", "actuals", str(not_text)), f"{not_text}:2: il file non è testo UTF-8"
    )
    not_a_workbook = tmp_path / "consuntivo.xlsx"
    not_a_workbook.write_bytes(b"PK\x03\x04 not really a zip")
    assert_refused(
        invoke("performance", "actuals", str(not_a_workbook)), "non si legge come CSV o XLSX"
    )
    assert dump_tables() == before
