"""Full-text search across plan items and indicators, with Italian stemming.

Stemming is done in Python (Snowball's Italian stemmer) and the stems are
stored in `SearchEntry`, so the same search works on SQLite and PostgreSQL:
"scuole" finds "scuola" and "scolastiche" does not drown the results.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlencode

import snowballstemmer
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from cruscotto.core.services.sync import UNNAMED_MODEL, SyncCounts, sync_rows
from cruscotto.domain.text import ascii_int, strip_accents
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import (
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    StatusReport,
    Term,
)
from cruscotto.search.models import SearchEntry
from cruscotto.search.postgresql import StemsMatch

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
    return strip_accents(stem)


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
    "plans.StatusReport",
    "indicators.Indicator",
    "indicators.Measurement",
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
    # Unordered: the models' orderings would join the plans only to sort a DISTINCT.
    for queryset in [
        Plan.objects.filter(source_document_id=document_id).values_list("pk", flat=True),
        PlanItem.objects.filter(source_document_id=document_id).values_list("plan_id", flat=True),
        Indicator.objects.filter(source_document_id=document_id).values_list("plan_id", flat=True),
        # The responsibilities of the document's log first, then their plans: joined in one
        # query, PostgreSQL hashed every ente's responsibilities to find a handful.
        Responsibility.objects.filter(
            pk__in=list(
                LogEntry.objects.filter(source_document_id=document_id)
                .order_by()
                .values_list("responsibility_id", flat=True)
                .distinct()
            )
        ).values_list("item__plan_id", flat=True),
    ]:
        plans.update(queryset.order_by().distinct())
    return plans


def refresh_search_index(
    counts: SyncCounts | None = None,
    *,
    plan_ids: Collection[int] | None = None,
    ente_ids: Collection[int] = (),
) -> SyncCounts:
    """Bring the index in line with the plan items and indicators in the database.

    With `plan_ids`, only the entries of those plans are rebuilt, and the entries
    of the enti of those plans (and of `ente_ids`) whose record no longer exists
    are removed: what an import of one document needs, in a fraction of the time,
    without reading the entries of the other enti.
    """
    counts = counts or SyncCounts()
    items = PlanItem.objects.all()
    indicators = Indicator.objects.all()
    logs = LogEntry.objects.all()
    scope = SearchEntry.objects.all()
    if plan_ids is not None:
        enti = {*ente_ids, *Plan.objects.filter(pk__in=plan_ids).values_list("ente_id", flat=True)}
        remove_orphan_entries(counts, Plan.objects.filter(ente_id__in=enti))
        items = items.filter(plan_id__in=plan_ids)
        indicators = indicators.filter(plan_id__in=plan_ids)
        logs = logs.filter(responsibility__item__plan_id__in=plan_ids)
        scope = scope.filter(plan_id__in=plan_ids)
    log_text: dict[int, list[str]] = {}
    years: dict[tuple[str, int], set[int]] = defaultdict(set)
    for item_id, unit, text, year_from, year_to in logs.values_list(
        "responsibility__item_id", "responsibility__org_unit__name", "text", "year_from", "year_to"
    ):
        log_text.setdefault(item_id, []).extend([unit, text])
        if year_from is not None:
            years[(SearchEntry.Kind.ITEM, item_id)].update(
                range(year_from, (year_to or year_from) + 1)
            )
    # The years and statuses below are gathered into sets: read unordered, since the models'
    # orderings join the plans (and every ente's indicators) only to sort them.
    reports = StatusReport.objects.filter(responsibility__item__in=items).order_by()
    for item_id, year in reports.values_list("responsibility__item_id", "year"):
        years[(SearchEntry.Kind.ITEM, item_id)].add(year)
    measured = (
        Measurement.objects.filter(indicator__in=indicators)
        .exclude(value_type=Measurement.ValueType.MISSING)
        .order_by()
    )
    for indicator_id, year in measured.values_list("indicator_id", "year").distinct():
        years[(SearchEntry.Kind.INDICATOR, indicator_id)].add(year)
    statuses: dict[int, set[str]] = defaultdict(set)
    for item_id, status in (
        Responsibility.objects.filter(
            item__in=items, role=Responsibility.Role.RESPONSIBLE, status__isnull=False
        )
        .order_by()
        .values_list("item_id", "status__code")
        .distinct()
    ):
        statuses[item_id].add(status)
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=plan_ids)
    plan_years = {plan.pk: _plan_years(plan) for plan in plans}
    rows: list[dict[str, Any]] = []
    for item in items.select_related("parent").order_by("pk"):
        label = f"{item.get_level_display()} {item.code}".strip()
        if item.parent is not None:
            label += f" · {item.parent.get_level_display()} {item.parent.code}"
        body = " ".join([item.description, *log_text.get(item.pk, [])])
        rows.append(
            _entry(
                SearchEntry.Kind.ITEM,
                item.pk,
                item.plan_id,
                item.title,
                label,
                body,
                years[(SearchEntry.Kind.ITEM, item.pk)] or plan_years.get(item.plan_id, set()),
                statuses[item.pk],
            )
        )
    for indicator in indicators.order_by("pk"):
        body = " ".join([indicator.table_title, *indicator.group_path])
        label = f"Indicatore {indicator.code}".strip()
        rows.append(
            _entry(
                SearchEntry.Kind.INDICATOR,
                indicator.pk,
                indicator.plan_id,
                indicator.name,
                label,
                body,
                years[(SearchEntry.Kind.INDICATOR, indicator.pk)]
                or plan_years.get(indicator.plan_id, set()),
                set(),
            )
        )
    sync_rows(scope, ["kind", "object_id"], rows, counts)
    return counts


def _plan_years(plan: Plan) -> set[int]:
    """The years of the plan's period, for a record that names no year of its own."""
    if plan.period_start is None:
        return set()
    return set(range(plan.period_start, (plan.period_end or plan.period_start) + 1))


