"""Writing links between plans without undoing what a user entered.

Loaders write the links a document states and the traceability rules the links
they derive, each by natural-key sync over the links it owns. A link a user
entered or edited in the admin (origin `user`) is owned by no import and no
rule: it is never updated or deleted by them, and a row they would write with
the same natural key (from, to, kind) is left out, the user's link standing for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.plans.models import Link

LINK_KEY = ["from_item_id", "to_item_id", "kind"]


def user_link_keys() -> set[tuple[int, int, str]]:
    """Return (from, to, kind) of every link a user entered: a handful, read in one query."""
    return set(
        Link.objects.filter(origin=Link.Origin.USER).values_list(
            "from_item_id", "to_item_id", "kind"
        )
    )


def sync_links(
    scope: QuerySet[Link], rows: Iterable[Mapping[str, Any]], counts: SyncCounts
) -> dict[tuple[Any, ...], int]:
    """Make the links of `scope`, users' excepted, equal to `rows`, users' keys left out."""
    held = user_link_keys()
    return sync_rows(
        scope.exclude(origin=Link.Origin.USER),
        LINK_KEY,
        [row for row in rows if tuple(row[field] for field in LINK_KEY) not in held],
        counts,
    )
