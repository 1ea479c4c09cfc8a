"""Traceability and coverage on the seeds: the mandate lines of the Città metropolitana, the two
PSM editions, the preliminary phase and the monitoring report, in any import order."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.test import Client

from cruscotto.cli import main
from cruscotto.core.services.sync import SyncCounts
from cruscotto.plans.models import Link, PlanItem
from cruscotto.traceability.services.coverage import (
    mandate_lines_without_activity,
    objectives_without_indicator,
    psm_actions_without_project_or_objective,
)
from cruscotto.traceability.services.links import refresh_derived_links
from cruscotto.traceability.services.trace import describe_trace, find_item

from .conftest import SAMPLES, SEEDS, import_file

pytestmark = pytest.mark.django_db


def import_in_order(order: list[str]) -> None:
    for format_name in order:
        import_file(SEEDS[format_name], format_name)


def derived_links() -> set[tuple[str, str, str, str, str]]:
    return {
        (
            link.from_item.plan.code,
            link.from_item.key,
            link.kind,
            link.to_item.plan.code,
            link.to_item.key,
        )
        for link in Link.objects.filter(origin=Link.Origin.DERIVED)
        .exclude(from_item__level=PlanItem.Level.PROGETTO)
        .select_related("from_item__plan", "to_item__plan")
    }


@pytest.fixture
def cmto_plans(db: None) -> None:
    import_in_order(["consiglio", "psm-preliminare", "psm-monitoraggio"])


def test_derived_links_do_not_depend_on_the_import_order(db: None) -> None:
    import_in_order(["psm-monitoraggio", "consiglio", "psm-preliminare"])
    first = derived_links()
    Link.objects.filter(origin=Link.Origin.DERIVED).exclude(
        from_item__level=PlanItem.Level.PROGETTO
    ).delete()
    import_in_order(["psm-preliminare", "consiglio"])
    assert derived_links() == first
    counts = SyncCounts()
    refresh_derived_links(counts)
    assert counts.changed == 0


def test_links_between_plans_read_like_the_documents(cmto_plans: None) -> None:
    links = derived_links()
    # mandate "Promuovere la sharing economy" (axis 1, 8th action) is PSM 2021-23 strategy 1.7
    assert ("2021-2023", "strategia-1.7", "serves", "2021-2026", "azione-1.8") in links
    # PSM 2021-23 strategy 1.3 (PMI) is 2024-26 strategy 1.2; 5.4 (giovani generazioni) is 5.2
    assert ("2024-2026", "strategia-1.2", "continues", "2021-2023", "strategia-1.3") in links
    assert ("2024-2026", "strategia-5.2", "continues", "2021-2023", "strategia-5.4") in links
    # the need "Garantire una diffusa digitalizzazione" is served by 2024-26 strategy 1.1
    assert (
        "2024-2026",
        "strategia-1.1",
        "serves",
        "2024-2026-fase-preliminare",
        "bisogno-1.2",
    ) in links
    assert all(
        Link.objects.get(
            from_item__key=f, from_item__plan__code=fp, to_item__key=t, to_item__plan__code=tp
        ).origin
        == "derived"
        for fp, f, _, tp, t in links
    )


def test_trace_a_mandate_action_down_to_the_projects(cmto_plans: None) -> None:
    item = find_item("cmto/mandato/2021-2026/azione-3.3")
    chain = describe_trace(item)
    assert [(n["relation"], n["plan"], n["level"], n["code"]) for n in chain["up"]] == [
        ("contenuto in", "2021-2026", "asse", "3"),
    ]
    down = [(n["depth"], n["relation"], n["plan"], n["level"], n["code"]) for n in chain["down"]]
    assert down[:2] == [
        (1, "serves", "2021-2023", "strategia", "3.3"),
        (2, "continues", "2024-2026", "strategia", "3.3"),
    ]
    projects = [n["title"] for n in chain["down"] if n["level"] == "progetto"]
    assert "Progetto Bike to Rail" in projects  # the monitoring report's project for strategy 3.3


def test_coverage_mandate_lines_with_no_activity(cmto_plans: None) -> None:
    uncovered = {
        item.key for item in mandate_lines_without_activity() if item.plan.ente.code == "cmto"
    }
    # "Promuovere i Distretti del Cibo" matches no strategy of PSM 2021-23
    assert "azione-1.7" in uncovered
    # "Ridisegnare la metropoli … 15'" is carried by 2024-26 strategy 3.3 and its projects
    assert "azione-3.3" not in uncovered
    assert len(uncovered) == 19


def test_coverage_psm_actions_with_no_project(cmto_plans: None) -> None:
    codes = sorted(item.code for item in psm_actions_without_project_or_objective())
    # 113 actions in the monitoring report; projects are printed against 3 of them
    assert len(codes) == 110
    assert "1.2.1" not in codes


def test_trace_and_coverage_commands(cmto_plans: None) -> None:
    runner = CliRunner()
    traced = runner.invoke(main, ["trace", "--json", "cmto/mandato/2021-2026/azione-1.8"])
    assert traced.exit_code == 0, traced.output
    assert json.loads(traced.output)["down"][0]["code"] == "1.7"
    covered = runner.invoke(main, ["coverage", "--json"])
    assert covered.exit_code == 0, covered.output
    report = json.loads(covered.output)
    # the session's seed may hold the Città di Torino too: count the Città metropolitana's
    cmto = {key: [row for row in rows if row["ente"] == "cmto"] for key, rows in report.items()}
    assert len(cmto["mandate_lines_without_activity"]) == 19
    assert len(cmto["psm_actions_without_project_or_objective"]) == 110
    missing = runner.invoke(main, ["trace", "cmto/mandato/2021-2026/azione-99"])
    assert missing.exit_code != 0 and "voce non trovata" in missing.output


def test_coverage_objectives_with_no_indicator(db: None) -> None:
    import_file(SAMPLES / "004_63c10e375ed7a47e.txt", "performance")
    objectives = PlanItem.objects.filter(plan__kind="performance", level=PlanItem.Level.OBIETTIVO)
    # the performance plan gives each objective a target and a rule, not an indicator
    assert objectives.count() == 96
    assert {item.pk for item in objectives_without_indicator()} == set(
        objectives.values_list("pk", flat=True)
    )


def test_trace_and_coverage_pages(cmto_plans: None, client: Client) -> None:
    item = find_item("cmto/mandato/2021-2026/azione-3.3")
    page = client.get(f"/tracciabilita/voci/{item.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ridisegnare la metropoli come rete policentrica" in html
    assert "Progetto Bike to Rail" in html
    coverage = client.get("/tracciabilita/copertura/")
    assert coverage.status_code == 200
    assert "Linee di mandato senza attività" in coverage.content.decode()
    assert client.get("/tracciabilita/voci/999999/").status_code == 404
