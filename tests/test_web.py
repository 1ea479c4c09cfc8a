"""The web pages on the imported seed, through Django's test client and through the real server."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.accounts.models import Role
from cruscotto.accounts.services.permissions import PermissionRefused
from cruscotto.core.models import Ente, OrgUnit
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.search.models import SearchEntry
from cruscotto.search.services import stem_text

pytestmark = pytest.mark.django_db


def dup_plan() -> Plan:
    return Plan.objects.get(kind=Plan.Kind.DUP)


def item(key: str) -> PlanItem:
    return PlanItem.objects.get(plan=dup_plan(), key=key)


def page(client: Client, url: str, max_queries: int, assert_queries: Any) -> str:
    with assert_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def test_home_lists_the_plans(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    html = page(client, "/", 3, django_assert_max_num_queries)
    assert "DUP 2021-2026: missioni, programmi e attività" in html
    assert "Linee programmatiche di mandato 2021-2026" in html
    assert 'lang="it"' in html
    assert "bootstrap-italia/css/bootstrap-italia.min.css" in html


def test_plan_tree_drills_down_from_missione_to_activity(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    html = page(client, f"/piani/{dup_plan().pk}/", 6, django_assert_max_num_queries)
    assert "Missione 1: SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE" in html
    assert "ORGANI ISTITUZIONALI" in html
    programma = item("M01.P01")
    assert f'href="/voci/{programma.pk}/"' in html
    assert f'href="/voci/{item("M01.P01.g").pk}/"' not in html  # one click further
    # Among them, one for the documents that state the item (the esercizi offered, whether a
    # later edition dropped it) and one for each department's status per esercizio.
    html = page(client, f"/voci/{programma.pk}/", 13, django_assert_max_num_queries)
    assert f'href="/voci/{item("M01.P01.g").pk}/"' in html


def test_which_activities_of_the_first_mandate_group_are_concluded(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    """The question of issue 6, answered by a shareable filtered URL."""
    url = f"/piani/{dup_plan().pk}/?stato=concluso&tag=gruppi-torino-mandato-2021-2026:1"
    html = page(client, url, 10, django_assert_max_num_queries)
    assert "6 voci trovate" in html
    linked = sorted(int(pk) for pk in re.findall(r'<a href="/voci/(\d+)/"><strong>', html))
    expected = [
        "M01.P05.e",
        "M01.P05.f",
        "M03.P02.d",
        "M08.P01.d",
        "M08.P02.b",
        "M10.P05.u",
    ]
    assert linked == sorted(item(key).pk for key in expected)
    assert 'option value="concluso" selected' in html


def test_filters_by_department_year_and_impact_combine(
    seeded_db: LoadResult, client: Client
) -> None:
    segreteria = OrgUnit.objects.get(name="Segreteria Generale")
    base = f"/piani/{dup_plan().pk}/?struttura={segreteria.pk}"
    counts = []
    for extra in [
        "",
        "&stato=in_corso",
        "&stato=in_corso&impatto=sociale",
        "&stato=in_corso&impatto=sociale&anno=2023",
    ]:
        found = re.search(r"(\d+) voci trovate", client.get(base + extra).content.decode())
        assert found is not None
        counts.append(int(found.group(1)))
    # Segreteria Generale answers for 9 activities; f of Programma 2 is Concluso.
    assert counts == [9, 8, 4, 4]
    html = client.get(base + "&stato=in_corso&impatto=sociale&anno=2023").content.decode()
    for pk in re.findall(r'<a href="/voci/(\d+)/"><strong>', html):
        found_item = PlanItem.objects.get(pk=pk)
        assert found_item.responsibilities.filter(
            org_unit=segreteria, status__code="in_corso"
        ).exists()
        assert found_item.tags.filter(term__code="sociale").exists()
        assert found_item.responsibilities.filter(
            log__year_from__lte=2023, log__year_to__gte=2023
        ).exists()


def test_item_page_shows_statuses_log_indicators_links_and_source(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    html = page(client, f"/voci/{item('M01.P01.h').pk}/", 15, django_assert_max_num_queries)
    assert "Servizi Sociali, Sociosanitari e Abitativi – " in html
    assert "Concluso" in html and "stato non indicato" in html
    assert "Attivati punti di facilitazione digitale. Vedi PNRR 1.7.2" in html
    assert '000_014bd498e15be787.txt), <a class="source-line" href="/documenti/sorgenti/' in html
    assert '/testo/#riga-139">riga 139<' in html
    html = page(client, f"/voci/{item('M01.P02.a').pk}/", 15, django_assert_max_num_queries)
    assert "si riferisce a" in html and "n° 1" in html
    assert "Avviare un processo di riorganizzazione, potenziamento" in html
    assert "a.1 – " in html  # its public-value indicators with their values


def test_indicator_page_and_its_csv(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    indicator = Indicator.objects.get(plan=dup_plan(), key="M01.P01/vp/f.1")
    html = page(client, f"/indicatori/{indicator.pk}/", 4, django_assert_max_num_queries)
    assert "524.018.883,50 €" in html
    assert "524018883.5" in html
    assert "54.357.605,08 (PN METRO PLUS) + 702.982.827,4 €" in html
    response = client.get(f"/indicatori/{indicator.pk}/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["year"] for row in rows] == ["2022", "2023", "2024", "2025"]
    assert rows[0]["value_as_printed"] == "524.018.883,50 €"
    assert rows[0]["value"] == "524018883.5"
    assert rows[0]["value_type"] == "euro"
    assert rows[1]["value"] == ""  # two amounts, no total printed
    assert rows[0]["source_line"] == "161"


@pytest.mark.parametrize(
    ("query", "expected_key"),
    [
        ("decentramento", "M01.P01.a"),  # "Dare compiuta attuazione al processo di decentramento"
        ("PNRR", "M01.P01.f"),
        ("scuola", "M04.P01.c"),  # stemming: the activity speaks of "scuole"
    ],
)
def test_search_with_italian_stemming(
    seeded_db: LoadResult, client: Client, query: str, expected_key: str
) -> None:
    html = client.get("/cerca", {"q": query}).content.decode()
    assert f'href="/voci/{item(expected_key).pk}/"' in html


def test_italian_stems_join_singular_and_plural() -> None:
    assert stem_text("scuola") == stem_text("scuole") == ["scuol"]
    assert stem_text("Decentramento amministrativo") == ["decentr", "amministr"]


def test_search_finds_indicators_and_nothing_for_nonsense(
    seeded_db: LoadResult, client: Client
) -> None:
    indicator = Indicator.objects.get(plan=dup_plan(), key="M01.P01/vp/f.1")
    html = client.get("/cerca", {"q": "risorse coordinate"}).content.decode()
    assert f'href="/indicatori/{indicator.pk}/"' in html
    assert "0 risultati" in client.get("/cerca", {"q": "zxqwv"}).content.decode()


def test_search_counts_every_match_pages_them_and_narrows_by_facet(
    seeded_db: LoadResult, client: Client
) -> None:
    """It used to stop silently at 100, indicators first, without the ente: now every match
    is counted and paged, plan items come before indicators, and each result says its ente."""
    query = "attività"
    stems = stem_text(query)
    matches = [
        entry
        for entry in SearchEntry.objects.select_related("plan__ente")
        if all(f" {stem} " in entry.stems for stem in stems)
    ]
    assert len(matches) > 100
    html = client.get("/cerca", {"q": query}).content.decode()
    assert f"{len(matches)} risultati per «{query}»" in html
    pages = -(-len(matches) // 25)
    assert f"(pagina 1 di {pages})" in html
    first_page = re.findall(r'<a href="/(voci|indicatori)/\d+/">', html)
    assert len(first_page) == 25 and first_page[0] == "voci"
    assert (
        first_page.index("indicatori") > first_page.index("voci")
        if "indicatori" in first_page
        else True
    )
    assert "Città di Torino" in html
    last = client.get("/cerca", {"q": query, "pagina": pages}).content.decode()
    assert len(re.findall(r'<a href="/(?:voci|indicatori)/\d+/">', last)) == len(matches) - 25 * (
        pages - 1
    )
    indicators = sum(1 for entry in matches if entry.kind == "indicator")
    only = client.get("/cerca", {"q": query, "tipo": "indicator"}).content.decode()
    assert (
        f"{indicators} risultati" in only and 'href="/voci/' not in only.split("risultati per")[1]
    )
    # The facets count every match, whatever page or filter is shown.
    assert f"Indicatore</strong> ({indicators})" in only
    assert (
        f"{len(matches)} risultati"
        in client.get("/cerca", {"q": query, "ente": "torino"}).content.decode()
    )
    assert "0 risultati" in client.get("/cerca", {"q": query, "ente": "cmto"}).content.decode()


def test_the_public_cannot_see_the_staff_dashboard(seeded_db: LoadResult, client: Client) -> None:
    response = client.get(f"/riservata/piani/{dup_plan().pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")


def test_staff_dashboard_distributions_match_the_summary(
    seeded_db: LoadResult, client: Client, django_assert_max_num_queries: Any
) -> None:
    user = User.objects.create_user("controllo", password="x")
    Role.objects.create(user=user, ente=dup_plan().ente, kind=Role.Kind.UFFICIO)
    client.force_login(user)
    html = page(client, f"/riservata/piani/{dup_plan().pk}/", 16, django_assert_max_num_queries)
    assert re.search(r'<th scope="row">Concluso</th><td class="text-end">45</td>', html)
    assert re.search(r'<th scope="row">In corso</th><td class="text-end">469</td>', html)
    assert re.search(
        r'<th scope="row">La Città della prossimità</th><td class="text-end">\d+</td>', html
    )


def test_charts_draw_their_bars_in_an_italian_browser(
    seeded_db: LoadResult, client: Client
) -> None:
    """The chart data reach Chart.js as JSON numbers whatever the page's language (a
    localised "90,8" would be no number), and no size is written into CSS by the template."""
    user = User.objects.create_user("grafici", password="x")
    Role.objects.create(user=user, ente=dup_plan().ente, kind=Role.Kind.UFFICIO)
    client.force_login(user)
    indicator = Indicator.objects.filter(measurements__value__isnull=False).first()
    assert indicator is not None
    for url in (f"/riservata/piani/{dup_plan().pk}/", f"/indicatori/{indicator.pk}/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
        assert not re.search(r'style="[^"]*\d,\d', html), url
        data = re.findall(r'<script id="[^"]+-dati" type="application/json">(.*?)</script>', html)
        assert data, url
        for chart in map(json.loads, data):
            values = [v for dataset in chart["datasets"] for v in dataset["values"]]
            assert values and all(v is None or isinstance(v, float) for v in values), url
            assert any(v for v in values), url
        # Each chart is described by its own table.
        described = re.findall(r'aria-describedby="([^"]+)"', html)
        tables = re.findall(r'<table class="table table-sm" id="([^"]+)"', html)
        assert len(described) == len(set(described)) == len(data), url
        assert sorted(described) == sorted(tables), url


def test_digits_of_other_scripts_in_the_url_are_ignored_not_500(
    seeded_db: LoadResult, client: Client
) -> None:
    """ "²" and "٣" are digits to `str.isdigit`, not to `int`: a filter typed with them is
    ignored like any other value that is not a number."""
    plan = dup_plan()
    item = PlanItem.objects.filter(plan=plan, level=PlanItem.Level.ATTIVITA).first()
    assert item is not None
    for url in (
        f"/piani/{plan.pk}/?anno=²",
        f"/piani/{plan.pk}/?struttura=²",
        f"/piani/{plan.pk}/?anno=٢٠٢٥",
        f"/voci/{item.pk}/?anno=²⁰²⁵",
    ):
        assert client.get(url).status_code == 200, url


def test_a_plan_of_one_year_is_not_printed_as_a_span(seeded_db: LoadResult) -> None:
    plan = Plan(period_start=2024, period_end=2024)
    assert plan.period_label == "2024"
    assert Plan(period_start=2021, period_end=2026).period_label == "2021–2026"
    assert Plan(period_start=None, period_end=None).period_label == ""


def test_a_logged_in_user_without_a_role_of_the_ente_is_refused(
    seeded_db: LoadResult, client: Client
) -> None:
    """Logging in is not enough: the dashboards are the ufficio's and the valutatori's, of
    their own ente; a referente or an ufficio of another ente gets 403."""
    plan = dup_plan()
    other = Ente.objects.create(code="altro-comune", name="Comune di Altro", kind="comune")
    nobody = User.objects.create_user("nessun-ruolo", password="x")
    elsewhere = User.objects.create_user("ufficio-altrove", password="x")
    Role.objects.create(user=elsewhere, ente=other, kind=Role.Kind.UFFICIO)
    referente = User.objects.create_user("referente", password="x")
    role = Role.objects.create(user=referente, ente=plan.ente, kind=Role.Kind.REFERENTE)
    role.org_units.add(OrgUnit.objects.filter(ente=plan.ente).first())
    for user in (nobody, elsewhere, referente):
        client.force_login(user)
        for url in ("/riservata/", f"/riservata/piani/{plan.pk}/"):
            response = client.get(url)
            if url == "/riservata/" and user is elsewhere:
                assert response.status_code == 200, user  # its own ente's plans: none of Turin's
                assert plan.title not in response.content.decode()
            elif url == "/riservata/" and user is referente:
                assert response["Location"] == "/riservata/campagne/"  # their to-do lists
            else:
                assert response.status_code == 403, (user, url)
    valutatore = User.objects.create_user("oiv", password="x")
    Role.objects.create(user=valutatore, ente=plan.ente, kind=Role.Kind.VALUTATORE)
    client.force_login(valutatore)
    assert client.get(f"/riservata/piani/{plan.pk}/").status_code == 200


def test_missing_pages_are_404(seeded_db: LoadResult, client: Client) -> None:
    for url in [
        "/piani/999999/",
        "/voci/999999/",
        "/indicatori/999999/",
        "/indicatori/999999/csv/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Pagina non trovata" in response.content.decode(), url


def test_errors_speak_italian(rf: Any) -> None:
    """Django's defaults are English ("Not Found", "Server Error (500)")."""
    from django.views.defaults import permission_denied, server_error

    page = server_error(rf.get("/")).content.decode()
    assert "Si è verificato un errore" in page and 'lang="it"' in page
    refused = permission_denied(
        rf.get("/"), PermissionRefused("Non consentito: riservato agli amministratori.")
    ).content.decode()
    assert "Accesso non consentito" in refused and "riservato agli amministratori" in refused


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_serves_the_sample_with_gunicorn(tmp_path: Path) -> None:
    """`cruscotto demo` on a fresh SQLite file: imports the samples, then serves them."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3"}
    server = subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        html = ""
        deadline = time.monotonic() + 300  # the demo imports every bundled document first
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
        assert "DUP 2021-2026: missioni, programmi e attività" in html
        css = f"http://127.0.0.1:{port}/static/bootstrap-italia/css/bootstrap-italia.min.css"
        with urllib.request.urlopen(css, timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_plan_pages_link_to_their_own_documents(seeded_db: LoadResult, client: Client) -> None:
    html = client.get(f"/piani/{dup_plan().pk}/").content.decode()
    assert 'href="/documenti/"' in html
