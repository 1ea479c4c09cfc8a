"""Why a record changed: every write of a campaign names the campaign, and an item's history
tells what the offices entered for it in the campaign (who, when, what) and what the
closing made of it."""

from __future__ import annotations

import json

from campaign_people import YEAR, People
from click.testing import CliRunner
from django.test import Client

from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.cli import main
from cruscotto.core.models import UserEdit
from cruscotto.plans.models import StatusReport


def run_cycle(people: People, campaign: Campaign) -> Entry:
    """One activity of the unit entered (status, actions, and an indicator's value where
    the unit has one), submitted, accepted and closed; returns its status entry."""
    status = (
        Entry.objects.filter(campaign=campaign, org_unit=people.unit, kind=Entry.Kind.STATUS)
        .order_by("position")
        .first()
    )
    assert status is not None
    save_entry(people.referente, campaign, status.key, "Concluso", 0)
    actions_key = status.key.replace("stato:", "azioni:", 1)
    save_entry(people.referente, campaign, actions_key, "Lavori collaudati nell'anno.", 0)
    submit_unit(people.referente, campaign, people.unit)
    review_unit(people.ufficio, campaign, people.unit, accept=True)
    close_campaign(people.ufficio, campaign)
    status.refresh_from_db()
    return status


def test_every_campaign_write_names_the_campaign(people: People, campaign: Campaign) -> None:
    assert campaign.edit_reason == f"campagna {YEAR} – DUP {people.dup.code}"
    before = set(UserEdit.objects.values_list("pk", flat=True))
    run_cycle(people, campaign)
    edits = UserEdit.objects.exclude(pk__in=before)
    models = set(edits.values_list("model", flat=True))
    # Entries, the unit's progress, the campaign itself and the records the closing applied.
    assert {
        "campaigns.entry",
        "campaigns.unitprogress",
        "campaigns.campaign",
        "plans.statusreport",
        "plans.logentry",
    } <= models
    assert set(edits.values_list("reason", flat=True)) == {campaign.edit_reason}


def test_the_items_history_shows_what_the_campaign_entered(
    people: People, campaign: Campaign, client: Client
) -> None:
    status = run_cycle(people, campaign)
    assert status.responsibility is not None
    item = status.responsibility.item
    result = CliRunner().invoke(main, ["history", str(item.pk), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    entered = [
        e for e in events if e["model"] == "dato della campagna" and e["actor"] == "referente.uno"
    ]
    texts = {c["after"] for e in entered for c in e["changes"] if c["field"] == "text"}
    assert texts == {"Concluso", "Lavori collaudati nell'anno."}
    assert all(e["why"] == f"modificato dall'utente ({campaign.edit_reason})" for e in entered)
    assert all(e["at"] for e in entered)
    # The closing's status report of the year, by the ufficio, for the same campaign.
    report = StatusReport.objects.get(responsibility=status.responsibility, year=YEAR)
    applied = [
        e
        for e in events
        if e["model"] == str(StatusReport._meta.verbose_name) and e["object_id"] == report.pk
    ]
    assert applied and {e["actor"] for e in applied} == {"ufficio.torino"}
    assert campaign.edit_reason in applied[-1]["why"]
    # Entered before it was applied: the history is in time order.
    assert events.index(entered[0]) < events.index(applied[-1])
    # Not another unit's entries: only this item's.
    other_entries = set(
        Entry.objects.filter(campaign=campaign).exclude(pk=status.pk).values_list("pk", flat=True)
    )
    actions = Entry.objects.get(campaign=campaign, key=status.key.replace("stato:", "azioni:", 1))
    ids = {e["object_id"] for e in events if e["model"] == "dato della campagna"}
    assert ids == {status.pk, actions.pk} and not ids & (other_entries - {actions.pk})

    client.force_login(people.ufficio)
    page = client.get(f"/voci/{item.pk}/storia/").content.decode()
    assert "dato della campagna" in page and "referente.uno" in page
    assert f"modificato dall&#x27;utente ({campaign.edit_reason})" in page
    assert "Lavori collaudati nell&#x27;anno." in page
    assert UnitProgress.objects.get(campaign=campaign, org_unit=people.unit).state == "accettata"
