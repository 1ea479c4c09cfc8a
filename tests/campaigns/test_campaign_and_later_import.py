"""What the offices entered is not silently rewritten by the year's rendiconto imported later."""

from __future__ import annotations

from pathlib import Path

from campaign_people import YEAR, People

from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.loaders.common import SilentProgress, SourceFile
from cruscotto.loaders.formats import FORMATS
from cruscotto.plans.models import LogEntry, StatusReport
from rendiconto_editions import next_year_edition


def test_the_offices_values_stay_when_the_years_rendiconto_arrives(
    people: People, campaign: Campaign, rendiconto_text: str, tmp_path: Path
) -> None:
    entries = list(
        Entry.objects.filter(campaign=campaign, org_unit=people.unit, kind=Entry.Kind.STATUS)
        .exclude(previous_text="")
        .order_by("position")[:2]
    )
    for entry in entries:
        save_entry(people.referente, campaign, entry.key, "Avviato", 0)
    actions = entries[0].key.replace("stato:", "azioni:", 1)
    save_entry(people.referente, campaign, actions, "Avvio del cantiere.", 0)
    submit_unit(people.referente, campaign, people.unit)
    review_unit(people.ufficio, campaign, people.unit, accept=True)
    close_campaign(people.ufficio, campaign)
    responsibilities = [entry.responsibility for entry in entries]

    text, _ = next_year_edition(rendiconto_text)
    path = tmp_path / "rendiconto-2026.txt"
    path.write_text(text, encoding="utf-8")
    source = SourceFile.read(path)
    fmt = FORMATS["rendiconto"]
    result = fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())
    assert result.document.reference_year == YEAR

    for responsibility in responsibilities:
        (report,) = StatusReport.objects.filter(responsibility=responsibility, year=YEAR)
        assert (report.status.code, report.source_document) == ("avviato", campaign.document)
    kept = [d for d in result.diagnostics if d.code == "user_value_kept"]
    assert len(kept) >= len(responsibilities)
    assert all("vale il valore inserito da ufficio.torino" in d.message for d in kept)
    (log,) = LogEntry.objects.filter(responsibility=responsibilities[0], reported_year=YEAR)
    assert log.text == "Avvio del cantiere."
    # Importing the same file again changes nothing.
    again = fmt.import_document(fmt.parse(source.text), source, "test", SilentProgress())
    assert not again.counts.changed
