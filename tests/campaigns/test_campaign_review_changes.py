"""The ufficio's review shows what changed from last year: a column in words (not colour
only) and a count."""

from __future__ import annotations

import re

from campaign_people import People
from django.test import Client

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.review import submit_unit


def variations(html: str) -> list[str]:
    """Each row's variazione cell, as text, in the table's order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        label = re.search(r'<th scope="row">(.*?)</th>', row, flags=re.S)
        change = re.search(r'<td class="variazione">(.*?)</td>', row, flags=re.S)
        assert label and change, row
        found.append(re.sub(r"<[^>]+>", "", change.group(1)))
    return found


def test_the_review_page_shows_the_changes_from_last_year(
    people: People, campaign: Campaign, client: Client
) -> None:
    statuses = list(
        Entry.objects.filter(campaign=campaign, org_unit=people.unit, kind=Entry.Kind.STATUS)
        .exclude(previous_text="")
        .order_by("position")[:2]
    )
    kept, changed = statuses
    # The same status as last year, re-entered with other spacing and case: no change.
    save_entry(people.referente, campaign, kept.key, f"  {kept.previous_text.upper()} ", 0)
    other = "Concluso" if changed.previous_text.casefold() != "concluso" else "In corso"
    save_entry(people.referente, campaign, changed.key, other, 0)
    submit_unit(people.referente, campaign, people.unit)

    client.force_login(people.ufficio)
    url = f"/riservata/campagne/{campaign.pk}/unita/{unit_code(people.unit)}/"
    html = client.get(url).content.decode()
    assert "Revisione dell'ufficio di controllo" in html
    total = Entry.objects.filter(campaign=campaign, org_unit=people.unit).count()
    assert (
        f"<strong>1 valori variati</strong> rispetto all'anno precedente su 2 inseriti "
        f"({total} da aggiornare)"
    ) in html
    assert '<th scope="col">Variazione</th>' in html
    changes = variations(html)
    assert len(changes) == total
    assert changes.count("variato") == 1 and changes.count("invariato") == 1
    assert changes.count("non inserito") == total - 2
    # Which row: the changed status's, in words.
    page_rows = re.findall(r"<tr.*?</tr>", html.split("<tbody>", 1)[1], flags=re.S)
    changed_row = next(row for row in page_rows if ">variato<" in row)
    assert other in changed_row and changed.previous_text in changed_row
