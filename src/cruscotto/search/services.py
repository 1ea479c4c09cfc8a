"""Full-text search across plan items and indicators, with Italian stemming.

Stemming is done in Python (Snowball's Italian stemmer) and the stems are
stored in `SearchEntry`, so the same search works on SQLite and PostgreSQL:
"scuole" finds "scuola" and "scolastiche" does not drown the results.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db.models import Q, QuerySet

from cruscotto.core.services.sync import UNNAMED_MODEL, SyncCounts, sync_rows
from cruscotto.indicators.models import Indicator
from cruscotto.plans.models import LogEntry, Plan, PlanItem
from cruscotto.search.models import SearchEntry

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("italian")
# Words too common in these documents to help a search.
_STOP_STEMS = {
    "di",
    "e",
    "il",
    "la",
    "le",
    "i",
    "del",
    "dell",
    "della",
    "per",
    "in",
    "a",
    "con",
    "da",
}


@lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    """Return the accent-free Italian stem of one lower-case word."""
    stem = _STEMMER.stemWord(word)
    return "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))


def stem_text(text: str) -> list[str]:
    """Return the distinct stems of `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in dict.fromkeys(_WORD.findall(text.lower())):  # each word stemmed once
        stem = stem_word(word)
        if stem not in _STOP_STEMS and len(stem) > 1:
            seen.setdefault(stem, None)
    return list(seen)


def _as_field(stems: list[str]) -> str:
    return " " + " ".join(sorted(stems)) + " "


# The models whose rows make an entry's text: an import that changed none of
# them leaves the index as it is.
INDEXED_MODELS = {
    "plans.Plan",
    "plans.PlanItem",
    "plans.Responsibility",
    "plans.LogEntry",
    "indicators.Indicator",
    UNNAMED_MODEL,  # a change not attributed to a model may be any of them
}


def index_sources_changed(counts: SyncCounts) -> bool:
    """Whether an import that wrote `counts` changed what the index is made of."""
    return any(
        counts.by_model[label].changed for label in INDEXED_MODELS if label in counts.by_model
    )


def plans_of_document(document_id: int) -> set[int]:
    """The plans whose entries a document's records make: its plans, its items' and indicators'.

    Each plan is read from one document, so an import changes the entries of
    these plans only, besides removing those of the records it deleted.
    """
    plans: set[int] = set()
    for queryset in [
        Plan.objects.filter(source_document_id=document_id).values_list("pk", flat=True),
        PlanItem.objects.filter(source_document_id=document_id).values_list("plan_id", flat=True),
        Indicator.objects.filter(source_document_id=document_id).values_list("plan_id", flat=True),
        LogEntry.objects.filter(source_document_id=document_id).values_list(
            "responsibility__item__plan_id", flat=True
        ),
    ]:
        plans.update(queryset.distinct())
    return plans


def refresh_search_index(
    counts: SyncCounts | None = None, *, plan_ids: Collection[int] | None = None
) -> SyncCounts:
    """Bring the index in line with the plan items and indicators in the database.

    With `plan_ids`, only the entries of those plans are rebuilt, and entries
    whose record no longer exists are removed: what an import of one document
    needs, in a fraction of the time.
    """
    counts = counts or SyncCounts()
    items = PlanItem.objects.all()
    indicators = Indicator.objects.all()
    logs = LogEntry.objects.all()
    scope = SearchEntry.objects.all()
    if plan_ids is not None:
        remove_orphan_entries(counts)
        items = items.filter(plan_id__in=plan_ids)
        indicators = indicators.filter(plan_id__in=plan_ids)
        logs = logs.filter(responsibility__item__plan_id__in=plan_ids)
        scope = scope.filter(plan_id__in=plan_ids)
    log_text: dict[int, list[str]] = {}
    for item_id, unit, text in logs.values_list(
        "responsibility__item_id", "responsibility__org_unit__name", "text"
    ):
        log_text.setdefault(item_id, []).extend([unit, text])
    rows: list[dict[str, Any]] = []
    for item in items.select_related("parent").order_by("pk"):
        label = f"{item.get_level_display()} {item.code}".strip()
        if item.parent is not None:
            label += f" · {item.parent.get_level_display()} {item.parent.code}"
        body = " ".join([item.title, item.description, *log_text.get(item.pk, [])])
        rows.append(_entry(SearchEntry.Kind.ITEM, item.pk, item.plan_id, item.title, label, body))
    for indicator in indicators.order_by("pk"):
        body = " ".join([indicator.name, indicator.table_title, *indicator.group_path])
        label = f"Indicatore {indicator.code}".strip()
        rows.append(
            _entry(
                SearchEntry.Kind.INDICATOR,
                indicator.pk,
                indicator.plan_id,
                indicator.name,
                label,
                body,
            )
        )
    sync_rows(scope, ["kind", "object_id"], rows, counts)
    return counts


def remove_orphan_entries(counts: SyncCounts) -> None:
    """Delete the entries whose item or indicator is gone."""
    for kind, model in [
        (SearchEntry.Kind.ITEM, PlanItem),
        (SearchEntry.Kind.INDICATOR, Indicator),
    ]:
        orphans = SearchEntry.objects.filter(kind=kind).exclude(
            object_id__in=model._default_manager.values("pk")
        )
        _, deleted = orphans.delete()
        for label, number in deleted.items():
            counts.count(label, deleted=number)


def _entry(
    kind: str, object_id: int, plan_id: int, title: str, label: str, body: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "object_id": object_id,
        "plan_id": plan_id,
        "title": title,
        "label": label[:120],
        "title_stems": _as_field(stem_text(title)),
        "stems": _as_field(stem_text(f"{title} {body}")),
    }


@dataclass(frozen=True)
class SearchResult:
    entry: SearchEntry
    in_title: bool


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to, as the page's query string says it."""

    ente: str = ""  # Ente.code
    plan: int | None = None
    kind: str = ""  # SearchEntry.Kind


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]  # this page's
    total: int  # every match, however many pages
    page: int
    pages: int
    enti: list[Facet]
    plans: list[Facet]
    kinds: list[Facet]


PAGE_SIZE = 25
# Plan items (what the plans say they will do) before the indicators that measure them.
KIND_ORDER = {SearchEntry.Kind.ITEM: 0, SearchEntry.Kind.INDICATOR: 1}


def search(query: str) -> list[SearchResult]:
    """Every entry whose text holds every word of `query` (stemmed), best first."""
    stems = stem_text(query)
    return _ranked(_matches(stems), stems)


def search_page(query: str, filters: SearchFilters, page: int = 1) -> SearchPage:
    """One page of the results of `query` narrowed by `filters`, with the counts of every
    ente, plan and kind among all the matches (the facets), so none is hidden by a page."""
    stems = stem_text(query)
    matches = _matches(stems)
    facets = list(matches.values_list("plan__ente__code", "plan__ente__name", "plan_id", "kind"))
    if filters.ente:
        matches = matches.filter(plan__ente__code=filters.ente)
    if filters.plan is not None:
        matches = matches.filter(plan_id=filters.plan)
    if filters.kind:
        matches = matches.filter(kind=filters.kind)
    ranked = _ranked(matches, stems)
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    plans = {
        plan.pk: plan
        for plan in Plan.objects.filter(pk__in={plan for _, _, plan, _ in facets}).select_related(
            "ente"
        )
    }
    return SearchPage(
        results=ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(ranked),
        page=page,
        pages=pages,
        enti=_facet((code, name) for code, name, _, _ in facets),
        plans=_facet(
            (str(plan), f"{plans[plan].title} ({plans[plan].ente.name})")
            for _, _, plan, _ in facets
        ),
        kinds=_facet((kind, str(SearchEntry.Kind(kind).label)) for _, _, _, kind in facets),
    )


def _facet(values: Iterable[tuple[str, str]]) -> list[Facet]:
    counts = Counter(values)
    return [
        Facet(value, label, count)
        for (value, label), count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0][1]))
    ]


def _matches(stems: list[str]) -> QuerySet[SearchEntry]:
    if not stems:
        return SearchEntry.objects.none()
    condition = Q()
    for stem in stems:
        condition &= Q(stems__contains=f" {stem} ")
    return SearchEntry.objects.filter(condition).select_related("plan__ente")


def _ranked(matches: QuerySet[SearchEntry], stems: list[str]) -> list[SearchResult]:
    """Entries whose title holds every word first, then plan items before indicators."""
    results = [
        SearchResult(entry, all(f" {stem} " in entry.title_stems for stem in stems))
        for entry in matches.order_by("pk")
    ]
    results.sort(
        key=lambda result: (
            not result.in_title,
            KIND_ORDER.get(SearchEntry.Kind(result.entry.kind), 9),
            result.entry.pk,
        )
    )
    return results
