"""The campaign's pages: the list, the ufficio's board, a unit's to-do list with its form,
submission, review and the spreadsheet, each refused to whom the services refuse it."""

from __future__ import annotations

import io
import re

from campaign_people import YEAR, People
from django.test import Client
from openpyxl import load_workbook

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress


def unit_url(campaign: Campaign, people: People, other: bool = False) -> str:
    unit = people.other_unit if other else people.unit
    return f"/riservata/campagne/{campaign.pk}/unita/{unit_code(unit)}/"


def form_of(html: str) -> dict[str, str]:
    """The hidden fields and values of the entry form, as a browser would send them."""
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.pop("csrfmiddlewaretoken", None)
    for name, value in re.findall(r'<input id="v\d+" name="([^"]+)" value="([^"]*)"', html):
        fields[name] = value
    return fields


def test_a_referente_fills_in_submits_and_the_ufficio_returns_then_accepts(
    people: People, campaign: Campaign, client: Client
) -> None:
    client.force_login(people.referente)
    listing = client.get("/riservata/campagne/").content.decode()
    assert unit_url(campaign, people) in listing and unit_url(campaign, people, True) not in listing
    page = client.get(unit_url(campaign, people)).content.decode()
    assert "Salva la bozza" in page
    indicator = Entry.objects.filter(
        campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR
    ).first()
    status = Entry.objects.filter(
        campaign=campaign, org_unit=people.unit, kind=Entry.Kind.STATUS
    ).first()
    assert status is not None
    form = form_of(page)
    form[f"valore:{status.key}"] = "Concluso"
    response = client.post(unit_url(campaign, people), {**form, "salva": ""}, follow=True)
    assert "Salvati 1 dati." in response.content.decode()
    status.refresh_from_db()
    assert (status.text, status.version, status.entered_by) == ("Concluso", 1, people.referente)
    if indicator is not None and indicator.expected_type in ("number", "percent"):
        form = form_of(client.get(unit_url(campaign, people)).content.decode())
        form[f"valore:{indicator.key}"] = "non è un numero"
        refused = client.post(unit_url(campaign, people), {**form, "salva": ""}, follow=True)
        assert indicator.key in refused.content.decode()
        indicator.refresh_from_db()
        assert indicator.version == 0
    # A form read before someone else's save is refused, never a silent overwrite.
    stale = form_of(page)
    stale[f"valore:{status.key}"] = "In corso"
    response = client.post(unit_url(campaign, people), {**stale, "salva": ""}, follow=True)
    assert "modificato" in response.content.decode()
    status.refresh_from_db()
    assert status.text == "Concluso"
    # Submitted: the unit is locked for its referente.
    form = form_of(client.get(unit_url(campaign, people)).content.decode())
    client.post(unit_url(campaign, people), {**form, "invia": ""})
    progress = UnitProgress.objects.get(campaign=campaign, org_unit=people.unit)
    assert progress.state == UnitProgress.State.SUBMITTED
    assert "Salva la bozza" not in client.get(unit_url(campaign, people)).content.decode()

    client.force_login(people.ufficio)
    board = client.get(f"/riservata/campagne/{campaign.pk}/").content.decode()
    assert people.unit.name in board and "inviata" in board
    client.post(unit_url(campaign, people), {"restituisci": "", "commento": ""})
    progress.refresh_from_db()
    assert progress.state == UnitProgress.State.SUBMITTED  # a return needs its comment
    client.post(
        unit_url(campaign, people),
        {"restituisci": "", "commento": "Manca il valore dell'indicatore."},
    )
    progress.refresh_from_db()
    assert (progress.state, progress.return_comment) == (
        UnitProgress.State.RETURNED,
        "Manca il valore dell'indicatore.",
    )
    client.force_login(people.referente)
    page = client.get(unit_url(campaign, people)).content.decode()
    assert "Manca il valore dell&#x27;indicatore." in page and "Salva la bozza" in page
    client.post(unit_url(campaign, people), {**form_of(page), "invia": ""})
    client.force_login(people.ufficio)
    client.post(unit_url(campaign, people), {"accetta": ""})
    progress.refresh_from_db()
    assert progress.state == UnitProgress.State.ACCEPTED


def test_the_units_sheet_downloads_and_uploads(
    people: People, campaign: Campaign, client: Client
) -> None:
    client.force_login(people.referente)
    response = client.get(unit_url(campaign, people) + "?formato=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "attivita" in workbook.sheetnames
    sheet = workbook["attivita"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["chiave", "titolo", "stato", "azioni"]
    key = sheet.cell(row=2, column=1).value
    sheet.cell(row=2, column=3, value="Concluso")
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "foglio.xlsx"
    response = client.post(
        unit_url(campaign, people), {"carica": "", "foglio": upload}, follow=True
    )
    alerts = re.findall(r'<div class="alert[^>]*>([^<]*)<', response.content.decode())
    assert len(alerts) == 1 and alerts[0].startswith("Foglio caricato: "), alerts
    # The sheet comes prefilled with last year's: uploaded, it confirms them, and the
    # status changed in it is the unit's.
    status = Entry.objects.get(campaign=campaign, key=f"stato:{key}")
    assert (status.text, status.entered_by) == ("Concluso", people.referente)


def test_who_may_not_is_refused(people: People, campaign: Campaign, client: Client) -> None:
    board = f"/riservata/campagne/{campaign.pk}/"
    refusals = [
        (people.referente, board),
        (people.referente, unit_url(campaign, people, other=True)),
        (people.other_referente, unit_url(campaign, people)),
        (people.dirigente, board),
        (people.ufficio_cmto, board),
        (people.ufficio_cmto, unit_url(campaign, people)),
    ]
    for user, url in refusals:
        client.force_login(user)
        assert client.get(url).status_code == 403, (user, url)
    client.force_login(people.valutatore)
    assert client.get(board).status_code == 200  # reads the board
    page = client.get(unit_url(campaign, people)).content.decode()
    assert "Salva la bozza" not in page and "Accetta i dati" not in page
    client.logout()
    assert client.get(board).status_code == 302  # to the login
    # The referente cannot open or close a campaign through the page either.
    client.force_login(people.referente)
    client.post(board, {"chiudi": ""})
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.OPEN
    response = client.post(
        "/riservata/campagne/",
        {"piano": people.dup.pk, "anno": YEAR + 1, "scadenza": f"{YEAR + 2}-03-31"},
    )
    assert not Campaign.objects.filter(year=YEAR + 1).exists()
    assert response.status_code in (302, 403)
