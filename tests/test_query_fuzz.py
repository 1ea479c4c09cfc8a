"""No filter value answers 500: every page and API list that reads its query string, sent
garbage in each parameter it reads, on the five seed documents imported."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from cruscotto.cli import main
from cruscotto.core.models import Ente
from cruscotto.indicators.models import Indicator
from cruscotto.loaders.common import LoadResult
from cruscotto.performance.models import StructureManager
from cruscotto.plans.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

# What a typing error, a copied link, a scanner or a curious citizen puts in a URL.
GARBAGE = [
    "²",  # a digit to str.isdigit, not to int
    "٣",
    "٢٠٢٥",
    "²⁰²⁵",
    "-1",
    "-2024",
    "0",
    "99999999999999999999",
    "2147483648",
    "2024.5",
    "1e3",
    "\x00",  # %00
    "2024\x00",
    "' OR 1=1 --",
    "1); DROP TABLE plans_plan; --",
    "x" * 5000,
    "🙂",
    " ",
    ":",
    "sdg:",
    ":11",
    "sdg:99999",
    "tassonomia-inesistente:1",
    "bilancio_118:99.99",
    "%",
    "_",
    "\\",
]

PLAN_PARAMETERS = [
    "stato",
    "struttura",
    "impatto",
    "tag",
    "anno",
    "livello",
    "linea",
    "pagina",
    "formato",
]
VALID_FILTERS = "tag=bilancio_118:01&anno=2023"
SEARCH_PARAMETERS = ["q", "tipo", "ente", "piano", "pagina", "anno", "stato"]


def import_every_sample() -> None:
    samples = sorted(str(path) for path in SAMPLES_DIR.glob("*.txt"))
    result = CliRunner().invoke(main, ["import", "--max-diagnostics", "0", *samples])
    assert result.exit_code == 0, result.output


def urls_and_parameters() -> list[tuple[str, list[str]]]:
    """Every public URL that reads its query string, with the parameters it reads; the
    others with the plan page's, which they must ignore."""
    dup = Plan.objects.filter(kind=Plan.Kind.DUP).first()
    psm = Plan.objects.filter(kind=Plan.Kind.PSM, items__level=PlanItem.Level.AZIONE).first()
    performance = Plan.objects.filter(kind=Plan.Kind.PERFORMANCE).first()
    assert dup and psm and performance
    activity = PlanItem.objects.filter(plan=dup, level=PlanItem.Level.ATTIVITA).first()
    indicator = Indicator.objects.first()
    manager = StructureManager.objects.filter(plan=performance, person__isnull=False).first()
    assert activity and indicator and manager
    ente = performance.ente
    year = ["anno"]
    urls: list[tuple[str, list[str]]] = [
        (f"/piani/{dup.pk}/", PLAN_PARAMETERS),
        (f"/piani/{psm.pk}/", PLAN_PARAMETERS),
        (f"/piani/{performance.pk}/", PLAN_PARAMETERS),
        (f"/voci/{activity.pk}/", year),
        (f"/indicatori/{indicator.pk}/", year),
        (f"/indicatori/{indicator.pk}/csv/", year),
        ("/cerca", SEARCH_PARAMETERS),
        ("/monitoraggio/", year),
        (f"/monitoraggio/{psm.pk}/", year),
        (f"/performance/{performance.pk}/", year),
        (f"/performance/{performance.pk}/assegnazioni.xlsx", year),
        (f"/performance/{performance.pk}/dirigenti/{manager.person_id}/", year),
        (f"/performance/{performance.pk}/dirigenti/{manager.person_id}/scheda.xlsx", year),
        ("/api/consiglio/votazioni/", ["ente"]),
        (f"/api/piani/{ente.code}/performance/{performance.code}/punteggi/", year),
    ]
    for ente_code in Ente.objects.filter(plans__isnull=False).values_list("code", flat=True):
        urls.append((f"/enti/{ente_code}/", ["anno", "formato"]))
    for path in [
        "/",
        "/documenti/",
        "/documenti/sorgenti/",
        "/consiglio/",
        "/tracciabilita/copertura/",
        "/tracciabilita/edizioni/",
        f"/tracciabilita/voci/{activity.pk}/",
        "/api/piani/",
        "/api/copertura/",
        "/api/documenti/",
    ]:
        urls.append((path, ["anno", "formato", "pagina"]))
    return urls


def test_no_query_value_answers_500(empty_db: None) -> None:
    import_every_sample()
    staff = Client(raise_request_exception=False)
    staff.force_login(User.objects.create_superuser("fuzz", password="una-password-di-prova"))
    public = Client(raise_request_exception=False)
    failures = []
    for url, parameters in urls_and_parameters():
        # Each value in every parameter at once: a page reads all of them on each request.
        queries = [urlencode([(name, value) for name in parameters]) for value in GARBAGE]
        # Repeated parameters: a valid value and a garbage one.
        queries += [
            urlencode([pair for name in parameters for pair in [(name, "1"), (name, value)]])
            for value in GARBAGE[:6]
        ]
        # One garbage value beside filters that find items: the page lists, pages and
        # downloads them.
        if url.startswith("/piani/"):
            queries += [
                f"{VALID_FILTERS}&{urlencode({name: value})}"
                for name in parameters
                for value in GARBAGE[::4]
            ]
        for client in (public, staff) if "performance" in url else (public,):
            for query in queries:
                status = client.get(f"{url}?{query}").status_code
                if status >= 500:
                    failures.append(f"{status} {url}?{query[:120]}")
    assert failures == []


def test_a_nul_character_in_the_query_is_refused_with_400(
    seeded_db: LoadResult, client: Client
) -> None:
    """PostgreSQL cannot compare text with NUL: search and the API answered 500 there."""
    dup = Plan.objects.get(kind=Plan.Kind.DUP)
    for url in [
        f"/piani/{dup.pk}/?tag=sdg%3A11%00",
        "/cerca?q=citt%C3%A0%00",
        "/cerca?ente=%00",
        "/api/consiglio/votazioni/?ente=torino%00",
        "/?%00=1",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "carattere nullo" in response.content.decode()
    assert client.get(f"/piani/{dup.pk}/?tag=sdg%3A11").status_code == 200


def test_a_nul_character_in_an_api_query_is_refused_in_the_api_s_shape(db: None) -> None:
    response = Client().get("/api/v1/piani/", {"ente": "to\x00rino"})
    assert response.status_code == 400
    assert response.json()["errore"].startswith("Richiesta non valida")
