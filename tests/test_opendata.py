"""Open data written from the database: CSV per indicator, JSON per plan, data dictionary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cruscotto.cli import main
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem

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
