"""Natural-key synchronisation: make a scope of rows equal to a desired list.

Loaders describe what a document says as plain dicts keyed by natural keys;
`sync_rows` creates what is missing, updates what differs and deletes what the
document no longer says, in three bulk statements. A row that is already as
desired is not written at all, which is what makes a second import of the same
file change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)

BATCH_SIZE = 500


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def add(self, other: SyncCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def sync_rows(
    scope: models.QuerySet[ModelT],
    key_fields: Sequence[str],
    desired_rows: Iterable[Mapping[str, Any]],
    counts: SyncCounts,
    delete_missing: bool = True,
) -> dict[tuple[Any, ...], ModelT]:
    """Make the rows of `scope` match `desired_rows`; return every desired row's instance by key.

    Each desired row is a mapping of field (attname, e.g. "plan_id") to value and
    must contain the `key_fields`. Rows of `scope` whose key is not desired are
    deleted unless `delete_missing` is false (for shared rows such as org units).
    """
    model = scope.model
    existing = {tuple(getattr(obj, field) for field in key_fields): obj for obj in scope}
    result: dict[tuple[Any, ...], ModelT] = {}
    to_create: list[ModelT] = []
    to_update: list[ModelT] = []
    changed_fields: set[str] = set()
    for row in desired_rows:
        key = tuple(row[field] for field in key_fields)
        if key in result:
            raise ValueError(f"{model.__name__}: duplicate natural key {key!r}")
        instance = existing.pop(key, None)
        if instance is None:
            instance = model(**row)
            to_create.append(instance)
        else:
            differing = [field for field, value in row.items() if getattr(instance, field) != value]
            if differing:
                for field in differing:
                    setattr(instance, field, row[field])
                changed_fields.update(differing)
                to_update.append(instance)
        result[key] = instance
    if delete_missing and existing:
        model._default_manager.filter(pk__in=[obj.pk for obj in existing.values()]).delete()
        counts.deleted += len(existing)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
        counts.updated += len(to_update)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
        counts.created += len(to_create)
    return result
