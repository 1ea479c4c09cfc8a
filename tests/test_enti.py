"""Enti are data: a document of an ente Cruscotto does not know yet is its own ente's."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cruscotto.cli import main
from cruscotto.core.models import Ente, ImportDiagnostic, SourceDocument
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.reports.services.exports import export_strategic_control


def milan_edition(text: str) -> str:
    """The Turin relazione as another Città would print it."""
    return text.replace("TORINO", "MILANO").replace("Torino", "Milano")


def import_file(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "--max-diagnostics", "0", *options, str(path)])
    return result.exit_code, result.output


def test_another_citys_relazione_is_imported_as_its_own_ente(
    empty_db: None, tmp_path: Path, rendiconto_path: Path, rendiconto_text: str
) -> None:
    assert import_file(rendiconto_path)[0] == 0
    turin_report = export_strategic_control("torino", 2025, "html")
    turin_items = PlanItem.objects.filter(plan__ente__code="torino").count()
    milan = tmp_path / "relazione-milano.txt"
    milan.write_text(milan_edition(rendiconto_text), encoding="utf-8")

    exit_code, output = import_file(milan)

    assert exit_code == 0, output
    ente = Ente.objects.get(code="citta-di-milano")
    assert (ente.name, ente.kind, ente.aliases) == (
        "Città di Milano",
        Ente.Kind.COMUNE,
        ["Città di Milano"],
    )
    document = SourceDocument.objects.get(ente=ente)
    assert document.identity == "citta-di-milano/rendiconto/2025"
    created = ImportDiagnostic.objects.filter(document=document, code="ente_created")
    assert [(d.line, d.severity) for d in created] == [(5, "warning")]  # «CITTA' DI MILANO»
    assert PlanItem.objects.filter(plan__ente=ente).count() == turin_items
    # Turin's data is as it was.
    assert PlanItem.objects.filter(plan__ente__code="torino").count() == turin_items
    assert export_strategic_control("torino", 2025, "html") == turin_report
    # A second import finds the ente by its alias and changes nothing.
    exit_code, output = import_file(milan)
    assert exit_code == 0 and "nessuna modifica" in output, output
    assert Ente.objects.count() == 3
    # Confirmed, with its name corrected: the warning goes, the ente stays.
    confirmed = CliRunner().invoke(
        main,
        ["enti", "confirm", "citta-di-milano", "--name", "Comune di Milano", "--istat", "015146"],
    )
    assert confirmed.exit_code == 0, confirmed.output
    assert import_file(milan)[0] == 0
    assert not ImportDiagnostic.objects.filter(document=document, code="ente_created").exists()
    ente.refresh_from_db()
    assert (ente.name, ente.istat_code, ente.confirmed) == ("Comune di Milano", "015146", True)


def test_an_ente_added_by_hand_is_found_by_its_alias(
    empty_db: None, tmp_path: Path, rendiconto_text: str
) -> None:
    runner = CliRunner()
    added = runner.invoke(
        main,
        [
            "enti", "add", "milano", "--name", "Comune di Milano", "--kind", "comune",
            "--istat", "015146", "--alias", "CITTÀ DI MILANO",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    milan = tmp_path / "relazione-milano.txt"
    milan.write_text(milan_edition(rendiconto_text), encoding="utf-8")

    assert import_file(milan)[0] == 0

    assert Plan.objects.filter(ente__code="milano").count() == 2
    assert not ImportDiagnostic.objects.filter(code="ente_created").exists()
    listed = json.loads(runner.invoke(main, ["enti", "--json"]).output)
    assert [ente["code"] for ente in listed] == ["cmto", "milano", "torino"]
    assert listed[1] == {
        "code": "milano",
        "name": "Comune di Milano",
        "kind": "comune",
        "istat_code": "015146",
        "aliases": ["CITTÀ DI MILANO"],
        "confirmed": True,
    }


def test_ente_option_names_the_ente_and_refuses_an_unknown_one(
    empty_db: None, tmp_path: Path, rendiconto_text: str
) -> None:
    milan = tmp_path / "relazione-milano.txt"
    milan.write_text(milan_edition(rendiconto_text), encoding="utf-8")

    exit_code, output = import_file(milan, "--ente", "nessuno")

    assert exit_code == 1
    assert "ente «nessuno» sconosciuto" in output and "nessuna modifica" in output
    assert not SourceDocument.objects.exists()
    assert import_file(milan, "--ente", "cmto")[0] == 0
    assert SourceDocument.objects.get().identity == "cmto/rendiconto/2025"
    assert Ente.objects.count() == 2


def test_adding_an_ente_refuses_what_would_be_ambiguous(empty_db: None) -> None:
    runner = CliRunner()
    cases = {
        ("torino", "Altro", "comune"): "l'ente «torino» esiste già",
        ("Milano", "Milano", "comune"): "codice «Milano» non valido",
        ("mi", "Città di Torino", "comune"): "è già il nome o un alias dell'ente «torino»",
    }
    for (code, name, kind), message in cases.items():
        result = runner.invoke(main, ["enti", "add", code, "--name", name, "--kind", kind])
        assert result.exit_code == 1 and message in result.output, result.output
    result = runner.invoke(main, ["enti", "add", "mi", "--name", "Milano", "--kind", "città"])
    assert result.exit_code == 2  # not a kind
    assert Ente.objects.count() == 2
