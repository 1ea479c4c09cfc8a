"""No format knows Turin: the seeds as other enti print them are read as those enti's.

The fixtures are the seeds renamed (tests/fixtures/make_other_enti.py). Each is
recognised by its format, imported as an ente of its own (created unconfirmed,
with the warning ente_created at the line printing it), and leaves every row the
seed wrote as it was.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cruscotto.cli import main
from cruscotto.core.models import Ente, ImportDiagnostic, SourceDocument
from cruscotto.core.services.enti import find_enti_by_prefix
from cruscotto.loaders.formats import detect_format
from cruscotto.plans.models import Plan, PlanItem

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from make_other_enti import comune_edition  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
Dump = Callable[[], dict[str, list[tuple[object, ...]]]]

# fixture, its seed, format, the ente it prints (name, code, kind), the line printing it.
RENAMED = [
    (
        "council/another_metropolitan_city.txt", "002_a40a8705e1971a15.txt", "consiglio",
        ("Città metropolitana di Bari", "citta-metropolitana-di-bari", "citta_metropolitana"), 7,
    ),
    (
        "psm_monitoring/another_metropolitan_city_monitoring.txt", "001_c8fc3c27ab7903b2.txt",
        "psm-monitoraggio",
        ("Città metropolitana di Genova", "citta-metropolitana-di-genova", "citta_metropolitana"),
        41,
    ),
    (
        "psm_monitoring/another_metropolitan_city_preliminary.txt", "003_cb1b0797773d428b.txt",
        "psm-preliminare",
        ("Città metropolitana di Genova", "citta-metropolitana-di-genova", "citta_metropolitana"),
        8,
    ),
    (
        "performance/another_ente_named_in_full.txt", "004_63c10e375ed7a47e.txt", "performance",
        ("Provincia di Cuneo", "provincia-di-cuneo", "provincia"), 14,
    ),
]  # fmt: skip


def import_file(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "--max-diagnostics", "0", *options, str(path)])
    return result.exit_code, result.output


def rows_changed_or_removed(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> dict[str, list[tuple[object, ...]]]:
    """The rows of `before` that `after` no longer has as they were, by table."""
    changed = {}
    for table, rows in before.items():
        kept = set(map(repr, after[table]))
        gone = [row for row in rows if repr(row) not in kept]
        if gone:
            changed[table] = gone
    return changed


@pytest.mark.parametrize(("fixture", "seed", "format_name", "ente", "line"), RENAMED)
def test_a_renamed_document_is_recognised_and_imported_as_its_own_ente(
    empty_db: None,
    dump_tables: Dump,
    fixture: str,
    seed: str,
    format_name: str,
    ente: tuple[str, str, str],
    line: int,
) -> None:
    path = FIXTURES / fixture
    assert detect_format(path.read_text(encoding="utf-8")).name == format_name
    listed = CliRunner().invoke(main, ["diagnostics", "--json", str(path)])
    assert listed.exit_code == 0, listed.output
    assert import_file(SAMPLES / seed)[0] == 0
    seed_ente = SourceDocument.objects.get().ente
    seed_items = PlanItem.objects.filter(plan__ente=seed_ente).count()
    before = dump_tables()

    exit_code, output = import_file(path)

    assert exit_code == 0, output
    name, code, kind = ente
    created = Ente.objects.get(code=code)
    assert (created.name, created.kind, created.aliases, created.confirmed) == (
        name, kind, [name], False,
    )  # fmt: skip
    document = SourceDocument.objects.get(ente=created)
    assert document.format == format_name
    warned = ImportDiagnostic.objects.filter(document=document, code="ente_created")
    assert [(d.line, d.severity) for d in warned] == [(line, "warning")]
    assert not ImportDiagnostic.objects.filter(
        document=document, code="ente_matched_by_prefix"
    ).exists()
    # The seed's ente and rows are as they were, byte for byte; the new ente has its own.
    assert rows_changed_or_removed(before, dump_tables()) == {}
    assert PlanItem.objects.filter(plan__ente=seed_ente).count() == seed_items
    assert PlanItem.objects.filter(plan__ente=created).exists()
    # A second import finds the ente by its alias and changes nothing.
    after = dump_tables()
    exit_code, output = import_file(path)
    assert exit_code == 0 and "nessuna modifica" in output, output
    assert dump_tables() == after


def test_the_axes_of_another_citys_mandate_are_read_with_their_names(empty_db: None) -> None:
    assert import_file(FIXTURES / "council/another_metropolitan_city.txt")[0] == 0

    mandate = Plan.objects.get(ente__code="citta-metropolitana-di-bari", kind=Plan.Kind.MANDATO)
    axes = PlanItem.objects.filter(plan=mandate, parent=None, level="asse").order_by("position")
    assert [(axis.code, axis.title) for axis in axes] == [
        ("1", "Bari metropoli più produttiva ed innovativa"),
        ("2", "Bari metropoli più verde ed ecologica"),
        ("3", "Bari metropoli più mobile, accessibile e collegata"),
        ("4", "Bari metropoli che impara di più"),
        ("5", "Bari metropoli più attrattiva giusta ed eguale"),
        ("6", "Bari metropoli più sana"),
    ]
    actions = [PlanItem.objects.filter(parent=axis).count() for axis in axes]
    assert actions == [8, 6, 6, 3, 4, 2]


def test_a_comune_prints_its_name_on_the_cover(
    empty_db: None, tmp_path: Path, rendiconto_path: Path, rendiconto_text: str, dump_tables: Dump
) -> None:
    assert import_file(rendiconto_path)[0] == 0
    before = dump_tables()
    bergamo = tmp_path / "relazione-bergamo.txt"
    bergamo.write_text(comune_edition(rendiconto_text), encoding="utf-8")
    assert detect_format(bergamo.read_text(encoding="utf-8")).name == "rendiconto"

    exit_code, output = import_file(bergamo)

    assert exit_code == 0, output
    ente = Ente.objects.get(code="comune-di-bergamo")
    assert (ente.name, ente.kind, ente.confirmed) == ("Comune di Bergamo", "comune", False)
    assert rows_changed_or_removed(before, dump_tables()) == {}
    assert PlanItem.objects.filter(plan__ente=ente).count() == (
        PlanItem.objects.filter(plan__ente__code="torino").count()
    )


def test_a_name_printed_cut_is_the_only_ente_it_begins(empty_db: None) -> None:
    seed = SAMPLES / "004_63c10e375ed7a47e.txt"

    assert import_file(seed)[0] == 0

    document = SourceDocument.objects.get()
    assert document.ente.code == "cmto"
    (matched,) = ImportDiagnostic.objects.filter(code="ente_matched_by_prefix")
    assert (matched.line, matched.severity) == (14, "warning")
    assert "«Città metropolitana di To»" in matched.message and "(cmto)" in matched.message
    assert Ente.objects.count() == 2
    # Once the cut name is one of the ente's aliases, it is the ente's name: no warning.
    confirmed = CliRunner().invoke(
        main, ["enti", "confirm", "cmto", "--alias", "Città metropolitana di To"]
    )
    assert confirmed.exit_code == 0, confirmed.output
    assert import_file(seed)[0] == 0
    assert not ImportDiagnostic.objects.filter(code="ente_matched_by_prefix").exists()


def test_a_name_printed_cut_that_begins_two_enti_is_refused(
    empty_db: None, dump_tables: Dump
) -> None:
    added = CliRunner().invoke(
        main,
        ["enti", "add", "cm-tortona", "--name", "Città metropolitana di Tortona",
         "--kind", "citta_metropolitana"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    before = dump_tables()

    exit_code, output = import_file(SAMPLES / "004_63c10e375ed7a47e.txt")

    assert exit_code == 1
    assert (
        "004_63c10e375ed7a47e.txt:14: l'ente stampato «Città metropolitana di To» è l'inizio "
        "del nome di più enti: «Città metropolitana di Tortona» (cm-tortona), "
        "«Città metropolitana di Torino» (cmto); indicarlo con --ente CODICE"
    ) in " ".join(output.split())
    assert dump_tables() == before
    assert import_file(SAMPLES / "004_63c10e375ed7a47e.txt", "--ente", "cmto")[0] == 0
    assert SourceDocument.objects.get().ente.code == "cmto"


def test_an_act_that_does_not_print_its_ente_needs_ente_option(
    empty_db: None, tmp_path: Path, dump_tables: Dump
) -> None:
    text = (SAMPLES / "002_a40a8705e1971a15.txt").read_text(encoding="utf-8")
    heading = "DELIBERAZIONE CONSIGLIO METROPOLITANO DI TORINO\n"
    assert text.count(heading) == 1
    act = tmp_path / "atto.txt"
    act.write_text(text.replace(heading, "DELIBERAZIONE CONSIGLIO METROPOLITANO\n"), "utf-8")
    before = dump_tables()

    exit_code, output = import_file(act)

    assert exit_code == 1
    assert "atto.txt:1: l'ente non è indicato nel documento; indicarlo con --ente CODICE" in (
        " ".join(output.split())
    )
    listed = CliRunner().invoke(main, ["diagnostics", "--json", str(act)])
    assert [
        (d["line"], d["severity"])
        for d in json.loads(listed.stdout)
        if d["code"] == "ente_not_found"
    ] == [(1, "warning")]
    assert dump_tables() == before
    assert import_file(act, "--ente", "cmto")[0] == 0
    assert SourceDocument.objects.get().ente.code == "cmto"


def test_only_a_name_with_its_kind_and_place_is_looked_up_by_its_start(empty_db: None) -> None:
    assert [ente.code for ente in find_enti_by_prefix("Città metropolitana di To")] == ["cmto"]
    assert [ente.code for ente in find_enti_by_prefix("Città di Tor")] == ["torino"]
    assert find_enti_by_prefix("Città metropolitana di T") == []  # one letter of the place
    assert find_enti_by_prefix("Città metropolitana di") == []
    assert find_enti_by_prefix("Torino") == []  # no kind: not a name of an ente
    assert find_enti_by_prefix("Città metropolitana di Torino") == []  # whole: find_ente's
