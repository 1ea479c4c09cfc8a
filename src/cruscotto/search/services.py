"""Full-text search across plan items and indicators, with Italian stemming.

Stemming is done in Python (Snowball's Italian stemmer) and the stems are
stored in `SearchEntry`, so the same search works on SQLite and PostgreSQL:
"scuole" finds "scuola" and "scolastiche" does not drown the results.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db.models import Q

from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.indicators.models import Indicator
from cruscotto.plans.models import LogEntry, PlanItem
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
MAX_RESULTS = 100


@lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    """Return the accent-free Italian stem of one lower-case word."""
    stem = _STEMMER.stemWord(word)
    return "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))


def stem_text(text: str) -> list[str]:
    """Return the distinct stems of `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        stem = stem_word(word)
        if stem not in _STOP_STEMS and len(stem) > 1:
            seen.setdefault(stem, None)
    return list(seen)


def _as_field(stems: list[str]) -> str:
    return " " + " ".join(sorted(stems)) + " "


def refresh_search_index(counts: SyncCounts | None = None) -> SyncCounts:
    """Bring the index in line with the plan items and indicators in the database."""
    counts = counts or SyncCounts()
    log_text: dict[int, list[str]] = {}
    for item_id, unit, text in LogEntry.objects.values_list(
        "responsibility__item_id", "responsibility__org_unit__name", "text"
    ):
        log_text.setdefault(item_id, []).extend([unit, text])
    rows: list[dict[str, Any]] = []
    for item in PlanItem.objects.select_related("parent").order_by("pk"):
        label = f"{item.get_level_display()} {item.code}".strip()
        if item.parent is not None:
            label += f" · {item.parent.get_level_display()} {item.parent.code}"
        body = " ".join([item.title, item.description, *log_text.get(item.pk, [])])
        rows.append(_entry(SearchEntry.Kind.ITEM, item.pk, item.plan_id, item.title, label, body))
    for indicator in Indicator.objects.order_by("pk"):
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
    sync_rows(SearchEntry.objects.all(), ["kind", "object_id"], rows, counts)
    return counts


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


def search(query: str) -> list[SearchResult]:
    """Return the entries whose text holds every word of `query` (stemmed), title matches first."""
    stems = stem_text(query)
    if not stems:
        return []
    condition = Q()
    for stem in stems:
        condition &= Q(stems__contains=f" {stem} ")
    entries = SearchEntry.objects.filter(condition).select_related("plan__ente").order_by("pk")
    results = [
        SearchResult(entry, all(f" {stem} " in entry.title_stems for stem in stems))
        for entry in entries[: MAX_RESULTS * 5]
    ]
    results.sort(key=lambda result: (not result.in_title, result.entry.kind, result.entry.pk))
    return results[:MAX_RESULTS]
