"""The whole cycle on the Turin seed: open, enter, submit, return, accept, close, report."""

from __future__ import annotations

from campaign_people import YEAR, People

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.progress import progress
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.campaigns.services.todo import todo_for
from cruscotto.core.models import AuditEntry, UserEdit
from cruscotto.indicators.models import Measurement
from cruscotto.plans.models import LogEntry, Responsibility, StatusReport
from cruscotto.reports.render.text import render_text
from cruscotto.reports.services.controllo_strategico import build_strategic_control_report


def test_opening_lists_each_units_work_prefilled_with_last_year(
    people: People, campaign: Campaign
) -> None:
    activities = Responsibility.objects.filter(
        item__plan=people.dup, item__level="attivita", role="responsabile", org_unit=people.unit
    )
    (todo,) = todo_for(people.referente, campaign)
    assert todo.unit_code == unit_code(people.unit)
    statuses = [item for item in todo.items if item.kind == Entry.Kind.STATUS]
    actions = [item for item in todo.items if item.kind == Entry.Kind.ACTIONS]
    assert len(statuses) == len(actions) == activities.count()
    # Prefilled with what the 2025 report printed for the department.
    for item, responsibility in zip(
        statuses, activities.order_by("item__position", "position"), strict=True
    ):
        report = StatusReport.objects.get(responsibility=responsibility, year=YEAR - 1)
        assert item.previous == (
            report.status_as_printed or (report.status.name if report.status else "")
        )
        assert (item.text, item.filled, item.version) == ("", False, 0)
    board = {unit.code: unit for unit in progress(campaign)}
    mine = board[unit_code(people.unit)]
    assert (mine.state, mine.filled, mine.to_do) == ("da_fare", 0, len(todo.items))
    # Every unit of the ufficio's board, one referente's list only for the referente.
    assert len(todo_for(people.ufficio, campaign)) == len(board) > 2


def test_the_year_entered_returned_accepted_closed_and_printed(
    people: People, campaign: Campaign
) -> None:
    (todo,) = todo_for(people.referente, campaign)
    status_key = next(item.key for item in todo.items if item.kind == Entry.Kind.STATUS)
    actions_key = status_key.replace("stato:", "azioni:", 1)
    entry = save_entry(people.referente, campaign, status_key, "concluso", 0)
    assert entry.status is not None and entry.status.code == "concluso" and entry.version == 1
    save_entry(
        people.referente, campaign, actions_key, "Collaudo dell'opera e apertura al pubblico.", 0
    )
    indicator_items = [item for item in todo.items if item.kind == Entry.Kind.INDICATOR]
    numeric = Entry.objects.filter(
        campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR, expected_type="count"
    ).first()
    assert numeric is not None  # the department's result indicators, counted in 2025
    save_entry(people.referente, campaign, numeric.key, "1.234", 0)
    (other,) = todo_for(people.other_referente, campaign)
    other_key = next(item.key for item in other.items if item.kind == Entry.Kind.STATUS)
    save_entry(people.other_referente, campaign, other_key, "In corso", 0)

    submit_unit(people.referente, campaign, people.unit)
    submit_unit(people.other_referente, campaign, people.other_unit)
    review_unit(people.ufficio, campaign, people.other_unit, accept=False, comment="Manca il 2026")
    returned = UnitProgress.objects.get(campaign=campaign, org_unit=people.other_unit)
    assert (returned.state, returned.return_comment) == ("restituita", "Manca il 2026")
    save_entry(people.other_referente, campaign, other_key, "Avviato", 1)
    submit_unit(people.other_referente, campaign, people.other_unit)
    review_unit(people.ufficio, campaign, people.other_unit, accept=True)
    review_unit(people.ufficio, campaign, people.unit, accept=True)

    result = close_campaign(people.ufficio, campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.CLOSED and campaign.closed_by == people.ufficio
    assert result.applied["stati"] == 2 and result.applied["azioni"] == 1
    responsibility = Entry.objects.get(campaign=campaign, key=status_key).responsibility
    report = StatusReport.objects.get(responsibility=responsibility, year=YEAR)
    assert (report.status.code, report.source_document) == ("concluso", campaign.document)
    responsibility.refresh_from_db()
    assert responsibility.status.code == "concluso"  # the current status is the latest year's
    log = LogEntry.objects.get(responsibility=responsibility, reported_year=YEAR)
    assert (log.year_from, log.text) == (YEAR, "Collaudo dell'opera e apertura al pubblico.")
    measurement = Measurement.objects.get(
        indicator=numeric.indicator, year=YEAR, reported_year=YEAR, series=numeric.series
    )
    assert (measurement.as_printed, measurement.value) == ("1.234", 1234)
    assert (
        len(indicator_items)
        == Entry.objects.filter(
            campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR
        ).count()
    )

    printed = build_strategic_control_report("torino", YEAR)
    activity = next(
        a for p in printed.programmi for a in p.activities if a.key == responsibility.item.key
    )
    department = next(
        row
        for row in activity.rows
        if responsibility.org_unit.name in row.departments
        or (responsibility.org_unit_as_printed in row.departments)
    )
    assert department.status == "Concluso"
    assert [line.text for line in department.log][
        -1
    ] == "Collaudo dell'opera e apertura al pubblico."
    assert str(YEAR) in render_text(printed)

    # Who changed what: the entries, the review, the applied records.
    edits = UserEdit.objects.filter(model="plans.statusreport", object_id=report.pk)
    assert {edit.actor for edit in edits} == {"ufficio.torino"}
    entry_edits = UserEdit.objects.filter(model="campaigns.entry", field="text")
    assert {(e.actor, e.after) for e in entry_edits} >= {
        ("referente.uno", "concluso"),
        ("referente.due", "In corso"),
        ("referente.due", "Avviato"),
    }
    assert AuditEntry.objects.filter(action="campaign", document=campaign.document).count() == 2
