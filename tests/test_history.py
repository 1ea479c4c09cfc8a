"""Every change to plan data keeps who, when, before, after and why; two people editing
the same record in the admin: the second save is refused; a deletion keeps its values."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.cli import main
from cruscotto.core.models import AuditEntry, UserEdit
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import LogEntry, PlanItem, Responsibility, StatusReport


def amministratore(username: str) -> Client:
    """A client logged in as an amministratore of every ente (by role, not superuser)."""
    user = User.objects.create_user(username)
    Role.objects.create(user=user, ente=None, kind=Role.Kind.AMMINISTRATORE)
    client = Client()
    client.force_login(user)
    return client


def opened_form(client: Client, url: str) -> dict[str, Any]:
    """What the admin's change form posts back unchanged (no inlines on these admins)."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def a_log_entry() -> LogEntry:
    entry = LogEntry.objects.select_related("responsibility__item").order_by("pk").first()
    assert entry is not None
    return entry


def test_the_second_of_two_admin_saves_is_refused(seeded_db: LoadResult, db: None) -> None:
    entry = a_log_entry()
    url = f"/admin/plans/logentry/{entry.pk}/change/"
    anna, bruno = amministratore("anna"), amministratore("bruno")
    anna_form, bruno_form = opened_form(anna, url), opened_form(bruno, url)
    assert anna_form["record_version"] == bruno_form["record_version"]

    response = anna.post(url, {**anna_form, "text": "Azioni riviste da Anna."})
    assert response.status_code == 302
    response = bruno.post(url, {**bruno_form, "text": "Azioni riviste da Bruno."})

    assert response.status_code == 200  # the form again, with the refusal
    page = response.content.decode()
    assert "Salvataggio rifiutato" in page and "modificato da anna il" in page
    entry.refresh_from_db()
    assert entry.text == "Azioni riviste da Anna."
    edits = UserEdit.objects.filter(model="plans.logentry", object_id=entry.pk)
    assert list(edits.values_list("actor", "field", "after", "reason")) == [
        ("anna", "text", "Azioni riviste da Anna.", "amministrazione")
    ]
    # Bruno reloads: the form now carries the new version, and his save goes through.
    response = bruno.post(url, {**opened_form(bruno, url), "text": "Azioni riviste da Bruno."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Azioni riviste da Bruno."


def test_a_form_without_its_version_is_refused(seeded_db: LoadResult, db: None) -> None:
    entry = a_log_entry()
    url = f"/admin/plans/logentry/{entry.pk}/change/"
    client = amministratore("anna")
    data = opened_form(client, url)
    del data["record_version"]
    response = client.post(url, {**data, "text": "Senza versione."})
    assert response.status_code == 200 and "Salvataggio rifiutato" in response.content.decode()
    assert LogEntry.objects.get(pk=entry.pk).text == entry.text
    assert not UserEdit.objects.exists()


def test_an_admin_deletion_keeps_the_values_it_deletes(seeded_db: LoadResult, db: None) -> None:
    responsibility = (
        Responsibility.objects.filter(status_reports__isnull=False).order_by("pk").first()
    )
    assert responsibility is not None
    reports = list(StatusReport.objects.filter(responsibility=responsibility).order_by("pk"))
    logs = list(LogEntry.objects.filter(responsibility=responsibility).order_by("pk"))
    report = reports[0]
    client = amministratore("anna")

    response = client.post(f"/admin/plans/statusreport/{report.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not StatusReport.objects.filter(pk=report.pk).exists()
    audit = AuditEntry.objects.get(action=AuditEntry.Action.RECORD_DELETED)
    assert audit.actor == "anna" and audit.details["reason"] == "amministrazione"
    [record] = audit.details["records"]
    assert (record["model"], record["object_id"]) == ("plans.statusreport", report.pk)
    assert record["before"]["status_as_printed"] == report.status_as_printed
    assert record["before"]["year"] == report.year
    # Deleting an item cascades: every record it takes along is listed with its values.
    item = responsibility.item
    expected = 1 + Responsibility.objects.filter(item=item).count()
    client.post(f"/admin/plans/planitem/{item.pk}/delete/", {"post": "yes"})
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    audit = AuditEntry.objects.filter(action=AuditEntry.Action.RECORD_DELETED).latest("id")
    listed = {(r["model"], r["object_id"]) for r in audit.details["records"]}
    assert ("plans.planitem", item.pk) in listed
    assert {("plans.logentry", log.pk) for log in logs} <= listed
    assert {("plans.statusreport", r.pk) for r in reports[1:]} <= listed
    assert len([m for m, _ in listed if m == "plans.responsibility"]) == expected - 1


def test_an_items_history_tells_imports_and_changes_in_order(
    seeded_db: LoadResult, db: None
) -> None:
    entry = a_log_entry()
    item = entry.responsibility.item
    url = f"/admin/plans/logentry/{entry.pk}/change/"
    client = amministratore("anna")
    client.post(url, {**opened_form(client, url), "text": "Testo corretto."})
    client.post(f"/admin/plans/logentry/{entry.pk}/delete/", {"post": "yes"})

    result = CliRunner().invoke(main, ["history", str(item.pk), "--json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    kinds = [event["kind"] for event in events]
    first_user_event = kinds.index("modifica")
    # The seed's import comes first, with its document and the item's line.
    assert set(kinds[:first_user_event]) == {"importazione"}
    assert all(e["document_id"] == seeded_db.document.pk for e in events[:first_user_event])
    assert kinds[first_user_event:] == ["modifica", "eliminazione"]
    edit, deletion = events[first_user_event:]
    assert edit["actor"] == "anna" and edit["why"] == "modificato dall'utente (amministrazione)"
    assert edit["changes"] == [{"field": "text", "before": entry.text, "after": "Testo corretto."}]
    assert deletion["object_id"] == entry.pk
    assert {"field": "text", "before": "Testo corretto.", "after": None} in deletion["changes"]
    # The same, read by the ente's ufficio on the Storia page; the CLI prints it in words.
    ufficio = User.objects.create_user("ufficio")
    Role.objects.create(user=ufficio, ente=item.plan.ente, kind=Role.Kind.UFFICIO)
    web = Client()
    web.force_login(ufficio)
    assert f'href="/voci/{item.pk}/storia/"' in web.get(f"/voci/{item.pk}/").content.decode()
    page = web.get(f"/voci/{item.pk}/storia/").content.decode()
    assert "Testo corretto." in page and "eliminazione" in page and "<strong>anna</strong>" in page
    text = CliRunner().invoke(
        main, ["history", f"{item.plan.ente.code}/{item.plan.kind}/{item.plan.code}/{item.key}"]
    )
    assert text.exit_code == 0 and "anna: modificato dall'utente (amministrazione)" in text.output
    assert CliRunner().invoke(main, ["history", "999999999"]).exit_code == 1


def test_history_help() -> None:
    result = CliRunner().invoke(main, ["history", "--help"])
    assert result.exit_code == 0 and "ente/tipo/piano/chiave" in result.output