def remove_orphan_entries(counts: SyncCounts, plans: QuerySet[Plan] | None = None) -> None:
    """Delete the entries whose item or indicator is gone: of every plan, or of `plans`."""
    for kind, model in [
        (SearchEntry.Kind.ITEM, PlanItem),
        (SearchEntry.Kind.INDICATOR, Indicator),
    ]:
        entries = SearchEntry.objects.filter(kind=kind)
        if plans is not None:
            # The plans' entries through the index on plan_id, each looked up by its record's
            # primary key: an import reads its ente's entries, not the whole index.
            entries = entries.filter(plan_id__in=list(plans.values_list("pk", flat=True)))
        orphans = entries.exclude(Exists(model._default_manager.filter(pk=OuterRef("object_id"))))
        _, deleted = orphans.delete()
        for label, number in deleted.items():
            counts.count(label, deleted=number)


def _entry(
    kind: str,
    object_id: int,
    plan_id: int,
    title: str,
    label: str,
    body: str,
    years: Iterable[int],
    statuses: Iterable[str],
) -> dict[str, Any]:
    return {
        "kind": kind,
        "object_id": object_id,
        "plan_id": plan_id,
        "title": title,
        "label": label[:120],
        "body": body,
        "title_stems": _as_field(stem_text(title)),
        "stems": _as_field(stem_text(f"{title} {body}")),
        "years": _as_field([str(year) for year in years]) if years else "",
        "statuses": _as_field(list(statuses)) if statuses else "",
    }


@dataclass(frozen=True)
class SearchResult:
    entry: SearchEntry
    in_title: bool
    # For a page's results only (search_page): the title and a snippet of the text with the
    # matched words marked, and the plan named so that two of the same title differ.
    title_html: SafeString = field(default_factory=lambda: SafeString(""))
    snippet_html: SafeString = field(default_factory=lambda: SafeString(""))
    plan_label: str = ""


# The page's query parameters, by filter.
FILTER_PARAMETERS = {
    "ente": "ente",
    "plan": "piano",
    "kind": "tipo",
    "year": "anno",
    "status": "stato",
}


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to, as the page's query string says it."""

    ente: str = ""  # Ente.code
    plan: int | None = None
    kind: str = ""  # SearchEntry.Kind
    year: int | None = None
    status: str = ""  # the code of a `stato` term

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> SearchFilters:
        """The filters a query string names; a value that cannot be one is no filter."""
        kind = query.get("tipo", "")
        status = query.get("stato", "").strip()
        return cls(
            ente=query.get("ente", "").strip()[:40],
            plan=ascii_int(query.get("piano", "")),
            kind=kind if kind in SearchEntry.Kind.values else "",
            year=ascii_int(query.get("anno", "")),
            status=status if _STATUS_CODE.fullmatch(status) else "",
        )

    def as_query(self, text: str, **changes: Any) -> str:
        """The page's query string for `text` with these filters, `changes` applied."""
        values = {name: getattr(self, name) for name in FILTER_PARAMETERS} | changes
        parameters = {"q": text} | {
            FILTER_PARAMETERS[name]: str(value) for name, value in values.items() if value
        }
        return urlencode(parameters)


