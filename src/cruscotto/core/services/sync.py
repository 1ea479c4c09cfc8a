"""Natural-key synchronisation: make a scope of rows equal to a desired list.

Loaders describe what a document says as plain dicts keyed by natural keys;
`sync_rows` creates what is missing, updates what differs and deletes what the
document no longer says. A row that is already as desired is not written at
all, which is what makes a second import of the same file change nothing.

It works on plain values rather than model instances: building thousands of
instances costs more than the SQL itself, and an import of a few thousand
rows must stay well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

BATCH_SIZE = 500

# Fields whose Python value is already what both SQLite and PostgreSQL take:
# skipping their per-value preparation saves most of an import's Python time.
PLAIN_FIELD_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def prepare_value(field: models.Field[Any, Any], value: Any, connection: Any) -> Any:
    """Return `value` as the database driver takes it for `field`."""
    if value is None or field.get_internal_type() in PLAIN_FIELD_TYPES:
        return value
    return field.get_db_prep_save(value, connection)


@dataclass
class ModelCounts:
    """The rows of one model an import created, updated and deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


# Where counts go that a caller adds to the totals without naming a model
# (`counts.created += 1`): kept so that every total still adds up.
UNNAMED_MODEL = "altro"


def model_label(model: type[models.Model] | str) -> str:
    """The label counts are kept under: "plans.PlanItem"."""
    return model if isinstance(model, str) else model._meta.label


class SyncCounts:
    """What an import wrote, by model ("plans.PlanItem" → created, updated, deleted).

    `created`, `updated`, `deleted` and `changed` are the totals over every model;
    rows deleted by a cascade are counted under their own model.
    """

    def __init__(self) -> None:
        self.by_model: dict[str, ModelCounts] = {}

    def count(
        self,
        model: type[models.Model] | str,
        created: int = 0,
        updated: int = 0,
        deleted: int = 0,
    ) -> None:
        """Add rows of `model` to the counts."""
        if not (created or updated or deleted):
            return
        counts = self.by_model.setdefault(model_label(model), ModelCounts())
        counts.created += created
        counts.updated += updated
        counts.deleted += deleted

    def add(self, other: SyncCounts) -> None:
        for label, counts in other.by_model.items():
            self.count(label, counts.created, counts.updated, counts.deleted)

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.by_model.values())

    @created.setter
    def created(self, total: int) -> None:
        self.count(UNNAMED_MODEL, created=total - self.created)

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.by_model.values())

    @updated.setter
    def updated(self, total: int) -> None:
        self.count(UNNAMED_MODEL, updated=total - self.updated)

    @property
    def deleted(self) -> int:
        return sum(counts.deleted for counts in self.by_model.values())

    @deleted.setter
    def deleted(self, total: int) -> None:
        self.count(UNNAMED_MODEL, deleted=total - self.deleted)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def as_json(self) -> dict[str, dict[str, int]]:
        """The counts by model label, models in alphabetical order, zeros left out."""
        return {
            label: {
                name: value
                for name, value in [
                    ("created", counts.created),
                    ("updated", counts.updated),
                    ("deleted", counts.deleted),
                ]
                if value
            }
            for label, counts in sorted(self.by_model.items())
            if counts.changed
        }

    def __repr__(self) -> str:
        return f"SyncCounts({self.as_json()!r})"


class DuplicateNaturalKey(ValueError):
    """Two desired rows share a natural key: the document names one record twice."""


def sync_rows(
    scope: models.QuerySet[Any],
    key_fields: Sequence[str],
    desired_rows: Iterable[Mapping[str, Any]],
    counts: SyncCounts,
    delete_missing: bool = True,
) -> dict[tuple[Any, ...], int]:
    """Make the rows of `scope` match `desired_rows`; return every desired row's primary key by key.

    Each desired row maps field attnames ("plan_id", "title" …) to values, all
    rows the same fields, including the `key_fields`. Rows of `scope` whose key
    is not desired are deleted (with Django's cascades, counted by model) unless
    `delete_missing` is false. Two desired rows with one key raise DuplicateNaturalKey. Fields a row leaves out get their model default on creation.
    """
    model = scope.model
    rows = list(desired_rows)
    fields = list(rows[0]) if rows else list(key_fields)
    existing = {
        tuple(values[field] for field in key_fields): values
        for values in scope.values("pk", *fields)
    }
    result: dict[tuple[Any, ...], int] = {}
    to_create: list[Mapping[str, Any]] = []
    to_update: list[tuple[int, Mapping[str, Any]]] = []
    for row in rows:
        key = tuple(row[field] for field in key_fields)
        if key in result:
            raise DuplicateNaturalKey(
                f"{model.__name__}: chiave naturale ripetuta {key!r} (duplicate natural key)"
            )
        current = existing.pop(key, None)
        if current is None:
            to_create.append(row)
            result[key] = 0  # filled in after the insert
        else:
            if any(current[field] != value for field, value in row.items()):
                to_update.append((current["pk"], row))
            result[key] = current["pk"]
    if delete_missing and existing:
        stale = [values["pk"] for values in existing.values()]
        for start in range(0, len(stale), BATCH_SIZE):
            # Django's delete() follows the cascades and counts what it removed, by model.
            _, deleted = model._default_manager.filter(
                pk__in=stale[start : start + BATCH_SIZE]
            ).delete()
            for label, number in deleted.items():
                counts.count(label, deleted=number)
    if to_update:
        update_rows(model, scope.db, fields, to_update)
        counts.count(model, updated=len(to_update))
    result.update(create_rows(scope, key_fields, to_create, counts))
    return result


