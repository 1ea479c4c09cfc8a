"""A sheet downloaded before a later save does not overwrite it: each row carries the
version of its entries, and a row whose entries changed since is refused, naming sheet and
row, with nothing of the file written."""

from __future__ import annotations

import io

import pytest
from campaign_people import YEAR, People
from openpyxl import Workbook, load_workbook

from cruscotto.campaigns.models import Campaign, Entry
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.spreadsheet import (
    UploadRefused,
    template_sheets,
    upload_workbook,
)
from cruscotto.campaigns.services.todo import todo_for
from cruscotto.core.models import UserEdit
from cruscotto.core.xlsx import render_sheets


def downloaded(people: People, campaign: Campaign) -> dict[str, list[list[str]]]:
    (todo,) = todo_for(people.referente, campaign, people.unit)
    return template_sheets(todo, campaign.year)


def activity_key(sheets: dict[str, list[list[str]]], row: int) -> str:
    return sheets["attivita"][row - 1][0]


def filled_entries(campaign: Campaign) -> dict[str, str]:
    return dict(
        Entry.objects.filter(campaign=campaign, entered_at__isnull=False).values_list("key", "text")
    )


def refusals(error: UploadRefused) -> list[str]:
    return [line for line in error.result.lines if ": salvato «" not in line]


def test_each_row_carries_its_entries_version(people: People, campaign: Campaign) -> None:
    sheets = downloaded(people, campaign)
    assert sheets["attivita"][0][4:] == ["versione", "foglio"]
    assert {tuple(row[4:]) for row in sheets["attivita"][1:]} == {("0", sheets["attivita"][1][5])}
    key = activity_key(sheets, 2)
    save_entry(people.referente, campaign, f"stato:{key}", "Concluso", 0)
    save_entry(people.referente, campaign, f"azioni:{key}", "Prima stesura.", 0)
    save_entry(people.referente, campaign, f"azioni:{key}", "Seconda stesura.", 1)
    again = downloaded(people, campaign)
    row = next(row for row in again["attivita"] if row[0] == key)
    assert row[2:5] == ["Concluso", "Seconda stesura.", "3"]  # status 1 + actions 2
    assert row[5] != sheets["attivita"][1][5]  # another download


def test_a_row_saved_in_the_form_after_the_download_is_refused(
    people: People, campaign: Campaign
) -> None:
    sheets = downloaded(people, campaign)
    key = activity_key(sheets, 3)
    # The form saves the row's status after the download ...
    save_entry(people.referente, campaign, f"stato:{key}", "In corso", 0)
    before = filled_entries(campaign)
    edits = UserEdit.objects.count()
    # ... and the old sheet, edited offline, would overwrite it with its actions and status.
    sheets["attivita"][2][2:4] = ["Concluso", "Azioni scritte fuori linea."]
    sheets["attivita"][1][2] = "Concluso"  # another row, untouched since: fine on its own
    with pytest.raises(UploadRefused) as refused:
        upload_workbook(people.referente, campaign, render_sheets(sheets))
    lines = refused.value.result.lines
    assert (
        f"foglio attivita, riga 3: «stato:{key}» è stato modificato da referente.uno dopo che "
        "il foglio è stato scaricato (versione del foglio 0, ora 1): scaricare di nuovo il "
        "foglio e ripetere la modifica"
    ) in lines
    assert any(line.startswith(f"foglio attivita, riga 3: «azioni:{key}»") for line in lines)
    assert filled_entries(campaign) == before and UserEdit.objects.count() == edits

    # Downloaded again, the same change goes in.
    fresh = downloaded(people, campaign)
    row = next(row for row in fresh["attivita"] if row[0] == key)
    row[2:4] = ["Concluso", "Azioni scritte fuori linea."]
    result = upload_workbook(people.referente, campaign, render_sheets(fresh))
    assert f"foglio attivita, riga 3: salvato «azioni:{key}»" in result.lines
    filled = filled_entries(campaign)
    assert (filled[f"stato:{key}"], filled[f"azioni:{key}"]) == (
        "Concluso",
        "Azioni scritte fuori linea.",
    )