_STATUS_CODE = re.compile(r"[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False
    query: str = ""  # the page's query string that selects it, or drops it when selected


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]  # this page's
    total: int  # every match, however many pages
    page: int
    pages: int
    enti: list[Facet]
    plans: list[Facet]
    kinds: list[Facet]
    years: list[Facet] = field(default_factory=list)
    statuses: list[Facet] = field(default_factory=list)
    # The enti and plans with matches that the facets do not list (see FACET_VALUES).
    more_enti: int = 0
    more_plans: int = 0


PAGE_SIZE = 25
SNIPPET_CHARS = 240
TITLE_CHARS = 200
# Plan items (what the plans say they will do) before the indicators that measure them.
KIND_ORDER = {SearchEntry.Kind.ITEM: 0, SearchEntry.Kind.INDICATOR: 1}


def search(query: str) -> list[SearchResult]:
    """Every entry whose text holds every word of `query` (stemmed), best first."""
    stems = stem_text(query)
    return _ranked(_matches(stems), stems)


@dataclass(frozen=True)
class _Group:
    """Matches alike in everything the facets count and the ranking reads: how many, and
    what they share."""

    count: int
    ente: tuple[str, str]  # code, name
    plan: int
    kind: str
    years: tuple[str, ...]
    statuses: tuple[str, ...]
    in_title: bool
    # The entries' own values that make the group, as stored (SearchEntry.years, .statuses).
    stored_years: str = ""
    stored_statuses: str = ""

    def failed_filters(self, filters: SearchFilters) -> set[str]:
        """The filters these matches do not pass."""
        failed = set()
        if filters.ente and self.ente[0] != filters.ente:
            failed.add("ente")
        if filters.plan is not None and self.plan != filters.plan:
            failed.add("plan")
        if filters.kind and self.kind != filters.kind:
            failed.add("kind")
        if filters.year is not None and str(filters.year) not in self.years:
            failed.add("year")
        if filters.status and filters.status not in self.statuses:
            failed.add("status")
        return failed

    def rank(self) -> tuple[int, int, int]:
        """Where its matches come in the results: in the title first, plan items before
        indicators, then by plan (and within a plan by entry)."""
        return (not self.in_title, KIND_ORDER.get(SearchEntry.Kind(self.kind), 9), self.plan)


def _entries_of(groups: Iterable[_Group]) -> Q:
    """The condition that selects the entries of `groups`: the filters are applied once, by
    `_Group.failed_filters`, and the page's entries read from the groups that passed."""
    condition = Q(pk__in=[])
    for plan, kind, years, statuses in {
        (group.plan, group.kind, group.stored_years, group.stored_statuses) for group in groups
    }:
        condition |= Q(plan_id=plan, kind=kind, years=years, statuses=statuses)
    return condition


# The enti and plans a facet lists: those with the most matches. The others are counted,
# not listed, so that a word found in hundreds of enti makes a page of the same size.
FACET_VALUES = 10
FACETS = ("ente", "plan", "kind", "year", "status")


