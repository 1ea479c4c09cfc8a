"""The command line and the unit's workbook: template, upload, review, remind, close, report."""

from __future__ import annotations

import io
import json
from pathlib import Path

from campaign_people import YEAR, People
from click.testing import CliRunner, Result
from django.core import mail
from openpyxl import Workbook, load_workbook

from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.review import submit_unit
from cruscotto.cli import main
from cruscotto.core.models import UserEdit


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["campaign", *args], catch_exceptions=False)


def template(people: People, tmp_path: Path, unit_text: str) -> Path:
    out = tmp_path / f"{unit_text}.xlsx"
    result = cli("template", "--unit", unit_text, "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def set_cells(path: Path, changes: dict[tuple[str, int, int], str]) -> None:
    workbook = load_workbook(path)
    for (sheet, row, column), value in changes.items():
        workbook[sheet].cell(row=row, column=column, value=value)
    workbook.save(path)


def test_every_command_has_help() -> None:
    for command in ["open", "status", "template", "upload", "review", "remind", "close"]:
        result = cli(command, "--help")
        assert result.exit_code == 0 and "Uso:" in result.output, command


def test_open_from_the_command_line(people: People) -> None:
    refused = cli(
        "open", "--ente", "torino", "--plan", f"dup/{people.dup.code}", "--year", str(YEAR),
        "--deadline", "2027-03-31", "--user", "referente.uno",
    )  # fmt: skip
    assert refused.exit_code == 1 and "solo l'ufficio di controllo" in refused.output
    assert not Campaign.objects.exists()
    opened = cli(
        "open", "--ente", "torino", "--plan", f"dup/{people.dup.code}", "--year", str(YEAR),
        "--deadline", "2027-03-31", "--user", "ufficio.torino",
    )  # fmt: skip
    assert opened.exit_code == 0, opened.output
    campaign = Campaign.objects.get()
    assert (campaign.year, str(campaign.deadline)) == (YEAR, "2027-03-31")
    status = json.loads(cli("status", "--json").output)
    codes = {unit["code"]: unit for unit in status["units"]}
    mine = codes[unit_code(people.unit)]
    assert mine["name"] == people.unit.name and mine["state"] == "da_fare" and mine["filled"] == 0
    assert mine["to_do"] == Entry.objects.filter(campaign=campaign, org_unit=people.unit).count()


def test_a_units_sheet_filled_and_uploaded(
    people: People, campaign: Campaign, tmp_path: Path
) -> None:
    path = template(people, tmp_path, unit_code(people.unit))
    workbook = load_workbook(path)
    # The documented columns, then the rows' version and the download (see test_campaign_sheet_versions).
    assert [c.value for c in workbook["attivita"][1]] == [
        "chiave", "titolo", "stato", "azioni", "versione", "foglio",
    ]  # fmt: skip
    assert [c.value for c in workbook["indicatori"][1]] == [
        "indicatore", "nome", "anno", "valore", "versione", "foglio",
    ]  # fmt: skip
    assert [c.value for c in workbook["obiettivi"][1]] == [
        "obiettivo", "struttura", "valore", "versione", "foglio",
    ]  # fmt: skip
    activities = workbook["attivita"].max_row - 1
    assert (
        activities
        == Entry.objects.filter(
            campaign=campaign, org_unit=people.unit, kind=Entry.Kind.STATUS
        ).count()
    )
    key = workbook["attivita"].cell(row=2, column=1).value
    indicator_row = next(
        row
        for row in range(2, workbook["indicatori"].max_row + 1)
        if Entry.objects.get(
            campaign=campaign,
            key=f"indicatore:{workbook['indicatori'].cell(row=row, column=1).value}",
        ).expected_type
        == "count"
    )
    set_cells(path, {
        ("attivita", 2, 3): "Concluso",
        ("attivita", 2, 4): "Lavori ultimati nel 2026.",
        ("indicatori", indicator_row, 3): str(YEAR),
        ("indicatori", indicator_row, 4): "42",
    })  # fmt: skip

    uploaded = cli("upload", str(path), "--user", "referente.uno")
    assert uploaded.exit_code == 0, uploaded.output
    assert f"foglio attivita, riga 2: salvato «stato:{key}»" in uploaded.output
    status = Entry.objects.get(campaign=campaign, key=f"stato:{key}")
    assert (status.text, status.status.code, status.entered_by) == (
        "Concluso",
        "concluso",
        people.referente,
    )
    assert (
        Entry.objects.get(campaign=campaign, key=f"azioni:{key}").text
        == "Lavori ultimati nel 2026."
    )
    saved = int(uploaded.output.rsplit(":", 1)[1].split()[0])
    assert UnitProgress.objects.get(campaign=campaign, org_unit=people.unit).state == "bozza"

    # The same file again changes nothing.
    edits = UserEdit.objects.count()
    again = cli("upload", str(path), "--user", "referente.uno")
    assert again.exit_code == 0 and f"{path.name}: 0 dati salvati" in again.output
    assert UserEdit.objects.count() == edits and saved >= 3


def test_an_upload_with_an_error_writes_nothing(
    people: People, campaign: Campaign, tmp_path: Path
) -> None:
    path = template(people, tmp_path, unit_code(people.unit))
    set_cells(path, {("attivita", 2, 3): "Concluso", ("attivita", 3, 3): "forse"})
    result = cli("upload", str(path), "--user", "referente.uno")
    assert result.exit_code == 1
    assert "foglio attivita, riga 3: stato «forse» non valido" in result.output
    assert "nessun dato salvato" in result.output
    assert not Entry.objects.filter(campaign=campaign, entered_at__isnull=False).exists()


def test_a_row_of_a_unit_the_user_does_not_hold_is_refused(
    people: People, campaign: Campaign, tmp_path: Path
) -> None:
    mine = template(people, tmp_path, unit_code(people.unit))
    theirs = template(people, tmp_path, unit_code(people.other_unit))
    other_key = load_workbook(theirs)["attivita"].cell(row=2, column=1).value
    workbook = load_workbook(mine)
    workbook["attivita"].cell(row=2, column=3, value="Concluso")
    workbook["attivita"].append([other_key, "", "Concluso", ""])
    workbook.save(mine)
    line = workbook["attivita"].max_row
    result = cli("upload", str(mine), "--user", "referente.uno")
    assert result.exit_code == 1
    assert (
        f"foglio attivita, riga {line}: solo i referenti dell'unità organizzativa" in result.output
    )
    assert not Entry.objects.filter(campaign=campaign, entered_at__isnull=False).exists()


def test_a_file_that_is_not_the_template(
    people: People, campaign: Campaign, tmp_path: Path
) -> None:
    path = tmp_path / "altro.xlsx"
    workbook = Workbook()
    workbook.active.title = "attivita"
    workbook.active.append(["codice", "valore"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    result = cli("upload", str(path), "--user", "referente.uno")
    assert result.exit_code == 1
    assert (
        "foglio attivita, riga 1: servono le colonne chiave, titolo, stato, azioni" in result.output
    )


def test_review_remind_close_and_the_years_report(
    people: People, campaign: Campaign, tmp_path: Path
) -> None:
    people.other_referente.email = ""
    people.other_referente.save()
    reminded = cli("remind")
    assert reminded.exit_code == 0, reminded.output
    assert [message.to for message in mail.outbox] == [["referente.uno@example.org"]]
    assert people.unit.name in mail.outbox[0].body
    assert "«referente.due» non ha un indirizzo e-mail" in reminded.output

    path = template(people, tmp_path, unit_code(people.unit))
    key = load_workbook(path)["attivita"].cell(row=2, column=1).value
    set_cells(path, {("attivita", 2, 3): "Concluso", ("attivita", 2, 4): "Opera inaugurata."})
    assert cli("upload", str(path), "--user", "referente.uno").exit_code == 0
    submit_unit(people.referente, campaign, people.unit)
    review = ["review", "--unit", unit_code(people.unit)]
    refused = cli(*review, "--accept", "--user", "referente.uno")
    assert refused.exit_code == 1 and "solo l'ufficio di controllo" in refused.output
    returned = cli(*review, "--return", "Manca la data di collaudo", "--user", "ufficio.torino")
    assert returned.exit_code == 0 and "restituita" in returned.output
    progress = UnitProgress.objects.get(campaign=campaign, org_unit=people.unit)
    assert progress.return_comment == "Manca la data di collaudo"
    set_cells(path, {("attivita", 2, 4): "Opera inaugurata e collaudata."})
    assert cli("upload", str(path), "--user", "referente.uno").exit_code == 0
    submit_unit(people.referente, campaign, people.unit)
    assert cli(*review, "--accept", "--user", "ufficio.torino").exit_code == 0

    closed = cli("close", "--user", "ufficio.torino")
    assert closed.exit_code == 0, closed.output
    assert "1 azioni" in closed.output and "Unità non accettate" in closed.output
    out = tmp_path / "relazione-2026.txt"
    report = CliRunner().invoke(
        main,
        [
            "report",
            "controllo-strategico",
            "--year",
            str(YEAR),
            "--format",
            "txt",
            "--out",
            str(out),
        ],
    )
    assert report.exit_code == 0, report.output
    printed = out.read_text(encoding="utf-8")
    assert "Opera inaugurata e collaudata." in printed
    assert "Opera inaugurata." not in printed.replace("Opera inaugurata e collaudata.", "")
    status_entry = Entry.objects.get(campaign=campaign, key=f"stato:{key}")
    assert status_entry.responsibility.item.title.split()[0] in printed
