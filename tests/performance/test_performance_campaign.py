"""The campaign path of the performance actuals on the cmto plan: a structure's referente
enters its objectives' values (typed by the scoring rule), the ufficio accepts and closes,
the values are the campaign's document's and the scoring engine scores the structure."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from cmto_people import YEAR, CmtoPeople, ente_wide_file, load_file

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.errors import CampaignError
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.campaigns.services.todo import todo_for
from cruscotto.cli import main
from cruscotto.performance.models import ActualValue, Assignment, Score, ScoringRule
from cruscotto.performance.services.scoring import (
    Rule,
    WeightedPart,
    score_objective,
    score_structure,
)

# What a referente types for an actual of each type, and what the type refuses.
VALID = {"yes_no": "Sì", "percent": "92,5%", "count": "3", "": "€ 250.000"}
INVALID = {"yes_no": "45%", "percent": "Sì", "count": "45%", "": "in corso"}


def test_a_cmto_campaign_asks_each_structure_its_objectives_actuals(
    cmto: CmtoPeople, cmto_campaign: Campaign
) -> None:
    (todo,) = todo_for(cmto.referente, cmto_campaign)
    assert todo.unit_code == unit_code(cmto.unit)
    assert {item.kind for item in todo.items} == {Entry.Kind.ACTUAL}
    assigned = {
        a.objective.code
        for a in Assignment.objects.filter(plan=cmto.plan, org_unit=cmto.unit).select_related(
            "objective__scoring_rule"
        )
        if not a.objective.scoring_rule.ente_wide
    }
    asked = {item.label.split()[0] for item in todo.items}
    assert asked == assigned and len(todo.items) == len(assigned) > 0
    # Ente-wide objectives are measured once for the ente, asked of no structure.
    ente_wide = set(
        ScoringRule.objects.filter(objective__plan=cmto.plan, ente_wide=True).values_list(
            "objective__code", flat=True
        )
    )
    assert (
        ente_wide
        and not Entry.objects.filter(campaign=cmto_campaign, objective__code__in=ente_wide).exists()
    )
    # Every structure of the plan is on the board, each with its own objectives.
    assert len(todo_for(cmto.ufficio, cmto_campaign)) == len(
        set(Assignment.objects.filter(plan=cmto.plan).values_list("org_unit", flat=True))
    )


def test_actuals_entered_accepted_closed_and_scored(
    cmto: CmtoPeople, cmto_campaign: Campaign, tmp_path: Path
) -> None:
    assert load_file(cmto, ente_wide_file(tmp_path, cmto)) == []
    entries = list(
        Entry.objects.filter(campaign=cmto_campaign, org_unit=cmto.unit).select_related(
            "objective__scoring_rule"
        )
    )
    typed = {entry.expected_type for entry in entries}
    assert {"yes_no", "percent"} <= typed  # the unit's objectives are of several types
    for entry in entries:
        with pytest.raises(CampaignError, match="non valido"):
            save_entry(cmto.referente, cmto_campaign, entry.key, INVALID[entry.expected_type], 0)
        saved = save_entry(cmto.referente, cmto_campaign, entry.key, VALID[entry.expected_type], 0)
        assert saved.version == 1 and saved.value is not None
    submit_unit(cmto.referente, cmto_campaign, cmto.unit)
    review_unit(cmto.ufficio, cmto_campaign, cmto.unit, accept=True)
    result = close_campaign(cmto.ufficio, cmto_campaign)
    assert result.applied["valori consuntivi"] == len(entries)

    actuals = ActualValue.objects.filter(plan=cmto.plan, year=YEAR, org_unit=cmto.unit)
    assert actuals.count() == len(entries)
    assert set(actuals.values_list("source_document", flat=True)) == {cmto_campaign.document_id}
    by_objective = {a.objective_id: a for a in actuals}
    for entry in entries:
        assert by_objective[entry.objective_id].as_printed == VALID[entry.expected_type]

    # The structure's score is the engine's on the entered and the Ente-wide values.
    ente_values = {
        a.objective_id: a.value
        for a in ActualValue.objects.filter(plan=cmto.plan, year=YEAR, org_unit__isnull=True)
    }
    parts = []
    for assignment in Assignment.objects.filter(plan=cmto.plan, org_unit=cmto.unit).order_by(
        "position"
    ):
        rule_row = ScoringRule.objects.filter(objective=assignment.objective).values(
            "kind", "polarity", "target", "bands", "formula", "problems", "ente_wide"
        )[0]
        rule = Rule.from_row(int(assignment.objective.code), rule_row)
        value = (ente_values if rule.ente_wide else by_objective).get(assignment.objective_id)
        if not rule.ente_wide:
            value = value.value  # type: ignore[union-attr]
        scored = score_objective(rule, value)  # type: ignore[arg-type]
        parts.append(
            WeightedPart(rule.objective_id, assignment.slot, assignment.weight,
                         assignment.weight_source, scored.score, scored.explanation)
        )  # fmt: skip
    expected = score_structure(cmto.unit.code, parts)
    stored = Score.objects.get(
        plan=cmto.plan, year=YEAR, level=Score.Level.STRUCTURE, org_unit=cmto.unit
    )
    assert (stored.score, stored.complete) == (expected.score, expected.complete)
    assert stored.score is not None and stored.score > Decimal(0)

    cli = CliRunner().invoke(main, ["performance", "scores", "--json", "--year", str(YEAR)])
    assert cli.exit_code == 0, cli.output
    (row,) = [r for r in json.loads(cli.output)["structures"] if r["structure"] == cmto.unit.code]
    assert (row["score"], row["complete"]) == (str(expected.score), expected.complete)


def test_an_actuals_file_keeps_the_campaigns_values(
    cmto: CmtoPeople, cmto_campaign: Campaign, tmp_path: Path
) -> None:
    entry = Entry.objects.filter(
        campaign=cmto_campaign, org_unit=cmto.unit, expected_type="yes_no"
    ).first()
    assert entry is not None and entry.objective is not None
    save_entry(cmto.referente, cmto_campaign, entry.key, "No", 0)
    submit_unit(cmto.referente, cmto_campaign, cmto.unit)
    review_unit(cmto.ufficio, cmto_campaign, cmto.unit, accept=True)
    close_campaign(cmto.ufficio, cmto_campaign)
    # The ufficio's file also states the structure's value: reported with its line, not loaded.
    path = ente_wide_file(tmp_path, cmto, f"{entry.objective.code};{cmto.unit.code};Si\n")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert load_file(cmto, path) == [f"{lines}:actuals_stated_elsewhere"]
    kept = ActualValue.objects.get(
        plan=cmto.plan, year=YEAR, objective=entry.objective, org_unit=cmto.unit
    )
    assert (kept.as_printed, kept.value, kept.source_document_id) == (
        "No", Decimal(0), cmto_campaign.document_id,
    )  # fmt: skip
    before = list(ActualValue.objects.order_by("pk").values())
    assert load_file(cmto, path) == [f"{lines}:actuals_stated_elsewhere"]  # again: no change
    assert list(ActualValue.objects.order_by("pk").values()) == before
