"""Writing links between plans without undoing what a user entered.

Loaders write the links a document states and the traceability rules the links
they derive, each by natural-key sync over the links it owns. A link a user
entered or edited in the admin (origin `user`) is owned by no import and no
rule: it is never updated or deleted by them, and a row they would write with
the same natural key (from, to, kind) is left out, the user's link standing for it.
A link a user removed in the admin (a `LinkRejection`) is left out the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cruscotto.core.models import SourceDocument
from cruscotto.core.services.ownership import sync_stated_rows
from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.plans.models import Link, LinkRejection

LINK_KEY = ["from_item_id", "to_item_id", "kind"]


def user_link_keys() -> set[tuple[int, int, str]]:
    """Return (from, to, kind) of every link a user entered or removed: a handful, two queries."""
    entered = Link.objects.filter(origin=Link.Origin.USER).values_list(
        "from_item_id", "to_item_id", "kind"
    )
    removed = LinkRejection.objects.values_list("from_item_id", "to_item_id", "kind")
    return set(entered) | set(removed)


def sync_links(
    scope: QuerySet[Link],
    rows: Iterable[Mapping[str, Any]],
    counts: SyncCounts,
    owner: SourceDocument | None = None,
) -> dict[tuple[Any, ...], int]:
    """Make the links of `scope`, users' excepted, equal to `rows`, the keys users hold left out.

    With an `owner`, only the links that document states are synchronised (a
    document's links); without, the whole scope (a rule's derived links).
    """
    held = user_link_keys()
    scope = scope.exclude(origin=Link.Origin.USER)
    wanted = [row for row in rows if tuple(row[field] for field in LINK_KEY) not in held]
    if owner is None:
        return sync_rows(scope, LINK_KEY, wanted, counts)
    return sync_stated_rows(scope, LINK_KEY, wanted, counts, owner)


def reject_link(link: Link, actor: str) -> None:
    """Record that a user removed `link` (or moved it elsewhere), unless it was the user's own."""
    if link.origin == Link.Origin.USER:
        return
    LinkRejection.objects.get_or_create(
        from_item_id=link.from_item_id,
        to_item_id=link.to_item_id,
        kind=link.kind,
        defaults={"origin": link.origin, "rejected_by": actor, "rejected_at": timezone.now()},
    )