def create_rows(
    scope: models.QuerySet[Any],
    key_fields: Sequence[str],
    rows: list[Mapping[str, Any]],
    counts: SyncCounts,
) -> dict[tuple[Any, ...], int]:
    """INSERT `rows` into `scope`'s table; return each new row's primary key by its key."""
    if not rows:
        return {}
    model = scope.model
    pks = insert_rows(model, scope.db, rows)
    counts.count(model, created=len(rows))
    if len(pks) == len(rows):
        return {
            tuple(row[field] for field in key_fields): pk for row, pk in zip(rows, pks, strict=True)
        }
    # A database that cannot return the new keys: read them back from the scope.
    created_keys = {tuple(row[field] for field in key_fields) for row in rows}
    created: dict[tuple[Any, ...], int] = {}
    for values in scope.values("pk", *key_fields):
        key = tuple(values[field] for field in key_fields)
        if key in created_keys:
            created[key] = values["pk"]
    return created


def insert_rows(model: type[models.Model], using: str, rows: list[Mapping[str, Any]]) -> list[int]:
    """INSERT `rows`, values prepared by the model's fields (one executemany per batch on
    SQLite, one statement on PostgreSQL); return the new primary keys in the order of `rows`
    (none where the database cannot return them)."""
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    # Each field's default and whether its value needs preparing, worked out once per
    # table rather than once per value: the per-value checks cost more than the SQL.
    plan = [
        (field, field.attname, field.get_default(), field.get_internal_type() in PLAIN_FIELD_TYPES)
        for field in fields
    ]
    params: list[list[Any]] = []
    for row in rows:
        row_params = []
        for field, attname, default, plain in plan:
            value = row.get(attname, default)
            row_params.append(
                value if plain or value is None else field.get_db_prep_save(value, connection)
            )
        params.append(row_params)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            one_row = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({one_row})"
            for start in range(0, len(params), BATCH_SIZE):
                cursor.executemany(sql, params[start : start + BATCH_SIZE])
            return []
        # On PostgreSQL, one INSERT … SELECT FROM UNNEST of one array per column (as Django's
        # bulk_create does), returning the new keys in the arrays' order: the statement stays
        # short whatever the number of rows, where a VALUES list made psycopg parse a
        # placeholder per value in Python, longer than the server took to insert the rows
        # (the Turin report's load: 1.10 s with VALUES lists of 500 rows, 0.75 s so).
        pk_column = connection.ops.quote_name(str(model._meta.pk.column))
        arrays = ", ".join(f"(%s)::{array_type(field, connection)}" for field in fields)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays}) RETURNING {pk_column}",
            [list(column) for column in zip(*params, strict=True)],
        )
        return [pk for (pk,) in cursor.fetchall()]


def array_type(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> str:
    """The PostgreSQL type of an array of `field`'s values: its column's type without the
    length (varchar[], not varchar(200)[]), as Django's own UNNEST inserts write it."""
    column_type = field.db_type(connection)
    assert column_type is not None, field  # a concrete field has a column
    return column_type.split("(")[0] + "[]"


def update_rows(
    model: type[models.Model],
    using: str,
    field_names: list[str],
    rows: list[tuple[int, Mapping[str, Any]]],
) -> None:
    """UPDATE every field of `field_names` of each (pk, row), with one executemany."""
    connection = connections[using]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in field_names if not by_attname[name].primary_key]
    assignments = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pk_column = connection.ops.quote_name(str(by_attname["id"].column))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"
    params = [
        [prepare_value(f, row[f.attname], connection) for f in fields] + [pk] for pk, row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
