"""Charts: one definition (ChartSpec) per chart, embedded as JSON for Chart.js and drawn as
SVG for print; the indicator trend as Open SDG computes it (compound annual growth)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.cli import main
from cruscotto.core.charts import ChartKind, format_italian_number
from cruscotto.core.charts.svg import render_svg
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.indicators.services import build_trend, compound_annual_growth
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan
from cruscotto.plans.services.dashboard import build_dashboard

pytestmark = pytest.mark.django_db

BORGO = Path(__file__).resolve().parent / "fixtures" / "spreadsheet" / "borgo_esempio_dup.xlsx"
# A result indicator of the seed with a number every year: 8165, 8676, 10404, 10882.
GROWING = "M01.P01/risultato/bee9a3569a"


def dup_plan() -> Plan:
    return Plan.objects.get(kind=Plan.Kind.DUP)


def chart_data(html: str) -> dict[str, dict[str, Any]]:
    """The charts of a page as web/charts.js reads them: canvas id → spec."""
    charts = {}
    for canvas_id, data_id in re.findall(
        r'<canvas id="([^"]+)" role="img" [^>]*data-chart="([^"]+)"', html
    ):
        found = re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', html)
        assert found, data_id
        charts[canvas_id] = json.loads(found.group(1))
    return charts


def table_rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table class="table table-sm" id="{table_id}">(.*?)</table>', html, re.S)
    assert table, table_id
    body = table.group(1).split("<tbody>")[1]
    return [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def d(value: str) -> Decimal:
    return Decimal(value)


def test_compound_annual_growth_is_open_sdg_s_trend() -> None:
    growth = compound_annual_growth({2021: d("100"), 2022: d("90"), 2024: d("133.1")})
    # (133.1 / 100) ^ (1 / 3) − 1: the years between first and last, not the values given.
    assert growth.rate == d("0.1") and (growth.first_year, growth.last_year) == (2021, 2024)
    assert growth.sentence == (
        "Andamento medio annuo: +10,0 % (2021–2024, crescita annua composta)."
    )
    falling = compound_annual_growth({2022: d("4"), 2025: d("0")})
    assert falling.rate == d("-1") and falling.sentence.startswith(
        "Andamento medio annuo: -100,0 %"
    )
    assert compound_annual_growth({2022: d("5"), 2023: d("5")}).sentence.startswith(
        "Andamento medio annuo: 0,0 %"
    )


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({}, "servono i valori di almeno due anni"),
        ({2024: d("7")}, "servono i valori di almeno due anni"),
        ({2022: None, 2023: d("1"), 2025: d("7")}, "manca il valore del 2022"),
        ({2022: d("3"), 2025: None}, "manca il valore del 2025"),
        ({2022: d("0"), 2025: d("100000")}, "il valore del 2022 è zero o negativo"),
        ({2022: d("-13.8"), 2025: d("4")}, "il valore del 2022 è zero o negativo"),
        ({2022: d("2"), 2025: d("-1")}, "il valore del 2025 è negativo"),
    ],
)
def test_compound_annual_growth_is_undefined_rather_than_invented(
    values: dict[int, Decimal | None], reason: str
) -> None:
    growth = compound_annual_growth(values)
    assert growth.rate is None and growth.undefined_because == reason
    assert growth.sentence == f"Andamento medio annuo: non calcolabile ({reason})."


def test_numbers_are_written_as_intl_number_format_it_writes_them() -> None:
    # The same strings as `new Intl.NumberFormat('it-IT').format(…)` in Node and Chromium.
    assert format_italian_number(d("524018883.5")) == "524.018.883,5"
    assert format_italian_number(d("10404")) == "10.404"
    assert format_italian_number(d("8165")) == "8165"
    assert format_italian_number(d("-3.2")) == "-3,2"
    assert format_italian_number(d("1.2345")) == "1,235"
    assert format_italian_number(d("12.500000")) == "12,5"
    assert format_italian_number(45) == "45"
    assert format_italian_number(d("10"), 1) == "10,0"


def test_the_indicator_page_embeds_its_trend_for_chart_js(
    seeded_db: LoadResult, client: Client
) -> None:
    indicator = Indicator.objects.get(plan=dup_plan(), key=GROWING)
    html = client.get(f"/indicatori/{indicator.pk}/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    charts = chart_data(html)
    assert list(charts) == ["andamento"]
    spec = charts["andamento"]
    assert spec["kind"] == "line" and spec["labels"] == ["2022", "2023", "2024", "2025"]
    # Numbers as JSON numbers, whatever the page's language ("10404", never "10.404").
    assert spec["datasets"] == [
        {
            "label": "Valore",
            "values": [8165.0, 8676.0, 10404.0, 10882.0],
            "reference": False,
            "colour": "#0059b3",
        }
    ]
    assert '<figure class="chart" aria-describedby="andamento-tabella">' in html
    assert re.search(r'<canvas id="andamento" role="img" aria-label="Andamento dell', html)
    assert table_rows(html, "andamento-tabella") == [
        ["2022", "8165"],
        ["2023", "8676"],
        ["2024", "10.404"],
        ["2025", "10.882"],
    ]
    # (10882 / 8165) ^ (1/3) − 1 = 0.1004…
    assert "Andamento medio annuo: +10,0 % (2022–2025, crescita annua composta)." in html
    # No executable inline script: the chart is data for web/charts.js, loaded deferred.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/json"' in attrs or "defer src=" in attrs for attrs in scripts)
    assert '<script defer src="/static/web/charts.js">' in html


def test_an_indicator_without_a_first_value_says_its_trend_is_unknown(
    seeded_db: LoadResult, client: Client
) -> None:
    missing_first = next(
        indicator
        for indicator in Indicator.objects.filter(plan=dup_plan(), key__startswith="M01.P01/vp/")
        .prefetch_related("measurements")
        .order_by("position")
        if [m.year for m in indicator.measurements.all() if m.value is None][:1] == [2022]
        and any(m.value is not None for m in indicator.measurements.all())
    )
    html = client.get(f"/indicatori/{missing_first.pk}/").content.decode()
    assert "Andamento medio annuo: non calcolabile (manca il valore del 2022)." in html
    # The year without a number is in the chart as a gap, not as a zero.
    spec = chart_data(html)["andamento"]
    assert spec["labels"][0] == "2022" and spec["datasets"][0]["values"][0] is None
    assert table_rows(html, "andamento-tabella")[0] == ["2022", "—"]


def test_baseline_and_targets_are_drawn_beside_the_values(empty_db: None, client: Client) -> None:
    result = CliRunner().invoke(main, ["import", str(BORGO)])
    assert result.exit_code == 0, result.output
    indicator = Indicator.objects.get(code="I1")
    html = client.get(f"/indicatori/{indicator.pk}/").content.decode()
    spec = chart_data(html)["andamento"]
    assert spec["labels"] == ["2025", "2026"]
    assert spec["unit"] == ""  # a count ("numero"): "4", not "4 numero"
    assert spec["datasets"] == [
        # Values and the levels they are compared with, each in a colour of its own.
        {"label": "Valore", "values": [4.0, None], "reference": False, "colour": "#0059b3"},
        {
            "label": "Valore di partenza",
            "values": [3.0, 3.0],
            "reference": True,
            "colour": "#4d4d4d",
        },
        {"label": "Obiettivo", "values": [6.0, 9.0], "reference": True, "colour": "#c05600"},
    ]
    assert table_rows(html, "andamento-tabella") == [
        ["2025", "4", "3", "6"],
        ["2026", "—", "3", "9"],
    ]
    assert "Valore di partenza: 3" in html
    spending = Indicator.objects.get(code="I3")  # € 1.200, then 1.234,5
    html = client.get(f"/indicatori/{spending.pk}/").content.decode()
    assert "Andamento medio annuo: +2,9 % (2025–2026, crescita annua composta)." in html
    assert table_rows(html, "andamento-tabella") == [["2025", "1200"], ["2026", "1234,5"]]
    assert (
        chart_data(html)["andamento"]["unit"] == "€"
        and '<th scope="col" class="text-end">Valore (€)</th>' in html
    )


def test_the_dashboard_charts_carry_the_plan_s_counts(
    seeded_db: LoadResult, client: Client
) -> None:
    user = User.objects.create_user("grafici", password="x")
    Role.objects.create(user=user, ente=dup_plan().ente, kind=Role.Kind.UFFICIO)
    client.force_login(user)
    html = client.get(f"/riservata/piani/{dup_plan().pk}/", HTTP_ACCEPT_LANGUAGE="it").content
    text = html.decode()
    charts = chart_data(text)
    dashboard = build_dashboard(dup_plan())
    assert len(charts) == len(dashboard.distributions) > 1
    for number, (spec, distribution) in enumerate(
        zip(charts.values(), dashboard.distributions, strict=True), start=1
    ):
        assert spec["kind"] == "bar" and spec["horizontal"] is True
        assert spec["title"] == distribution.title
        assert spec["labels"] == [label for label, _ in distribution.rows]
        assert spec["datasets"][0]["values"] == [float(count) for _, count in distribution.rows]
        assert table_rows(text, f"grafico-{number}-tabella") == [
            [label.replace("'", "&#x27;"), format_italian_number(count)]
            for label, count in distribution.rows
        ]
    statuses = charts["grafico-1"]
    counts = dict(zip(statuses["labels"], statuses["datasets"][0]["values"], strict=True))
    assert counts["Concluso"] == 45 and counts["In corso"] == 469
    # Each chart is described by its own table, and every id of the page is unique.
    described = re.findall(r'aria-describedby="([^"]+)"', text)
    tables = re.findall(r'<table class="table table-sm" id="([^"]+)"', text)
    assert len(described) == len(set(described)) > 1 and sorted(described) == sorted(tables)
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_the_svg_draws_a_bar_per_count_and_a_point_per_value(seeded_db: LoadResult) -> None:
    statuses = build_dashboard(dup_plan()).distributions[0].chart
    svg = str(render_svg(statuses))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'role="img"' in svg
    assert f"<title>{statuses.title}</title>" in svg
    assert svg.count('<rect class="bar"') == len(statuses.labels)
    widths = [float(w) for w in re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"', svg)]
    counts = [float(value or 0) for value in statuses.datasets[0].values]
    # Bars proportional to the counts: the widest is the largest count's.
    assert widths.index(max(widths)) == counts.index(max(counts))
    assert all(
        abs(width / max(widths) - count / max(counts)) < 0.01
        for width, count in zip(widths, counts, strict=True)
    )
    assert ">469<" in svg and ">45<" in svg
    indicator = Indicator.objects.get(plan=dup_plan(), key=GROWING)
    trend = build_trend(indicator, list(Measurement.objects.as_of().filter(indicator=indicator)))
    assert trend.chart is not None and trend.chart.kind == ChartKind.LINE
    line = str(render_svg(trend.chart))
    assert line.count('<circle class="point"') == 4 and line.count("<polyline") == 1
    points = [
        float(y) for y in re.findall(r'<circle class="point" cx="[\d.]+" cy="([\d.]+)"', line)
    ]
    # Higher values are drawn higher (smaller y): 8165 < 8676 < 10404 < 10882.
    assert points == sorted(points, reverse=True)
    assert ">2022<" in line and ">10.000<" in line  # the axis in Italian format


def test_a_year_without_a_value_breaks_the_line(seeded_db: LoadResult) -> None:
    indicator = Indicator.objects.get(plan=dup_plan(), key=GROWING)
    measurements = list(Measurement.objects.as_of().filter(indicator=indicator).order_by("year"))
    measurements[1].value = None  # as if 2023 were printed "N.D."
    trend = build_trend(indicator, measurements)
    assert trend.chart is not None
    svg = str(render_svg(trend.chart))
    assert svg.count('<circle class="point"') == 3 and svg.count("<polyline") == 1
    assert trend.growths[0][1].rate is not None  # first and last are there
