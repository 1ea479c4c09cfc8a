"""Importing the council act: rows, provenance, idempotence, the votes command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.apps import apps
from django.core import serializers

from cruscotto.cli import main
from cruscotto.council.models import Attendance, Ballot, CouncilAct, OperativePoint, Signature
from cruscotto.loaders.common import LoadResult
from cruscotto.loaders.formats import FORMATS, detect_format
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.reports.services.summary import build_summary

from .conftest import COUNCIL_SEED, import_file

pytestmark = pytest.mark.django_db

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
SEED_FORMATS = {
    "000_014bd498e15be787.txt": "rendiconto",
    "001_c8fc3c27ab7903b2.txt": "psm-monitoraggio",
    "002_a40a8705e1971a15.txt": "consiglio",
    "003_cb1b0797773d428b.txt": "psm-preliminare",
    "004_63c10e375ed7a47e.txt": "performance",
}


def dump_database() -> dict[str, Any]:
    """Every row of every table the import can touch, as serialised by Django."""
    dumped = {}
    for app_label in ["core", "plans", "indicators", "council"]:
        for model in apps.get_app_config(app_label).get_models():
            queryset = model._default_manager.order_by("pk")
            dumped[model._meta.label] = serializers.serialize("python", queryset)
    return dumped


def test_every_seed_is_listed() -> None:
    assert sorted(path.name for path in SAMPLES_DIR.glob("*.txt")) == sorted(SEED_FORMATS)


@pytest.mark.parametrize(("name", "format_name"), sorted(SEED_FORMATS.items()))
def test_no_two_formats_recognise_the_same_seed(name: str, format_name: str | None) -> None:
    text = (SAMPLES_DIR / name).read_text(encoding="utf-8")
    matching = [fmt.name for fmt in FORMATS.values() if fmt.looks_like(text)]
    assert matching == ([format_name] if format_name else [])


def test_the_council_seed_is_detected_as_a_consiglio() -> None:
    detected = detect_format(COUNCIL_SEED.read_text(encoding="utf-8"))
    assert detected is not None and detected.name == "consiglio"


def test_the_act_and_its_votes_are_stored(council_loaded: LoadResult) -> None:
    act = CouncilAct.objects.get()
    assert (act.number, act.session.number, str(act.session.date)) == (
        "DEL_CONS 3",
        "II",
        "2022-02-23",
    )
    assert act.session.ente.code == "cmto"
    assert act.plan is not None and act.plan.kind == Plan.Kind.MANDATO
    assert Attendance.objects.filter(status="presente").count() == 19
    assert Attendance.objects.filter(status="portavoce").count() == 6
    points = OperativePoint.objects.order_by("number")
    assert [
        (p.number, p.present, p.voting, p.in_favour, p.against, p.abstained) for p in points
    ] == [
        (1, 19, 19, 12, None, 7),
        (2, 19, 19, 12, 1, 6),
        (3, 18, 18, 11, None, 7),
    ]
    cagno = Ballot.objects.filter(printed_name="Cagno")
    assert {ballot.attendance.name for ballot in cagno if ballot.attendance} == {"Marco COGNO"}
    assert Ballot.objects.count() == 57  # 19 names in each of the three votes
    assert Ballot.objects.filter(attendance__isnull=True).count() == 0
    assert Signature.objects.count() == 2
    assert council_loaded.document.identity == "cmto/consiglio/2022-02-23/DEL_CONS 3"


def test_the_mandate_lines_are_a_plan_of_the_citta_metropolitana(
    council_loaded: LoadResult,
) -> None:
    plan = Plan.objects.get(ente__code="cmto", kind=Plan.Kind.MANDATO)
    assert (plan.code, plan.period_start, plan.period_end) == ("2021-2026", 2021, 2026)
    summary = next(p for p in build_summary()["plans"] if p["kind"] == "mandato")
    assert summary["items_by_level"] == {"asse": 6, "azione": 29, "sezione": 9}
    action = PlanItem.objects.get(plan=plan, key="azione-3.4")
    assert (action.title, action.description, action.source_line) == (
        "Collegare la metropoli ai nodi globali vicini",
        "",
        399,
    )
    assert (
        action.parent is not None
        and action.parent.title == "Torino metropoli più mobile, accessibile e collegata"
    )


def test_a_second_import_changes_nothing(council_loaded: LoadResult) -> None:
    before = dump_database()
    second = import_file(COUNCIL_SEED, "consiglio")
    assert second.counts.changed == 0
    assert dump_database() == before


def test_council_votes_json(council_loaded: LoadResult) -> None:
    result = CliRunner().invoke(main, ["council", "votes", "--json"])
    assert result.exit_code == 0, result.output
    (act,) = json.loads(result.output)
    assert act["act"] == {
        "number": "DEL_CONS 3",
        "subject": "PRESENTAZIONE LINEE PROGRAMMATICHE DI MANDATO PER IL QUINQUENNIO 2021-2026",
    }
    assert act["session"]["time"] == "16:00"
    point_3 = act["points"][2]
    assert point_3["tally"] == {
        "present": 18,
        "voting": 18,
        "in_favour": 11,
        "against": None,
        "abstained": 7,
        "not_voting": 1,
    }
    assert point_3["tally_checked"] is True
    assert point_3["names"]["non_votante"] == [
        {"printed": "Conticelli", "attendee": "Nadia CONTICELLI"}
    ]
    assert [len(point["names"]["favorevole"]) for point in act["points"]] == [12, 12, 11]


def test_council_votes_for_a_reader_fits_a_terminal_and_says_who_voted_how(
    council_loaded: LoadResult,
) -> None:
    result = CliRunner().invoke(main, ["council", "votes"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("DEL_CONS 3 — seduta II del 2022-02-23")
    # one column per operative point, the six counts of the deliberation (002:76-142)
    rows = {line.split("│")[1].strip(): line.split("│")[2:5] for line in lines if "│" in line}
    assert [cell.strip() for cell in rows["favorevoli"]] == ["12", "12", "11"]
    assert [cell.strip() for cell in rows["contrari"]] == ["—", "1", "—"]
    assert [cell.strip() for cell in rows["non votanti"]] == ["—", "—", "1"]
    assert [cell.strip() for cell in rows["verifica"]] == ["ok", "ok", "ok"]
    text = " ".join(line.strip() for line in lines)
    assert "Cagno (nell'elenco dei presenti: Marco COGNO)" in text
    assert "Punto 2: di esprimere apprezzamento positivo per le linee programmatiche;" in text
    assert "contrari: D'Agostino astenuti:" in text
    assert "non votanti: Conticelli" in text


@pytest.mark.parametrize(
    ("format_name", "signature", "lines"),
    [
        (
            "consiglio",
            ("DELIBERAZIONE CONSIGLIO METROPOLITANO", "Votanti: 0"),
            [
                "notes.txt:1: error [attendance_not_found] Elenco dei presenti non trovato",
                "notes.txt:1: error [session_not_found] Apertura della seduta non trovata",
                "notes.txt:1: error [act_not_found] Numero o oggetto dell'atto non trovati",
            ],
        ),
        (
            "psm-preliminare",
            ("PIANO STRATEGICO METROPOLITANO", "Restituzione della fase preliminare"),
            [
                "notes.txt:1: error [plan_period_not_found] Periodo del nuovo piano "
                "(«PIANO STRATEGICO METROPOLITANO … 2024|2026») non trovato nel frontespizio",
                "notes.txt:1: error [previous_edition_not_found] Edizione precedente del piano "
                "(«PSM 2021-23») non citata",
            ],
        ),
    ],
)
def test_a_refused_import_names_the_file_and_the_lines_it_could_not_read(
    empty_db: None, tmp_path: Path, format_name: str, signature: tuple[str, str], lines: list[str]
) -> None:
    # Notes under the format's signature (without it they are refused unparsed,
    # see tests/test_import_refusals.py): parsed, and refused for what they lack.
    notes = tmp_path / "notes.txt"
    notes.write_text(
        f"{signature[0]}\nAppunti della riunione\nnessun atto qui\n{signature[1]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import", "--format", format_name, str(notes)])
    assert result.exit_code != 0
    output = result.output.splitlines()
    assert [line for line in output if line.startswith("notes.txt:")] == lines
    assert f"{notes}: " in result.output and "nessuna modifica al database" in result.output
    assert not PlanItem.objects.exists() and not CouncilAct.objects.exists()