def search_page(query: str, filters: SearchFilters, page: int = 1) -> SearchPage:
    """One page of the results of `query` narrowed by `filters`, with the facets: for ente,
    plan, kind, year and status, each value's count among the matches of the other filters,
    so that each count is what choosing it gives. The enti and plans with the most matches
    are listed (`FACET_VALUES`), the others counted in `more_enti`, `more_plans`.

    Five queries, whatever the number of matches: the matches counted by the database in
    groups alike for every facet and for the ranking (GROUP BY plan, kind, years, statuses
    and whether the title holds the words: a few groups per plan, not one row per match),
    the enti of the groups' plans, the page's entries (read from the plans the groups say
    they are in), the plans named on the page, the status names. Only the groups are read
    into Python, never every match.
    """
    stems = stem_text(query)
    matches = _matches(stems).order_by()
    # Entries whose title holds every word first (see _Group.rank).
    in_title = Q()
    for stem in stems:
        in_title &= Q(title_stems__contains=f" {stem} ")
    title_rank = Case(When(in_title, then=Value(0)), default=Value(1)) if stems else Value(1)
    # Grouped by plan alone (no join): each plan's ente is read with the plans, a few
    # hundred rows where the matches are thousands.
    rows = list(
        matches.annotate(title_rank=title_rank)
        .values_list("plan_id", "kind", "years", "statuses", "title_rank")
        .annotate(n=Count("pk"))
    )
    enti_of_plans = {
        plan: (code, name)
        for plan, code, name in Plan.objects.filter(pk__in={row[0] for row in rows}).values_list(
            "pk", "ente__code", "ente__name"
        )
    }
    groups = [
        _Group(
            n,
            enti_of_plans[plan],
            plan,
            kind,
            tuple(years.split()),
            tuple(statuses.split()),
            not rank,
            years,
            statuses,
        )
        for plan, kind, years, statuses, rank, n in rows
    ]
    # Each facet counts the groups that pass every filter but its own.
    counted: dict[str, list[_Group]] = {name: [] for name in FACETS}
    results: list[_Group] = []  # the groups that pass every filter
    for group in groups:
        failed = group.failed_filters(filters)
        if not failed:
            results.append(group)
            for name in FACETS:
                counted[name].append(group)
        elif len(failed) == 1:
            counted[failed.pop()].append(group)
    total = sum(group.count for group in results)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = _page_entries(matches, title_rank, results, page)
    enti_counts = _count(counted["ente"], lambda group: [group.ente])
    plan_counts = _count(counted["plan"], lambda group: [group.plan])
    listed_plans = sorted(plan_counts, key=lambda plan_id: (-plan_counts[plan_id], plan_id))
    listed_plans = listed_plans[:FACET_VALUES]
    chosen_plan = filters.plan
    if chosen_plan is not None and chosen_plan in plan_counts and chosen_plan not in listed_plans:
        listed_plans.append(chosen_plan)
    # Only the plans shown are read whole, to be named.
    plans = Plan.objects.select_related("ente").in_bulk(
        {*listed_plans, *(entry.plan_id for entry in shown)}
    )
    plan_labels = label_plans(list(plans.values()))
    status_names = dict(
        Term.objects.filter(taxonomy__code=STATUS_TAXONOMY).values_list("code", "name")
    )

    def facet(name: str, counts: Mapping[tuple[str, str], int]) -> list[Facet]:
        current = str(getattr(filters, name) or "")
        return [
            Facet(
                value,
                label,
                count,
                value == current,
                filters.as_query(query, **{name: "" if value == current else value}),
            )
            for (value, label), count in sorted(counts.items(), key=_facet_order(name))
        ]

    enti = _most_matched(enti_counts, filters.ente)
    return SearchPage(
        results=[
            _presented(SearchResult(entry, entry.title_rank == 0), stems, plan_labels)  # type: ignore[attr-defined]
            for entry in shown
        ],
        total=total,
        page=page,
        pages=pages,
        enti=facet("ente", enti),
        plans=facet(
            "plan",
            {
                (str(plan_id), plan_labels[plan_id]): plan_counts[plan_id]
                for plan_id in listed_plans
            },
        ),
        kinds=facet(
            "kind",
            {
                (kind, str(SearchEntry.Kind(kind).label)): n
                for kind, n in _count(counted["kind"], lambda group: [group.kind]).items()
            },
        ),
        years=facet(
            "year",
            {
                (year, year): n
                for year, n in _count(counted["year"], lambda group: group.years).items()
            },
        ),
        statuses=facet(
            "status",
            {
                (code, status_names[code]): n
                for code, n in _count(counted["status"], lambda group: group.statuses).items()
                if code in status_names
            },
        ),
        more_enti=len(enti_counts) - len(enti),
        more_plans=len(plan_counts) - len(listed_plans),
    )


