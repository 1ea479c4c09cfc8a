"""A user's change to a record a document stated: recorded, and never undone by an import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, router
from django.db.models.deletion import Collector
from django.utils import timezone

from cruscotto.core.models import AuditEntry, UserEdit

# Where a record was read and how it is ordered are the import's to say.
NOT_USER_FIELDS = frozenset({"id", "source_document_id", "source_line"})


def field_values(instance: models.Model) -> dict[str, Any]:
    """The record's values by attname."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in NOT_USER_FIELDS
    }


def record_user_edit(
    instance: models.Model, before: Mapping[str, Any], actor: str, reason: str = ""
) -> int:
    """Record the fields `actor` changed on `instance` (its values before given); return how many.

    Writes one `UserEdit` per field and one audit entry, in the caller's transaction;
    `reason` says why or where (the admin, a campaign), for the history.
    """
    after = field_values(instance)
    changed = [name for name, value in after.items() if before.get(name) != value]
    if not changed:
        return 0
    now = timezone.now()
    label = instance._meta.label_lower
    UserEdit.objects.bulk_create(
        UserEdit(
            at=now,
            actor=actor,
            model=label,
            object_id=instance.pk,
            field=name,
            before=before.get(name),
            after=after[name],
            reason=reason,
        )
        for name in changed
    )
    AuditEntry.objects.create(
        at=now,
        actor=actor,
        action=AuditEntry.Action.RECORD_EDITED,
        summary=f"Modificato {instance._meta.verbose_name} «{str(instance)[:80]}»: {', '.join(changed)}",
        details={
            "model": label,
            "object_id": instance.pk,
            "before": {name: _as_json(before.get(name)) for name in changed},
            "after": {name: _as_json(after[name]) for name in changed},
            "reason": reason,
        },
    )
    return len(changed)


def deleted_records(collector: Collector) -> dict[type[models.Model], set[models.Model]]:
    """What a collected deletion deletes, by model: the records the collector loaded and
    those it would delete by query without loading them (its "fast deletes")."""
    found: dict[type[models.Model], set[models.Model]] = defaultdict(set)
    for model, records in collector.data.items():
        found[model].update(records)
    for queryset in collector.fast_deletes:
        found[queryset.model].update(queryset)
    return found


def record_deletion(instances: Iterable[models.Model], actor: str, reason: str = "") -> int:
    """Record, before they are deleted, the values of `instances` and of every record their
    deletion cascades to: one audit entry (its `details["records"]` lists each record's
    model, id and values), in the caller's transaction. Return how many records it lists."""
    instances = list(instances)
    if not instances:
        return 0
    collector = Collector(using=router.db_for_write(type(instances[0])))
    collector.collect(instances)
    records = [
        {
            "model": model._meta.label_lower,
            "object_id": record.pk,
            "label": str(record)[:200],
            "before": {name: _as_json(value) for name, value in field_values(record).items()},
        }
        for model, found in deleted_records(collector).items()
        for record in sorted(found, key=lambda record: record.pk)
    ]
    first = instances[0]
    names = ", ".join(f"«{str(instance)[:60]}»" for instance in instances[:3])
    more = f" e altri {len(instances) - 3}" if len(instances) > 3 else ""
    AuditEntry.objects.create(
        at=timezone.now(),
        actor=actor,
        action=AuditEntry.Action.RECORD_DELETED,
        summary=f"Eliminato {first._meta.verbose_name} {names}{more}"
        + (
            f" (con {len(records) - len(instances)} dati collegati)"
            if len(records) > len(instances)
            else ""
        ),
        details={"records": records, "reason": reason},
    )
    return len(records)


def _as_json(value: Any) -> Any:
    return (
        value
        if value is None or isinstance(value, (bool, int, float, str, list, dict))
        else str(value)
    )


@dataclass(frozen=True)
class UserValueKept:
    """An import found a field a user changed: the user's value stays."""

    line: int | None
    model: str
    field: str
    user_value: Any
    document_value: Any
    actor: str


def held_fields(model: type[models.Model]) -> dict[int, dict[str, str]]:
    """The fields users changed, by record: pk → attname → who changed it last."""
    held: dict[int, dict[str, str]] = defaultdict(dict)
    edits = UserEdit.objects.filter(model=model._meta.label_lower).order_by("at", "id")
    for object_id, field, actor in edits.values_list("object_id", "field", "actor"):
        held[object_id][field] = actor
    return held


def keep_user_values(
    scope: models.QuerySet[Any],
    key_fields: list[str],
    rows: Iterable[Mapping[str, Any]],
    kept: list[UserValueKept],
) -> tuple[list[Mapping[str, Any]], set[int]]:
    """Return `rows` with the users' values in the fields they changed, and the records of
    `scope` users changed that no row matches (an import must not delete them).

    Each field where the document says otherwise is appended to `kept`, for the import to report.
    """
    rows = list(rows)
    held = held_fields(scope.model)
    if not held:
        return rows, set()
    fields = sorted({field for fields in held.values() for field in fields})
    current = {
        tuple(values[f] for f in key_fields): values
        for values in scope.filter(pk__in=list(held)).values("pk", *key_fields, *fields)
    }
    result = []
    for row in rows:
        values = current.pop(tuple(row[f] for f in key_fields), None)
        if values is None:
            result.append(row)
            continue
        row = dict(row)
        for field, actor in held[values["pk"]].items():
            if field in row and row[field] != values[field]:
                kept.append(
                    UserValueKept(
                        row.get("source_line"),
                        scope.model._meta.verbose_name,
                        field,
                        values[field],
                        row[field],
                        actor,
                    )
                )
                row[field] = values[field]
        result.append(row)
    return result, {values["pk"] for values in current.values()}
