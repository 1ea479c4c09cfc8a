"""An ente's home page: what a citizen looks for first.

The plans of the ente; for each plan whose items departments answer for, the latest
esercizio's progress by missione of the bilancio and by the mandate's thematic groups
(how many activities each status counts); the documents imported last. Each count is
the one the plan page gives for the same filters (facets.py): a cell links to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Subquery

from cruscotto.core.models import Ente, SourceDocument
from cruscotto.plans.models import Plan, Responsibility, StatusReport, Taxonomy, Term
from cruscotto.plans.services.facets import PlanFacts, base_items, load_plan_facts

LATEST_DOCUMENTS = 8


@dataclass(frozen=True)
class ProgressCell:
    count: int
    query: str  # the plan page's filters that list these activities


@dataclass(frozen=True)
class ProgressRow:
    label: str
    total: ProgressCell
    cells: list[ProgressCell]  # one per status of the table, in its order
    unknown: int  # activities no department gives a known status


@dataclass(frozen=True)
class ProgressTable:
    title: str
    statuses: list[Term]
    rows: list[ProgressRow]


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    year: int | None  # the latest esercizio whose statuses were reported; None if unknown
    activities: int
    tables: list[ProgressTable]


@dataclass(frozen=True)
class EnteOverview:
    ente: Ente
    plans: Sequence[Plan]  # with `item_count`
    progress: list[PlanProgress]
    documents: list[SourceDocument]


def build_ente_overview(ente: Ente) -> EnteOverview:
    """Return the ente's plans, progress and latest documents, in a number of queries that
    grows with the plans departments answer for (a few per plan), not with their items."""
    plans = list(
        Plan.objects.filter(ente=ente)
        .annotate(
            item_count=Count("items", distinct=True),
            has_departments=Exists(
                Responsibility.objects.filter(
                    item__plan=OuterRef("pk"), role=Responsibility.Role.RESPONSIBLE
                )
            ),
            latest_year=Subquery(
                StatusReport.objects.filter(responsibility__item__plan=OuterRef("pk"))
                .order_by("-year")
                .values("year")[:1]
            ),
        )
        .order_by("-period_end", "kind", "code")
    )
    progress = [
        plan_progress(plan, load_plan_facts(plan), plan.latest_year)
        for plan in plans
        if plan.has_departments
    ]
    documents = list(
        SourceDocument.objects.filter(ente=ente).order_by("-imported_at", "-pk")[:LATEST_DOCUMENTS]
    )
    return EnteOverview(ente, plans, progress, documents)


def plan_progress(plan: Plan, facts: PlanFacts, year: int | None) -> PlanProgress:
    """How many activities each status counts, by missione and by the mandate's groups."""
    activities = base_items(facts, "")
    status_of: dict[int, set[int]] = {}
    for item_id in activities:
        for fact in facts.responsibilities.get(item_id, []):
            if fact.role == Responsibility.Role.RESPONSIBLE and fact.status_id is not None:
                status_of.setdefault(item_id, set()).add(fact.status_id)
    statuses = sorted(
        {facts.terms[pk] for pks in status_of.values() for pk in pks},
        key=lambda term: (term.position, term.code),
    )
    missioni = [
        term
        for term in facts.terms.values()
        if term.taxonomy.code == "bilancio_118" and term.parent_id is None
    ]
    groups = [
        term for term in facts.terms.values() if term.taxonomy.kind == Taxonomy.Kind.MANDATE_GROUPS
    ]
    tables = []
    for title, terms in [("Missioni del bilancio", missioni), (_groups_title(groups), groups)]:
        rows = []
        for term in sorted(terms, key=lambda term: (term.position, term.code)):
            items = activities & facts.term_items.get(term.pk, set())
            if not items:
                continue
            tag = f"{term.taxonomy.code}:{term.code}"
            label = (
                f"{term.code} – {term.name}" if term.taxonomy.code == "bilancio_118" else term.name
            )
            cells = [
                ProgressCell(
                    sum(1 for pk in items if status.pk in status_of.get(pk, ())),
                    urlencode({"tag": tag, "stato": status.code}),
                )
                for status in statuses
            ]
            rows.append(
                ProgressRow(
                    label,
                    ProgressCell(len(items), urlencode({"tag": tag})),
                    cells,
                    sum(1 for pk in items if pk not in status_of),
                )
            )
        if rows:
            tables.append(ProgressTable(title, statuses, rows))
    return PlanProgress(plan, year, len(activities), tables)


def _groups_title(groups: list[Term]) -> str:
    return groups[0].taxonomy.name if groups else ""