def test_the_same_sheet_uploaded_again_but_not_another(people: People, campaign: Campaign) -> None:
    """The referente's own working copy goes in again after its upload; a copy downloaded
    before that upload does not overwrite it."""
    mine, older = downloaded(people, campaign), downloaded(people, campaign)
    key = activity_key(mine, 2)
    mine["attivita"][1][3] = "Prima stesura."
    upload_workbook(people.referente, campaign, render_sheets(mine))
    mine["attivita"][1][3] = "Seconda stesura."
    upload_workbook(people.referente, campaign, render_sheets(mine))
    assert filled_entries(campaign)[f"azioni:{key}"] == "Seconda stesura."
    older["attivita"][1][3] = "Stesura di un altro foglio."
    with pytest.raises(UploadRefused) as refused:
        upload_workbook(people.referente, campaign, render_sheets(older))
    assert refusals(refused.value) == [
        f"foglio attivita, riga 2: «azioni:{key}» è stato modificato da referente.uno dopo "
        "che il foglio è stato scaricato (versione del foglio 0, ora 3): scaricare di nuovo "
        "il foglio e ripetere la modifica"
    ]
    assert filled_entries(campaign)[f"azioni:{key}"] == "Seconda stesura."


def test_a_stale_indicator_row_is_refused(people: People, campaign: Campaign) -> None:
    sheets = downloaded(people, campaign)
    numeric = next(
        (line, row)
        for line, row in enumerate(sheets["indicatori"][1:], start=2)
        if Entry.objects.get(campaign=campaign, key=f"indicatore:{row[0]}").expected_type == "count"
    )
    line, row = numeric
    save_entry(people.referente, campaign, f"indicatore:{row[0]}", "10", 0)
    row[2:4] = [str(YEAR), "11"]
    with pytest.raises(UploadRefused) as refused:
        upload_workbook(people.referente, campaign, render_sheets(sheets))
    assert refusals(refused.value) == [
        f"foglio indicatori, riga {line}: «indicatore:{row[0]}» è stato modificato da "
        "referente.uno dopo che il foglio è stato scaricato (versione del foglio 0, ora 1): "
        "scaricare di nuovo il foglio e ripetere la modifica"
    ]
    assert Entry.objects.get(campaign=campaign, key=f"indicatore:{row[0]}").text == "10"


def test_a_sheet_without_versions_only_fills_what_nobody_entered(
    people: People, campaign: Campaign
) -> None:
    """A sheet made by hand to the documented columns: it cannot tell what it read."""
    sheets = downloaded(people, campaign)
    entered, empty = activity_key(sheets, 2), activity_key(sheets, 3)
    save_entry(people.referente, campaign, f"stato:{entered}", "Avviato", 0)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "attivita"
    sheet.append(["chiave", "titolo", "stato", "azioni"])
    sheet.append([entered, "", "Concluso", ""])
    sheet.append([empty, "", "Concluso", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UploadRefused) as refused:
        upload_workbook(people.referente, campaign, buffer.getvalue())
    assert refusals(refused.value) == [
        f"foglio attivita, riga 2: «stato:{entered}»: la riga non ha la versione (versione) e "
        "il dato è già stato inserito da referente.uno: scaricare di nuovo il foglio e "
        "ripetere la modifica"
    ]
    sheet.delete_rows(2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload_workbook(people.referente, campaign, buffer.getvalue()).saved == 1
    assert filled_entries(campaign)[f"stato:{empty}"] == "Concluso"


def test_a_version_that_is_no_number_is_refused(people: People, campaign: Campaign) -> None:
    sheets = downloaded(people, campaign)
    sheets["attivita"][1][2] = "Concluso"
    sheets["attivita"][1][4] = "ultima"
    data = render_sheets(sheets)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook["attivita"].cell(row=2, column=5).value == "ultima"
    with pytest.raises(UploadRefused) as refused:
        upload_workbook(people.referente, campaign, data)
    assert (
        "foglio attivita, riga 2: versione «ultima» non valida: lasciare quella del foglio "
        "scaricato"
    ) in refused.value.result.lines
    assert not filled_entries(campaign)