def _page_entries(
    matches: QuerySet[SearchEntry],
    title_rank: Any,
    results: list[_Group],
    page: int,
) -> list[SearchEntry]:
    """The entries of page `page` of the results, ranked as _Group.rank says.

    The groups say how many results each plan has at each rank, so the page's entries are
    read from the plans that hold them only, with the offset of the page among those
    plans' results: the database reads a few plans' matches, not every match.
    """
    ranked: dict[tuple[int, int, int], int] = {}
    for group in results:
        ranked[group.rank()] = ranked.get(group.rank(), 0) + group.count
    first, last = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    position = 0
    on_page: list[tuple[int, int, int]] = []
    for rank, count in sorted(ranked.items()):
        if position < last and position + count > first:
            on_page.append(rank)
        position += count
    if not on_page:
        return []
    plans = {plan for _, _, plan in on_page}
    # The results of these plans that come before the page: the rank before the first on
    # the page, and the first's own before the page starts.
    before = sum(count for rank, count in ranked.items() if rank < on_page[0] and rank[2] in plans)
    before += first - sum(count for rank, count in ranked.items() if rank < on_page[0])
    return list(
        matches.filter(_entries_of(group for group in results if group.plan in plans))
        .annotate(
            title_rank=title_rank,
            kind_rank=Case(
                *[When(kind=kind, then=Value(rank)) for kind, rank in KIND_ORDER.items()],
                default=Value(9),
            ),
        )
        .defer("stems")
        .order_by("title_rank", "kind_rank", "plan_id", "pk")[before : before + PAGE_SIZE]
    )


FacetValue = TypeVar("FacetValue")


def _count(
    groups: list[_Group], values_of: Callable[[_Group], Iterable[FacetValue]]
) -> Counter[FacetValue]:
    """How many matches of `groups` have each value (a match of two years counts in each)."""
    counts: Counter[FacetValue] = Counter()
    for group in groups:
        for value in values_of(group):
            counts[value] += group.count
    return counts


def _most_matched(counts: Mapping[tuple[str, str], int], chosen: str) -> dict[tuple[str, str], int]:
    """The `FACET_VALUES` values with the most matches (by label on a tie), and the chosen one."""
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0][1]))
    kept = dict(ordered[:FACET_VALUES])
    kept.update({value: n for value, n in counts.items() if value[0] == chosen})
    return kept


STATUS_TAXONOMY = "stato"


def _facet_order(name: str) -> Callable[[tuple[tuple[str, str], int]], Any]:
    if name == "year":  # years read in time order, the latest first
        return lambda pair: -int(pair[0][0]) if pair[0][0].isdigit() else 0
    return lambda pair: (-pair[1], pair[0][1])


def label_plans(plans: list[Plan]) -> dict[int, str]:
    """Each plan's name as a result shows it: its title, its period where the title does not
    say it, its ente; where two are still alike, their kind and code too."""
    labels: dict[int, str] = {}
    for plan in plans:
        details = []
        period = plan.period_label
        if period and period.replace("–", "-") not in plan.title.replace("–", "-"):
            details.append(period)
        details.append(plan.ente.name)
        labels[plan.pk] = f"{plan.title} ({', '.join(details)})"
    repeated = Counter(labels.values())
    for plan in plans:
        if repeated[labels[plan.pk]] > 1:
            labels[plan.pk] = f"{labels[plan.pk][:-1]}, {plan.get_kind_display()} {plan.code})"
    return labels


def _presented(
    result: SearchResult, stems: list[str], plan_labels: Mapping[int, str]
) -> SearchResult:
    entry = result.entry
    return SearchResult(
        entry,
        result.in_title,
        highlight(Truncator(entry.title).chars(TITLE_CHARS), stems),
        highlight(snippet(entry.body, stems), stems),
        plan_labels[entry.plan_id],
    )


def highlight(text: str, stems: Collection[str]) -> SafeString:
    """`text`, HTML-escaped, with each word whose stem is one of `stems` in <mark>."""
    wanted = set(stems)
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if stem_word(match.group().lower()) in wanted:
            pieces.append(escape(text[last : match.start()]))
            pieces.append(format_html("<mark>{}</mark>", match.group()))
            last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def snippet(text: str, stems: Collection[str], length: int = SNIPPET_CHARS) -> str:
    """About `length` characters of `text` around its first word with one of `stems`
    (its start where none has), cut at spaces, with "…" where it was cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    wanted = set(stems)
    first = next(
        (m.start() for m in _WORD.finditer(text) if stem_word(m.group().lower()) in wanted), 0
    )
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _matches(stems: list[str]) -> QuerySet[SearchEntry]:
    if not stems:
        return SearchEntry.objects.none()
    condition = Q()
    for stem in stems:
        condition &= Q(stems__contains=f" {stem} ")
    entries = SearchEntry.objects.filter(condition)
    if connection.vendor == "postgresql":
        # The GIN index finds the candidates; the LIKE above keeps exactly SQLite's matches.
        entries = entries.filter(StemsMatch(stems))
    return entries.select_related("plan__ente")


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
