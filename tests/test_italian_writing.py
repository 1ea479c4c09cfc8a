"""Italian on the pages: counts that agree with their noun, periods of one year, numbers
with a decimal comma and dates with the month's name in lower case."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.core.italian import format_date, format_number, format_period, plural_of
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_agree_with_their_noun(seeded_db: LoadResult) -> None:
    dup = Plan.objects.get(kind=Plan.Kind.DUP)
    user = User.objects.create_user("ufficio")
    Role.objects.create(user=user, ente=dup.ente, kind=Role.Kind.UFFICIO)
    client = Client()
    client.force_login(user)
    page = client.get(f"/riservata/piani/{dup.pk}/").content.decode()
    missioni = PlanItem.objects.filter(plan=dup, level=PlanItem.Level.MISSIONE).count()
    programmi = PlanItem.objects.filter(plan=dup, level=PlanItem.Level.PROGRAMMA).count()
    assert missioni > 1 and programmi > 1
    assert f'<span class="total-number">{missioni}</span> Missioni</li>' in page
    assert f'<span class="total-number">{programmi}</span> Programmi</li>' in page
    assert "</span> Missione</li>" not in page


def test_a_plan_of_one_year_shows_its_year_once() -> None:
    assert format_period(2024, 2024) == "2024"
    assert format_period(2024, None) == "2024"
    assert format_period(2021, 2026) == "2021–2026"
    assert Plan(period_start=2024, period_end=2024).period_label == "2024"
    rendered = Template("{% load italian %}{% period_it 2024 2024 %}·{% period_it 2024 2026 %}")
    assert rendered.render(Context()) == "2024·2024–2026"


def test_numbers_are_written_the_italian_way() -> None:
    assert format_number(Decimal("12.5")) == "12,5"
    assert format_number(Decimal("950000")) == "950.000"
    assert format_number(Decimal("2.50")) == "2,5"
    assert format_number(30) == "30"
    rendered = Template(
        "{% load italian %}{{ a|number_it }} {{ b|number_it }} {{ text|numbers_it }} "
        "{{ 16|plural_it:'missione,missioni' }} {{ 1|plural_it:'missione,missioni' }}"
    ).render(Context({"a": "12.5", "b": "n.d.", "text": "entro il 2024: 12.5 su 1000000"}))
    assert rendered == "12,5 n.d. entro il 2024: 12,5 su 1.000.000 16 missioni 1 missione"


def test_the_plural_of_a_level_name() -> None:
    assert [plural_of(n) for n in ("Missione", "Strategia", "Obiettivo", "Attività", "Asse")] == [
        "Missioni", "Strategie", "Obiettivi", "Attività", "Assi",
    ]  # fmt: skip


MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
)


def test_dates_name_the_month_in_lower_case(seeded_db: LoadResult, client: Client) -> None:
    page = client.get("/documenti/sorgenti/").content.decode()
    months = re.findall(r"\b\d{1,2} ([A-Za-z]+) \d{4}, \d{2}:\d{2}", page)
    assert months and all(month in MONTHS.split() for month in months)
    document = seeded_db.document
    detail = client.get(f"/documenti/sorgenti/{document.pk}/").content.decode()
    assert re.search(rf"Importato il</dt><dd[^>]*>\d{{1,2}} ({MONTHS.replace(' ', '|')}) ", detail)


@pytest.mark.parametrize("url", ["/", "/documenti/sorgenti/", "/consiglio/"])
def test_an_empty_page_speaks_to_citizens_and_tells_the_command_to_who_imports(
    empty_db: None, url: str
) -> None:
    page = Client().get(url).content.decode()
    assert "è ancora stato pubblicato" in page
    assert "cruscotto import" not in page
    administrator = User.objects.create_superuser("amministratore")
    client = Client()
    client.force_login(administrator)
    assert "<code>cruscotto import FILE</code>" in client.get(url).content.decode()


def test_dates_written_by_the_services_name_the_month() -> None:
    assert format_date(datetime.date(2026, 12, 4)) == "4 dicembre 2026"
    moment = datetime.datetime(2026, 3, 1, 9, 5, tzinfo=datetime.UTC)
    assert format_date(moment, with_time=True) == "1 marzo 2026 alle 10:05"  # Europe/Rome
