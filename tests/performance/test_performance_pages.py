"""The pages of the performance plan: the assignment matrix, its XLSX, a manager's scorecard."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from cruscotto.accounts.models import Role
from cruscotto.core.models import Ente, Person
from cruscotto.loaders.common import SourceFile
from cruscotto.loaders.performance_plan import load_performance_plan
from cruscotto.performance.services.actuals import read_actuals
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.performance.services.scorecards import find_plan, store_actuals

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
    assert "15 · completed" in page  # RA3's objective 52
    assert "Mulè Guido (*)" in page  # QA7 held ad interim


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
    assert "<td>950000 <small>(di Ente)</small></td>" in page
    assert "incompleto" in page
    assert "25 &lt; valore ≤ 28 → 80" in page  # objective 45, lower is better
    assert "proporzionale al target" in page  # objective 18
    assert Client().get(f"/performance/{plan.pk}/dirigenti/999999/").status_code == 404


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
