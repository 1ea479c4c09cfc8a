"""The read endpoints of `/api/v1/`: the old `/api/` endpoints, same identifiers, same JSON.

Plans, items and indicators are addressed by their stable identifiers (ente, plan kind,
plan code, key), never by database ids, so that a URL stays valid after a new import.
Public, as the published documents state it: everything but the performance scores,
which need READ_RESERVED on the plan's ente (the ufficio di controllo, the valutatori).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Field, Query, Router, Schema

from cruscotto.accounts.services.permissions import Permission, require_permission
from cruscotto.api.v1 import schemas
from cruscotto.api.v1.errors import NotFound
from cruscotto.api.v1.pagination import Pagination, paginate
from cruscotto.core.models import Ente
from cruscotto.council.services.votes import list_votes
from cruscotto.indicators.models import Indicator
from cruscotto.indicators.services import get_indicator, measurement_rows, stable_indicator_id
from cruscotto.performance.services.reports import scores_summary, validation_report
from cruscotto.performance.services.scorecards import list_assignments
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.reports.services.documents import describe_documents, documents_in_order
from cruscotto.reports.services.opendata import export_plan, plan_identifier
from cruscotto.reports.services.summary import build_summary, summary_counts_by_ente
from cruscotto.traceability.services.coverage import (
    coverage_counts_by_ente,
    coverage_report,
    enti_with_plans,
)
from cruscotto.traceability.services.editions import describe_editions
from cruscotto.traceability.services.trace import describe_trace

router = Router()

# A code or name never holds a NUL: the schema says so, and the web app refuses one (400).
NO_NUL = r"^[^\x00]*$"

PLAN = "/piani/{ente}/{kind}/{code}/"
PERFORMANCE = "/piani/{ente}/performance/{code}/"
answers = schemas.answers


def find_plan(ente: str, kind: str, code: str) -> Plan:
    plan = Plan.objects.select_related("ente").filter(ente__code=ente, kind=kind, code=code).first()
    if plan is None:
        raise NotFound(f"piano non trovato: {ente}/{kind}/{code}")
    return plan


def find_indicator(ente: str, kind: str, code: str, key: str) -> Indicator:
    """The indicator by its stable identifier, with its plan and values."""
    found = Indicator.objects.filter(
        plan__ente__code=ente, plan__kind=kind, plan__code=code, key=key
    ).values_list("pk", flat=True)
    if not found:
        raise NotFound(f"indicatore non trovato: {ente}/{kind}/{code}/{key}")
    return get_indicator(found[0])


def plan_url(plan: Plan) -> str:
    return reverse("api:v1:plan", args=[plan.ente.code, plan.kind, plan.code])


@router.get("/", response=answers(dict[str, str]), summary="Che cosa offre l'API")
def index(request: HttpRequest) -> dict[str, str]:
    """Each endpoint with an example address."""
    return {
        "riepilogo": reverse("api:v1:summary"),
        "piani": reverse("api:v1:plans"),
        "piano": "/api/v1/piani/<ente>/<tipo>/<codice>/ (es. /api/v1/piani/torino/dup/2021-2026/)",
        "catena di una voce": "/api/v1/piani/<ente>/<tipo>/<codice>/voci/<chiave>/catena/",
        "indicatore": "/api/v1/piani/<ente>/<tipo>/<codice>/indicatori/<chiave>/",
        "copertura": reverse("api:v1:coverage"),
        "edizioni": reverse("api:v1:editions"),
        "votazioni del consiglio": reverse("api:v1:council_votes") + " (?ente=<ente>)",
        "performance": "/api/v1/piani/<ente>/performance/<codice>/{assegnazioni,validazione}/",
        "punteggi (riservato)": "/api/v1/piani/<ente>/performance/<codice>/punteggi/",
        "documenti importati": reverse("api:v1:documents"),
        "schema OpenAPI": reverse("api:v1:openapi-json"),
        "documentazione": reverse("api:v1:openapi-view"),
    }


class SummaryFilters(Schema):
    ente: str | None = Field(None, description="il codice dell'ente", pattern=NO_NUL)


@router.get("/riepilogo/", response=answers(schemas.Report, 404, 422), summary="Riepilogo dei dati")
def summary(
    request: HttpRequest, filters: Query[SummaryFilters], pagination: Query[Pagination]
) -> Any:
    """With ?ente=CODE, the summary `cruscotto summary --json` prints, of that ente's plans
    and documents only; without it, a page of enti with their counts.

    Scoped by ente so that one request never counts the data of every ente: each ente of
    the page comes with the address of its summary (the unversioned /api/riepilogo/ still
    answers the whole summary, as the CLI does).
    """
    if filters.ente:
        if not Ente.objects.filter(code=filters.ente).exists():
            raise NotFound(f"ente non trovato: {filters.ente}")
        return build_summary(filters.ente)
    page = paginate(enti_with_plans(), pagination)
    page["risultati"] = [
        {
            "ente": row["ente"].code,
            "nome": row["ente"].name,
            "piani": row["plans"],
            "voci": row["items"],
            "indicatori": row["indicators"],
            "documenti": row["documents"],
            "url": f"{reverse('api:v1:summary')}?{urlencode({'ente': row['ente'].code})}",
        }
        for row in summary_counts_by_ente(page["risultati"])
    ]
    return page


class PlanFilters(Schema):
    ente: str | None = Field(None, description="il codice dell'ente (es. torino)", pattern=NO_NUL)
    tipo: str | None = Field(
        None, description="il tipo di piano (dup, psm, performance, …)", pattern=NO_NUL
    )


@router.get("/piani/", response=answers(schemas.PlanPage, 422), summary="I piani")
def plans(
    request: HttpRequest, filters: Query[PlanFilters], pagination: Query[Pagination]
) -> dict[str, Any]:
    """The plans by ente, kind and code, optionally of one ente or one kind."""
    found = Plan.objects.select_related("ente").order_by("ente__code", "kind", "code")
    if filters.ente:
        found = found.filter(ente__code=filters.ente)
    if filters.tipo:
        found = found.filter(kind=filters.tipo)
    page = paginate(found, pagination)
    page["risultati"] = [describe_plan(plan, plan_url(plan)) for plan in page["risultati"]]
    return page


def describe_plan(plan: Plan, url: str) -> dict[str, Any]:
    """A plan of the list, with the address that reads it whole."""
    return {
        "id": plan_identifier(plan),
        "url": url,
        "ente": plan.ente.name,
        "ente_code": plan.ente.code,
        "kind": plan.kind,
        "code": plan.code,
        "title": plan.title,
        "period": [plan.period_start, plan.period_end],
    }


@router.get(
    PERFORMANCE + "assegnazioni/",
    response=answers(list[schemas.Assignment], 404),
    summary="Assegnazioni del piano della performance",
)
def performance_assignments(request: HttpRequest, ente: str, code: str) -> list[dict[str, Any]]:
    return [
        view.as_json() for view in list_assignments(find_plan(ente, Plan.Kind.PERFORMANCE, code))
    ]


@router.get(
    PERFORMANCE + "validazione/",
    response=answers(list[schemas.WeightValidation], 404),
    summary="Validazione dei pesi del piano della performance",
)
def performance_validation(request: HttpRequest, ente: str, code: str) -> list[dict[str, object]]:
    return [
        report.as_dict()
        for report in validation_report(find_plan(ente, Plan.Kind.PERFORMANCE, code))
    ]


class ScoresQuery(Schema):
    anno: int | None = Field(
        None, ge=1, le=9999, description="l'anno dei valori (predefinito: l'anno del piano)"
    )


@router.get(
    PERFORMANCE + "punteggi/",
    response=answers(schemas.Report, 403, 404, 422),
    summary="Punteggi della performance (riservato)",
)
def performance_scores(
    request: HttpRequest, ente: str, code: str, query: Query[ScoresQuery]
) -> dict[str, Any]:
    """Reserved to the ufficio di controllo and the valutatori of the ente."""
    return scores_of(reserved_performance_plan(request.user, ente, code), query.anno)


def reserved_performance_plan(user: Any, ente: str, code: str) -> Plan:
    """The performance plan, if the user may read its scores (PermissionRefused otherwise)."""
    plan = find_plan(ente, Plan.Kind.PERFORMANCE, code)
    require_permission(user, Permission.READ_RESERVED, plan.ente)
    return plan


def scores_of(plan: Plan, year: int | None) -> dict[str, Any]:
    """The year's scores; by default the plan's year, as the CLI."""
    return scores_summary(plan, year if year is not None else plan.period_start or 0)


@router.get(PLAN, response=answers(schemas.Report, 404), summary="Un piano, per intero")
def plan(request: HttpRequest, ente: str, kind: str, code: str) -> dict[str, Any]:
    """The plan as the open data export gives it: its items, links and indicators."""
    return export_plan(find_plan(ente, kind, code))


@router.get(
    PLAN + "voci/{key}/catena/",
    response=answers(schemas.Report, 404),
    summary="La catena di una voce",
)
def item_chain(request: HttpRequest, ente: str, kind: str, code: str, key: str) -> dict[str, Any]:
    """From the mandate line to the performance objectives: what `cruscotto trace` prints."""
    item = (
        PlanItem.objects.select_related("plan__ente")
        .filter(plan__ente__code=ente, plan__kind=kind, plan__code=code, key=key)
        .first()
    )
    if item is None:
        raise NotFound(f"voce non trovata: {ente}/{kind}/{code}/{key}")
    return describe_trace(item)


@router.get(
    PLAN + "indicatori/{path:key}/",
    response=answers(schemas.IndicatorDetail, 404),
    summary="Un indicatore e i suoi valori",
)
def indicator(request: HttpRequest, ente: str, kind: str, code: str, key: str) -> dict[str, Any]:
    loaded = find_indicator(ente, kind, code, key)
    return {
        "id": stable_indicator_id(loaded),
        "code": loaded.code,
        "name": loaded.name,
        "kind": loaded.kind,
        "unit": loaded.unit,
        "item": loaded.item.key if loaded.item else None,
        "values": measurement_rows(loaded),
    }


class CoverageFilters(Schema):
    ente: str | None = Field(None, description="il codice dell'ente", pattern=NO_NUL)


@router.get(
    "/copertura/", response=answers(schemas.Report, 404, 422), summary="Copertura tra i piani"
)
def coverage(
    request: HttpRequest, filters: Query[CoverageFilters], pagination: Query[Pagination]
) -> Any:
    """The four coverage lists of one ente (?ente=CODE); without it, a page of enti with counts.

    Scoped by ente so that one request never builds the lists of every ente: each
    ente of the page comes with the address of its lists.
    """
    if filters.ente:
        if not Ente.objects.filter(code=filters.ente).exists():
            raise NotFound(f"ente non trovato: {filters.ente}")
        return coverage_report(filters.ente)
    page = paginate(enti_with_plans(), pagination)
    page["risultati"] = [
        {
            "ente": row["ente"].code,
            "nome": row["ente"].name,
            "psm_actions_without_project_or_objective": row[
                "psm_actions_without_project_or_objective"
            ],
            "objectives_without_indicator": row["objectives_without_indicator"],
            "url": f"{reverse('api:v1:coverage')}?{urlencode({'ente': row['ente'].code})}",
        }
        for row in coverage_counts_by_ente(page["risultati"])
    ]
    return page


@router.get("/edizioni/", response=answers(list[schemas.Report]), summary="Le edizioni dei piani")
def editions(request: HttpRequest) -> list[dict[str, Any]]:
    return describe_editions()


class VoteFilters(Schema):
    ente: str | None = Field(None, description="il codice dell'ente", pattern=NO_NUL)


@router.get(
    "/consiglio/votazioni/",
    response=answers(schemas.CouncilVotePage, 422),
    summary="Votazioni del consiglio",
)
def council_votes(
    request: HttpRequest, filters: Query[VoteFilters], pagination: Query[Pagination]
) -> dict[str, Any]:
    return paginate(list_votes(filters.ente or None), pagination)


class DocumentFilters(Schema):
    ente: str | None = Field(None, description="il codice dell'ente", pattern=NO_NUL)
    formato: str | None = Field(
        None, description="il formato del documento (es. rendiconto)", pattern=NO_NUL
    )


@router.get(
    "/documenti/", response=answers(schemas.DocumentPage, 422), summary="I documenti importati"
)
def documents(
    request: HttpRequest, filters: Query[DocumentFilters], pagination: Query[Pagination]
) -> dict[str, Any]:
    """With their diagnostics counted by severity, and the page that shows each."""
    # Counted and sliced in the database; only the page's documents have their diagnostics
    # counted, so the answer costs the same with a hundred enti's documents as with one's.
    page = paginate(documents_in_order(filters.ente, filters.formato), pagination)
    page["risultati"] = with_page_links(describe_documents(page["risultati"]))
    return page


def document_rows() -> list[dict[str, Any]]:
    """Every imported document, each with its page in the web app."""
    return with_page_links(describe_documents())


def with_page_links(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**document, "page": reverse("web:source", args=[document["id"]])} for document in documents
    ]
