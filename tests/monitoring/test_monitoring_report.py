"""The monitoring report page: the three areas, charts with their numbers as tables."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from cruscotto.loaders.common import LoadResult

pytestmark = pytest.mark.django_db


def test_the_report_shows_the_three_areas(psm_db: LoadResult, client: Client) -> None:
    response = client.get("/monitoraggio/")
    assert response.status_code == 200
    page = response.content.decode()
    for heading in [
        "1. L'attuazione da parte della Città metropolitana",
        "2. L'attuazione da parte del territorio: l'indagine",
        "3. Gli effetti sul contesto: indicatori per asse",
    ]:
        assert heading in page
    # 25 strategies, each with its actions and projects.
    assert len(re.findall(r'<article class="mb-4" id="strategia-', page)) == 25
    assert page.count("<strong>Progetto AMICI</strong>") == 5  # one per strategy it serves
    assert "<strong>Progetto ASFO</strong> – azioni 2.1.3" in page
    # The grey colour was lost in the text (001:60-62): no grey count stated as 0.
    assert "<td>n.d. (0–110)</td>" in page and "<td>n.d. (0–23)</td>" in page
    assert "Azioni in grigio: nessuna" not in page
    assert page.count("Azioni in grigio: non determinabili dal testo") == 25
    # Every chart has its numbers in a table that describes it; 17 closed questions.
    charts = re.findall(r'aria-describedby="(domanda-[^"]+-tabella)"', page)
    assert len(charts) == len(set(charts)) == 17
    assert all(f'<table class="table table-sm" id="{table}">' in page for table in charts)
    assert page.count('<canvas id="domanda-') == 17
    # The first question's chart for Chart.js, on a 0-100% scale, and its table in Italian.
    data = re.search(r'<script id="domanda-d01-grafico-dati" type="application/json">(.*?)<', page)
    assert data is not None
    target = json.loads(data.group(1))
    assert (target["title"], target["labels"], target["unit"], target["scaleMax"]) == (
        "Target",
        ["Comuni", "altri stakeholder"],
        "%",
        100.0,
    )
    assert target["datasets"][0]["values"] == [45.0, 55.0]
    assert (
        '<tr><th scope="row">Comuni</th><td class="text-end">45</td></tr>'
        '<tr><th scope="row">altri stakeholder</th><td class="text-end">55</td></tr>'
    ) in page
    assert "<caption>Con quale/i modalità ha partecipato?</caption>" in page
    assert "· base 58 casi" in page and "· più risposte possibili" in page
    # Context indicators, with composite and non-numeric values as printed.
    assert "<td>112+93</td>" in page
    assert "<td>Dati relativi ai singoli corpi idrici</td>" in page
    assert page.count(": indicatori di contesto</caption>") == 6


def test_the_report_reads_a_fixed_number_of_queries(
    psm_db: LoadResult, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(20):
        assert client.get("/monitoraggio/").status_code == 200


def test_no_plan_no_report(empty_db: None, client: Client) -> None:
    assert client.get("/monitoraggio/").status_code == 404


def test_the_admin_lists_survey_questions(psm_db: LoadResult, admin_client: Client) -> None:
    response = admin_client.get("/admin/monitoring/surveyquestion/")
    assert response.status_code == 200
    assert "Con quale/i modalità ha partecipato?" in response.content.decode()
