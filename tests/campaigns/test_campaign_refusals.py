"""Every refusal of every role, and of the campaign's own rules; a refusal changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from campaign_people import YEAR, People
from django.core.exceptions import PermissionDenied

from cruscotto.campaigns.models import Campaign, Entry, UnitProgress
from cruscotto.campaigns.services.closing import close_campaign
from cruscotto.campaigns.services.entries import save_entry
from cruscotto.campaigns.services.errors import CampaignError, StaleEntry
from cruscotto.campaigns.services.opening import open_campaign
from cruscotto.campaigns.services.review import review_unit, submit_unit
from cruscotto.campaigns.services.todo import todo_for
from cruscotto.core.models import AuditEntry, UserEdit

NOT_REFERENTI = [
    "ufficio",
    "other_referente",
    "dirigente",
    "valutatore",
    "ufficio_cmto",
    "anonymous",
]
NOT_UFFICIO = [
    "referente",
    "other_referente",
    "dirigente",
    "valutatore",
    "ufficio_cmto",
    "anonymous",
]


def first_key(campaign: Campaign, people: People, kind: str = Entry.Kind.STATUS) -> str:
    return (
        Entry.objects.filter(campaign=campaign, org_unit=people.unit, kind=kind)
        .order_by("position")
        .values_list("key", flat=True)
        .first()
    ) or ""


def history() -> tuple[int, int]:
    return UserEdit.objects.count(), AuditEntry.objects.count()


def entries_state(campaign: Campaign) -> list[tuple[Any, ...]]:
    return list(
        Entry.objects.filter(campaign=campaign).order_by("pk").values_list("text", "version")
    ) + list(UnitProgress.objects.filter(campaign=campaign).order_by("pk").values_list("state"))


def assert_refused(
    action: Callable[[], object], campaign: Campaign, error: type[Exception], message: str
) -> None:
    before = (entries_state(campaign), history())
    with pytest.raises(error, match=message):
        action()
    assert (entries_state(campaign), history()) == before


@pytest.mark.parametrize("who", NOT_UFFICIO)
def test_only_the_entes_ufficio_opens_a_campaign(people: People, who: str) -> None:
    before = (Campaign.objects.count(), history())
    with pytest.raises(PermissionDenied, match="solo l'ufficio di controllo dell'ente"):
        open_campaign(
            getattr(people, who), people.torino, people.dup, YEAR, datetime.date(2027, 3, 31)
        )
    assert (Campaign.objects.count(), history()) == before


def test_one_campaign_per_plan_and_year(people: People, campaign: Campaign) -> None:
    with pytest.raises(CampaignError, match="esiste già la campagna 2026"):
        open_campaign(people.ufficio, people.torino, people.dup, YEAR, datetime.date(2027, 3, 31))
    with pytest.raises(CampaignError, match="fuori dal periodo del piano"):
        open_campaign(people.ufficio, people.torino, people.dup, 2031, datetime.date(2032, 3, 31))
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("who", NOT_REFERENTI)
def test_only_the_units_referente_enters_its_data(
    people: People, campaign: Campaign, who: str
) -> None:
    key = first_key(campaign, people)
    assert_refused(
        lambda: save_entry(getattr(people, who), campaign, key, "Concluso", 0),
        campaign, PermissionDenied, "solo i referenti dell'unità organizzativa",
    )  # fmt: skip


@pytest.mark.parametrize("who", NOT_REFERENTI)
def test_only_the_units_referente_submits(people: People, campaign: Campaign, who: str) -> None:
    assert_refused(
        lambda: submit_unit(getattr(people, who), campaign, people.unit),
        campaign, PermissionDenied, "solo i referenti",
    )  # fmt: skip


@pytest.mark.parametrize("who", NOT_UFFICIO)
def test_only_the_ufficio_reviews(people: People, campaign: Campaign, who: str) -> None:
    submit_unit(people.referente, campaign, people.unit)
    for accept in (True, False):
        assert_refused(
            lambda accept=accept: review_unit(getattr(people, who), campaign, people.unit, accept=accept, comment="x"),
            campaign, PermissionDenied, "solo l'ufficio di controllo",
        )  # fmt: skip


@pytest.mark.parametrize("who", NOT_UFFICIO)
def test_only_the_ufficio_closes(people: People, campaign: Campaign, who: str) -> None:
    assert_refused(
        lambda: close_campaign(getattr(people, who), campaign),
        campaign, PermissionDenied, "solo l'ufficio di controllo",
    )  # fmt: skip
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.OPEN


@pytest.mark.parametrize("who", ["dirigente", "ufficio_cmto", "anonymous"])
def test_the_todo_list_is_the_referentes_and_the_ufficios(
    people: People, campaign: Campaign, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        todo_for(getattr(people, who), campaign)


def test_a_second_save_from_a_stale_read_is_refused(people: People, campaign: Campaign) -> None:
    key = first_key(campaign, people)
    save_entry(people.referente, campaign, key, "Concluso", 0)
    assert_refused(
        lambda: save_entry(people.referente, campaign, key, "In corso", 0),
        campaign, StaleEntry, r"modificato da referente.uno dopo che lo avete letto \(versione 0, ora 1\)",
    )  # fmt: skip
    assert Entry.objects.get(campaign=campaign, key=key).text == "Concluso"


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (Entry.Kind.STATUS, "quasi finito", "stato «quasi finito» non valido: scegliere tra"),
        (Entry.Kind.STATUS, "", "valore vuoto"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(
    people: People, campaign: Campaign, kind: str, text: str, message: str
) -> None:
    key = first_key(campaign, people, kind)
    assert_refused(
        lambda: save_entry(people.referente, campaign, key, text, 0),
        campaign,
        CampaignError,
        message,
    )


@pytest.mark.parametrize(
    ("expected_type", "text", "message"),
    [
        ("count", "molti", "serve un numero"),
        ("count", "45%", "serve un numero"),
        ("percent", "12 €", "serve una percentuale"),
        ("ratio", "abc", "serve un rapporto"),
    ],
)
def test_an_indicator_value_must_be_of_the_indicators_type(
    people: People, campaign: Campaign, expected_type: str, text: str, message: str
) -> None:
    entry = Entry.objects.filter(
        campaign=campaign,
        org_unit=people.unit,
        kind=Entry.Kind.INDICATOR,
        expected_type=expected_type,
    ).first()
    assert entry is not None
    assert_refused(
        lambda: save_entry(people.referente, campaign, entry.key, text, 0),
        campaign,
        CampaignError,
        message,
    )


def test_a_percentage_and_an_unknown_value_are_read(people: People, campaign: Campaign) -> None:
    entry = Entry.objects.get(
        campaign=campaign, org_unit=people.unit, kind=Entry.Kind.INDICATOR, expected_type="percent"
    )
    saved = save_entry(people.referente, campaign, entry.key, "45", 0)
    assert (saved.value, saved.value_type) == (45, "percent")
    saved = save_entry(people.referente, campaign, entry.key, "N.D.", 1)
    assert (saved.value, saved.value_type, saved.qualifiers) == (
        None,
        "missing",
        ["non_disponibile"],
    )


def test_a_submitted_or_accepted_unit_is_locked(people: People, campaign: Campaign) -> None:
    key = first_key(campaign, people)
    save_entry(people.referente, campaign, key, "Concluso", 0)
    submit_unit(people.referente, campaign, people.unit)
    assert_refused(
        lambda: save_entry(people.referente, campaign, key, "In corso", 1),
        campaign, CampaignError, "è stata inviata all'ufficio di controllo",
    )  # fmt: skip
    review_unit(people.ufficio, campaign, people.unit, accept=True)
    assert_refused(
        lambda: save_entry(people.referente, campaign, key, "In corso", 1),
        campaign, CampaignError, "è stata accettata: i suoi dati sono bloccati",
    )  # fmt: skip
    assert_refused(
        lambda: review_unit(people.ufficio, campaign, people.unit, accept=False, comment="no"),
        campaign, CampaignError, "già stata accettata",
    )  # fmt: skip


def test_a_return_needs_a_comment_and_a_submission(people: People, campaign: Campaign) -> None:
    assert_refused(
        lambda: review_unit(people.ufficio, campaign, people.unit, accept=True),
        campaign, CampaignError, "non ha inviato i suoi dati",
    )  # fmt: skip
    submit_unit(people.referente, campaign, people.unit)
    assert_refused(
        lambda: review_unit(people.ufficio, campaign, people.unit, accept=False, comment=" "),
        campaign, CampaignError, "serve un commento",
    )  # fmt: skip


def test_a_closed_campaign_takes_nothing(people: People, campaign: Campaign) -> None:
    key = first_key(campaign, people)
    close_campaign(people.ufficio, campaign)
    campaign.refresh_from_db()
    for action in (
        lambda: save_entry(people.referente, campaign, key, "Concluso", 0),
        lambda: submit_unit(people.referente, campaign, people.unit),
        lambda: review_unit(people.ufficio, campaign, people.unit, accept=True),
        lambda: close_campaign(people.ufficio, campaign),
    ):
        assert_refused(action, campaign, CampaignError, "la campagna 2026 di .* è chiusa")
