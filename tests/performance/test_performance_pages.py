"""The pages of the performance plan: the assignment matrix, its XLSX, a manager's scorecard."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, Person
from cruscotto.importers.performance_actuals import read_actuals
from cruscotto.loaders.common import SourceFile
from cruscotto.loaders.performance_actuals import store_actuals
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.performance.services.reports import managers_of
from cruscotto.performance.services.scorecards import find_plan
from cruscotto.plans.models import PlanItem

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "performance"
SEED = Path(__file__).resolve().parents[2] / "samples" / "004_63c10e375ed7a47e.txt"


def valutatore(ente: Ente) -> Client:
    """A client logged in as the ente's valutatore, who reads every scorecard and score
    (the refusals are tests/test_permissions.py's)."""
    user = User.objects.create_user("oiv")
    Role.objects.create(user=user, ente=ente, kind=Role.Kind.VALUTATORE)
    client = Client()
    client.force_login(user)
    return client


def load(path: Path) -> None:
    source = SourceFile.read(path)
    load_performance_plan(parse_and_check(source.text), source, actor="test")


def test_the_matrix_page_shows_weights_and_their_provenance(
    empty_db: None, django_assert_max_num_queries: object
) -> None:
    load(SEED)
    plan = find_plan(2024)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = Client().get(f"/performance/{plan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<th scope="row" title=') == 28
    assert "? (5, 10, 15, 20)" in page  # UC1's Ente 2
    assert "15 · completato" in page  # RA3's objective 52, its weight's provenance in words
    assert "Mulè Guido (*)" in page  # QA7 held ad interim


def test_the_matrix_page_speaks_italian_and_links_objectives_and_managers(empty_db: None) -> None:
    load(SEED)
    plan = find_plan(2024)
    public = Client().get(f"/performance/{plan.pk}/").content.decode()
    for code in ("ente_1", "direzione_2", "individuale_3", "· read", "· completed", "· inferred"):
        assert code not in public
    assert '<th scope="col">Obiettivo di Ente 1</th>' in public
    assert '<th scope="col">Obiettivo individuale 3</th>' in public
    objective = PlanItem.objects.get(plan=plan, level=PlanItem.Level.OBIETTIVO, code="52")
    assert f'<a href="/voci/{objective.pk}/" title="{objective.title}">Obiettivo 52</a>' in public
    # A citizen reads the managers' names; who may read a scorecard follows them to it.
    manager = Person.objects.get(name="De Leo Mario")
    scorecard = f'<a href="/performance/{plan.pk}/dirigenti/{manager.pk}/">De Leo Mario</a>'
    assert scorecard not in public
    assert scorecard in valutatore(plan.ente).get(f"/performance/{plan.pk}/").content.decode()


def test_the_xlsx_download_reads_back(empty_db: None) -> None:
    load(SEED)
    plan = find_plan(2024)
    response = valutatore(plan.ente).get(f"/performance/{plan.pk}/assegnazioni.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Assegnazioni"].iter_rows(values_only=True))
    assert len(rows) == 29
    assert rows[1][:4] == ("A02", "De Leo Mario", "1 (?, non noto)", "2 (?, non noto)")
    assert rows[1][4] == "3 (15, letto)"
    assert rows[0][:4] == ("Struttura", "Dirigente", "Obiettivo di Ente 1", "Obiettivo di Ente 2")
    assert rows[0][-1] == "Obiettivo individuale 5"


def test_a_managers_scorecard_explains_each_score(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    csv = FIXTURES / "actuals_2024.csv"
    store_actuals(plan, 2024, read_actuals(csv), SourceFile.read(csv), "test")
    person = Person.objects.get(name="Simonetti Sarah Stefania")
    response = valutatore(plan.ente).get(f"/performance/{plan.pk}/dirigenti/{person.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Risultato: <strong>59,00</strong>" in page  # Italian decimal comma
    assert "<td>950.000 <small>(di Ente)</small></td>" in page  # Italian thousands
    assert '<span class="badge badge-incomplete">incompleto</span>' in page
    assert "25 &lt; valore ≤ 28 → 80" in page  # objective 45, lower is better
    assert "proporzionale al target" in page  # objective 18
    assert Client().get(f"/performance/{plan.pk}/dirigenti/999999/").status_code == 404


def test_a_managers_scorecard_speaks_italian(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    csv = FIXTURES / "actuals_2024.csv"
    store_actuals(plan, 2024, read_actuals(csv), SourceFile.read(csv), "test")
    person = Person.objects.get(name="Marzilli Enrico")
    page = valutatore(plan.ente).get(f"/performance/{plan.pk}/dirigenti/{person.pk}/")
    text = page.content.decode()
    for code in ("(read)", "(completed)", "(unknown)", ">bands<", ">yes_no<", ">proportional<"):
        assert code not in text
    assert "<td>12,5 <small>(di Ente)</small></td>" in text  # objective 2: 12.5 days
    assert "900.000 ≤ valore &lt; 1.000.000 → 90" in text  # objective 1's band
    assert "(letto)" in text
    assert "<td>fasce</td>" in text
    objective = PlanItem.objects.get(plan=plan, level=PlanItem.Level.OBIETTIVO, code="2")
    assert f'<a href="/voci/{objective.pk}/">Obiettivo 2</a>' in text
    assert objective.title[:40] in text


def test_a_scorecard_without_values_says_they_are_not_published(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    person = Person.objects.get(name="Marzilli Enrico")
    url = f"/performance/{plan.pk}/dirigenti/{person.pk}/"
    page = valutatore(plan.ente).get(url).content.decode()
    assert "I valori consuntivi del 2024 non sono ancora stati pubblicati" in page
    assert "cruscotto performance" not in page  # a command is no answer for a reader
    # Who loads the values is told how.
    admin = User.objects.create_user("amministratore")
    Role.objects.create(user=admin, ente=plan.ente, kind=Role.Kind.AMMINISTRATORE)
    client = Client()
    client.force_login(admin)
    assert "<code>cruscotto performance actuals FILE</code>" in client.get(url).content.decode()


def test_a_managers_scorecard_as_xlsx(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    csv = FIXTURES / "actuals_2024.csv"
    store_actuals(plan, 2024, read_actuals(csv), SourceFile.read(csv), "test")
    person = Person.objects.get(name="Marzilli Enrico")
    response = valutatore(plan.ente).get(
        f"/performance/{plan.pk}/dirigenti/{person.pk}/scheda.xlsx?anno=2024"
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content))["Scheda"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Dirigente", "Struttura", "Obiettivo")
    assert [(r[2], r[3], r[8]) for r in rows[1:]] == [
        ("1", 10, 90), ("2", 10, 50), ("3", 15, 87.5), ("4", 10, 100), ("46", 30, 100),
        ("47", 10, 90), ("48", 15, 0), ("totale struttura", None, 76.13),
        ("risultato del dirigente", None, 76.13),
    ]  # fmt: skip
    assert rows[2][7] == "11 ≤ valore ≤ 30 → 50"  # objective 2: 12,5 days, lower is better
    assert (rows[2][5], rows[2][6]) == (12.5, "fasce")  # a number, and the rule in words


def test_the_xlsx_reads_every_managers_scorecard_in_queries_that_do_not_grow_with_them(
    empty_db: None, django_assert_max_num_queries: Any
) -> None:
    load(SEED)
    plan = find_plan(2024)
    # Queries per manager (three, before) would exceed the bound.
    assert len(managers_of(plan)) >= 15
    client = valutatore(plan.ente)
    with django_assert_max_num_queries(20):
        response = client.get(f"/performance/{plan.pk}/assegnazioni.xlsx")
    assert response.status_code == 200


def test_the_xlsx_holds_each_managers_own_scorecard(empty_db: None) -> None:
    load(FIXTURES / "weights_complete_for_scoring.txt")
    plan = find_plan(2024)
    csv = FIXTURES / "actuals_2024.csv"
    store_actuals(plan, 2024, read_actuals(csv), SourceFile.read(csv), "test")
    client = valutatore(plan.ente)
    response = client.get(f"/performance/{plan.pk}/assegnazioni.xlsx?anno=2024")
    cards = list(load_workbook(io.BytesIO(response.content))["Schede"].iter_rows(values_only=True))
    # the same rows, in the same order, as each manager's own scorecard download
    expected = []
    for person in managers_of(plan):
        own = client.get(f"/performance/{plan.pk}/dirigenti/{person.pk}/scheda.xlsx?anno=2024")
        assert own.status_code == 200, person.name
        expected.extend(
            list(load_workbook(io.BytesIO(own.content)).active.iter_rows(values_only=True))[1:]
        )
    assert cards[1:] == expected
    results = [row for row in cards if row[2] == "risultato del dirigente"]
    assert len(results) == len(managers_of(plan)) == 2
    assert len(cards) > 10
