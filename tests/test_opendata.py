"""Open data written from the database: CSV per indicator, JSON per plan, data dictionary."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cruscotto.cli import main
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.indicators.services import stable_indicator_id
from cruscotto.loaders.common import LoadResult, SilentProgress, SourceFile
from cruscotto.loaders.formats import detect_format
from cruscotto.plans.models import Plan, PlanItem
from empty_database import empty_the_database

pytestmark = pytest.mark.django_db


def test_opendata_files_describe_every_indicator_and_plan(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["opendata", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = list(csv.DictReader((tmp_path / "indicatori.csv").open(encoding="utf-8")))
    assert len(index) == Indicator.objects.count()
    assert sum(int(row["values"]) for row in index) == Measurement.objects.count()
    assert len(list((tmp_path / "indicatori").glob("*.csv"))) == len(index)  # no name collides
    f1 = next(row for row in index if row["indicator_id"] == "torino:dup:2021-2026:M01.P01/vp/f.1")
    assert f1["item_key"] == "M01.P01.f"
    rows = list(csv.DictReader((tmp_path / "indicatori" / f1["file"]).open(encoding="utf-8")))
    assert [(r["year"], r["value_as_printed"], r["value"], r["value_type"]) for r in rows] == [
        ("2022", "524.018.883,50 €", "524018883.5", "euro"),
        ("2023", "54.357.605,08 (PN METRO PLUS) + 702.982.827,4 €", "", "euro"),
        ("2024", "84.294.379,09 (PN METRO PLUS) + 717.609.256,53", "", "count"),  # no € printed
        ("2025", "107.517.157,60 (PN METRO PLUS) + 720.201.042,01", "", "count"),
    ]
    dictionary = json.loads((tmp_path / "dizionario-dati.json").read_text(encoding="utf-8"))
    assert list(rows[0]) == dictionary["indicator_csv_columns"]
    assert set(dictionary["columns"]["indicatori/<indicator file>.csv"]) == set(rows[0])
    assert set(dictionary["columns"]["indicatori.csv"]) == set(index[0])
    dup = Plan.objects.get(kind=Plan.Kind.DUP)
    plan = json.loads(
        (tmp_path / "piani" / "torino_dup_2021-2026.json").read_text(encoding="utf-8")
    )
    assert plan["plan"]["id"] == "torino:dup:2021-2026"
    assert len(plan["items"]) == PlanItem.objects.filter(plan=dup).count()
    h = next(item for item in plan["items"] if item["key"] == "M01.P01.h")
    assert h["parent"] == "M01.P01"
    assert [(r["org_unit"], r["status"]) for r in h["responsibilities"]] == [
        ("Servizi Interni Sistemi Informativi", None),
        ("Servizi Sociali, Sociosanitari e Abitativi", "concluso"),
    ]
    assert h["source"] == {"document": "000_014bd498e15be787.txt", "line": 139}
    a = next(item for item in plan["items"] if item["key"] == "M01.P02.a")
    assert [(link["kind"], link["plan"], link["local_code"]) for link in a["links"]] == [
        ("refers_to", "torino:mandato:2021-2026", "1")
    ]
    # one mandate line, listed by two programmi with their own SDG and PNRR cells:
    # M10P05's row (000:1916) prints SDG 9 and Missione 2, M03P01's (000:701) neither
    lists = {
        item["key"]: [link for link in item["links"] if link["kind"] == "lists"]
        for item in plan["items"]
        if item["key"] in ("M10.P05", "M03.P01", "M01.P02")
    }
    shared = lists["M10.P05"][0]["key"]
    assert lists["M10.P05"][0]["tags"] == ["pnrr_missioni:M2", "sdg:9"]
    assert [link["tags"] for link in lists["M03.P01"] if link["key"] == shared] == [[]]
    assert lists["M01.P02"][0]["tags"] == ["pnrr_missioni:M1"]  # 000:185: no SDG, Missione 1


def field_paths(value: Any, path: str = "") -> set[str]:
    """Every field of a JSON value by its path: "items[].links[].kind"."""
    if isinstance(value, dict):
        found = set()
        for key, inner in value.items():
            inner_path = f"{path}.{key}" if path else key
            found |= {inner_path} | field_paths(inner, inner_path)
        return found
    if isinstance(value, list):
        return set().union(*(field_paths(inner, f"{path}[]") for inner in value))
    return set()


def test_the_dictionary_describes_every_column_and_field_written(
    seeded_db: LoadResult, tmp_path: Path
) -> None:
    """Walk the files written: each CSV column and each JSON field has its description."""
    # Written into a folder that holds an earlier publication: what the database no longer
    # has is removed, not left to be served as current.
    (tmp_path / "piani").mkdir()
    (tmp_path / "indicatori").mkdir()
    (tmp_path / "piani" / "torino_dup_2016-2021.json").write_text("{}", encoding="utf-8")
    (tmp_path / "indicatori" / "torino_dup_2016-2021_M01.P01_vp_a.1.csv").write_text("")
    result = CliRunner().invoke(main, ["opendata", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "piani" / "torino_dup_2016-2021.json").exists()
    dictionary = json.loads((tmp_path / "dizionario-dati.json").read_text(encoding="utf-8"))
    columns = dictionary["columns"]
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    described = 0
    for name in written:
        path = tmp_path / name
        if name == "dizionario-dati.json":
            continue
        if name == "indicatori.csv":
            entry = "indicatori.csv"
        elif name.startswith("indicatori/") and name.endswith(".csv"):
            entry = "indicatori/<indicator file>.csv"
        elif name.startswith("piani/") and name.endswith(".json"):
            entry = "piani/<plan>.json"
        else:
            raise AssertionError(f"{name}: a file the dictionary does not describe")
        if name.endswith(".csv"):
            with path.open(encoding="utf-8") as file:
                fields = set(next(csv.reader(file)))
        else:
            fields = field_paths(json.loads(path.read_text(encoding="utf-8")))
        assert fields - set(columns[entry]) == set(), name
        assert all(columns[entry][field].strip() for field in fields), name
        described += 1
    assert described == len(written) - 1 == Indicator.objects.count() + 1 + Plan.objects.count()


def test_each_csv_row_is_a_measurement(seeded_db: LoadResult, tmp_path: Path) -> None:
    """Every row of every indicator file is the measurement it stands for, and no more."""
    result = CliRunner().invoke(main, ["opendata", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = {
        row["indicator_id"]: row
        for row in csv.DictReader((tmp_path / "indicatori.csv").open(encoding="utf-8"))
    }
    checked = 0
    for indicator in Indicator.objects.select_related("plan__ente").prefetch_related(
        "measurements__source_document"
    ):
        entry = index.pop(stable_indicator_id(indicator))
        assert int(entry["values"]) == indicator.measurements.count()
        with (tmp_path / "indicatori" / entry["file"]).open(encoding="utf-8") as file:
            rows = {(row["series"], int(row["year"])): row for row in csv.DictReader(file)}
        assert len(rows) == indicator.measurements.count()
        for measurement in indicator.measurements.all():
            row = rows[measurement.series, measurement.year]
            assert (row["value_as_printed"], row["value_type"], row["unit"]) == (
                measurement.as_printed, measurement.value_type, indicator.unit,
            )  # fmt: skip
            assert (Decimal(row["value"]) if row["value"] else None) == measurement.value
            assert (row["qualifiers"].split(";") if row["qualifiers"] else []) == list(
                measurement.qualifiers
            )
            assert int(row["source_line"]) == measurement.source_line
            checked += 1
    assert index == {} and checked == Measurement.objects.count() == 3105


def import_samples(names: list[str]) -> None:
    for name in names:
        source = SourceFile.read(Path(__file__).resolve().parent.parent / "samples" / name)
        document_format = detect_format(source.text)
        assert document_format is not None, name
        document_format.import_document(
            document_format.parse(source.text), source, "test", SilentProgress()
        )


def test_the_files_are_the_same_whatever_the_order_of_the_imports(
    empty_db: None, tmp_path: Path
) -> None:
    """Stable identifiers, and stable files: the same documents imported in another order
    (new database ids) write the same bytes. The index listed the PSM's context indicators
    after the DUP's or before them depending on which was imported first."""
    seeds = ["000_014bd498e15be787.txt", "001_c8fc3c27ab7903b2.txt"]
    written = {}
    for order in (seeds, seeds[::-1]):
        empty_the_database()
        import_samples(order)
        out = tmp_path / order[0]
        result = CliRunner().invoke(main, ["opendata", "--out", str(out)])
        assert result.exit_code == 0, result.output
        written[order[0]] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.*"))
        }
    first, second = written.values()
    assert len(first) == Indicator.objects.count() + 2 + Plan.objects.count()
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
