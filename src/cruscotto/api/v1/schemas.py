"""The shapes the API answers with: the same keys the CLI's `--json` prints.

Typed where the services' output has a fixed shape, so that the OpenAPI schema
documents every field; the few reports whose shape is a nested document of its own
(a whole plan, a chain, coverage, editions, the scores) are declared as objects and
described in docs/web.md.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorBody(Schema):
    """Every refusal: what went wrong, in Italian, and the details that say where."""

    errore: str
    dettagli: list[dict[str, Any]] = Field(default_factory=list)


class PageMeta(Schema):
    totale: int = Field(description="quanti risultati in tutto, su tutte le pagine")
    pagina: int
    per_pagina: int


class Plan(Schema):
    id: str = Field(description="ente:tipo:codice, come negli open data")
    url: str
    ente: str
    ente_code: str
    kind: str
    code: str
    title: str
    period: list[int | None]


class PlanPage(PageMeta):
    risultati: list[Plan]


class IndicatorValue(Schema):
    """One row of the indicator's series, as the open-data CSV prints it."""

    indicator_id: str
    indicator_code: str
    indicator_name: str
    series: str
    year: int | None
    value_as_printed: str
    value: str = Field(description="il numero letto, come stringa; vuota se non è un numero")
    unit: str
    value_type: str
    qualifiers: str
    source_document: str
    source_line: int | str


class IndicatorDetail(Schema):
    id: str
    code: str
    name: str
    kind: str
    unit: str
    item: str | None
    values: list[IndicatorValue]


class DiagnosticCounts(Schema):
    error: int
    warning: int
    info: int


class Document(Schema):
    id: int
    identity: str
    title: str
    ente_code: str | None
    format: str
    file_name: str
    sha256: str
    lines: int | None
    reference_year: int | None
    imported_at: str
    diagnostics: DiagnosticCounts
    page: str


class DocumentPage(PageMeta):
    risultati: list[Document]


class CouncilSession(Schema):
    number: str
    date: str | None
    time: str | None
    place: str
    presiding_officer: str
    secretary: str


class CouncilAct(Schema):
    number: str
    subject: str


class Tally(Schema):
    present: int | None
    voting: int | None
    in_favour: int | None
    against: int | None
    abstained: int | None
    not_voting: int | None


class BallotName(Schema):
    printed: str
    attendee: str


class OperativePoint(Schema):
    number: int
    text: str
    outcome: str
    tally: Tally
    tally_checked: bool
    names: dict[str, list[BallotName]]


class CouncilVote(Schema):
    ente_code: str
    session: CouncilSession
    act: CouncilAct
    points: list[OperativePoint]


class CouncilVotePage(PageMeta):
    risultati: list[CouncilVote]


class Assignment(Schema):
    structure: str
    objective_id: int
    slot: str
    weight: int | None
    weight_source: str
    candidates: list[int]


class WeightValidation(Schema):
    structure: str
    declared_total: int | None
    known_sum: int
    assignments: int
    by_source: dict[str, int]
    unknown: list[dict[str, Any]]
    not_multiple_of_5: list[dict[str, Any]]
    missing_common_objectives: list[int]
    balanced: bool | None


# A report with a nested shape of its own (see docs/web.md): an object, passed through.
Report = dict[str, Any]


def answers(ok: Any, *refusals: int) -> dict[int, Any]:
    """The responses an endpoint declares: `ok` for 200, the error body for its refusals
    and for those of every endpoint (401 an invalid token, 429 past the rate limit)."""
    return {200: ok, **{status: ErrorBody for status in sorted({401, 429, *refusals})}}
