"""Documents own what they state: synchronise one document's statements, never another's.

A plan's items, indicators, links and tags are shared by the documents that print
them: the activity M01.P01.a is stated by the rendiconto of 2025 and by that of
2026; strategy 2.1 of the PSM by its monitoring and by the next edition's
preliminary report. `sync_stated_rows` is `sync_rows` for such records, on behalf
of one document (the owner):

- a desired row that exists is updated only where the owner may restate it: it
  stated it last, or the record was last stated by an earlier edition of the same
  series (same ente and format, an earlier year), or by a document that only cites
  the owner's records (`cited_by_formats`: the next edition's preliminary report
  restates PSM 2024-2026 as its previous edition; the monitoring words the plan,
  whichever was imported first). Otherwise the record keeps what the other
  document says, and the owner's own values are kept on its statement. A record
  stated in the words it already has is the earliest edition's that words it so
  (its provenance; each document's line is on its statement): a new edition
  rewrites only what it changes, and the import order does not matter;
- a record the owner stated and no longer states loses the owner's statement; it is
  deleted only when no other document states it and nothing another document or a
  user entered hangs on it (a user's link, a later report's status); otherwise it
  stays, absent from the owner's edition;
- records the owner never stated are not touched.

Each document's statement of a record keeps the line and, where the record reads
otherwise, the owner's values (`Statement.stated`), so what any edition said can be
printed again as it said it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.db import models, router
from django.db.models.deletion import Collector

from cruscotto.core.models import SourcedModel, SourceDocument, Statement, UserEdit
from cruscotto.core.services.sync import (
    DuplicateNaturalKey,
    SyncCounts,
    create_rows,
    sync_rows,
    update_rows,
)

# Where a record was read, not what it says: they differ between any two documents.
PROVENANCE_FIELDS = frozenset({"source_document_id", "source_line"})


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def may_restate(
    owner: SourceDocument,
    stated_by: SourceDocument | None,
    cited_by_formats: Collection[str] = (),
) -> bool:
    """Whether `owner` may rewrite a record whose current wording `stated_by` gave.

    Its own records, and those of an earlier edition of the same series: the
    rendiconto of 2026 words an activity as 2026 prints it; 2025's, imported
    afterwards, does not take it back. Those of the same ente's documents of
    `cited_by_formats`, which only cite the owner's records. A record with no
    document is a user's.
    """
    if stated_by is None:
        return False
    if stated_by.pk == owner.pk:
        return True
    if stated_by.format in cited_by_formats and stated_by.ente_id == owner.ente_id:
        return True
    same_series = stated_by.ente_id == owner.ente_id and stated_by.format == owner.format
    return (
        same_series
        and owner.reference_year is not None
        and (stated_by.reference_year or 0) <= owner.reference_year
    )


def comes_before(
    owner: SourceDocument, other: SourceDocument | None, cited_by_formats: Collection[str]
) -> bool:
    """Whether a record `other` states in `owner`'s words is `owner`'s: `owner` is an earlier
    edition of `other`'s series (same ente and format), or `other` only cites it."""
    if other is None or other.pk == owner.pk or other.ente_id != owner.ente_id:
        return False
    if other.format in cited_by_formats:
        return True
    return (
        other.format == owner.format
        and owner.reference_year is not None
        and other.reference_year is not None
        and owner.reference_year < other.reference_year
    )


def current_values(current: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    return {field: current[field] for field in fields}


def sync_stated_rows(
    scope: models.QuerySet[Any],
    key_fields: Sequence[str],
    desired_rows: Iterable[Mapping[str, Any]],
    counts: SyncCounts,
    owner: SourceDocument,
    protected: set[int] | frozenset[int] = frozenset(),
    cited_by_formats: Collection[str] = (),
) -> dict[tuple[Any, ...], int]:
    """Make `owner`'s statements within `scope` match `desired_rows`; return each row's pk by key.

    Rows map attnames to values and carry `source_document_id` and `source_line`
    (the owner's); see the module's docstring for what is updated and removed.
    Records in `protected` (a user changed them) are never deleted.
    """
    model = scope.model
    label = model_label(model)
    rows = list(desired_rows)
    fields = list(rows[0]) if rows else [*key_fields, "source_document_id"]
    existing = {
        tuple(values[field] for field in key_fields): values
        for values in scope.values("pk", *{*fields, "source_document_id"})
    }
    in_scope = {values["pk"] for values in existing.values()}
    stated_before = {
        object_id
        for object_id in Statement.objects.filter(document=owner, model=label).values_list(
            "object_id", flat=True
        )
        if object_id in in_scope
    }
    # Records read before statements were kept are their source document's.
    stated_before.update(
        values["pk"] for values in existing.values() if values["source_document_id"] == owner.pk
    )
    documents = SourceDocument.objects.in_bulk(
        {v["source_document_id"] for v in existing.values() if v["source_document_id"]}
    )
    result: dict[tuple[Any, ...], int] = {}
    to_create: list[Mapping[str, Any]] = []
    to_update: list[tuple[int, Mapping[str, Any]]] = []
    kept_by_others: dict[int, dict[str, Any]] = {}  # pk → the owner's values that differ
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        key = tuple(row[field] for field in key_fields)
        if key in seen:
            raise DuplicateNaturalKey(
                f"{model.__name__}: chiave naturale ripetuta {key!r} (duplicate natural key)"
            )
        seen.add(key)
        current = existing.get(key)
        if current is None:
            to_create.append(row)
            continue
        result[key] = current["pk"]
        differing = {
            field: value
            for field, value in row.items()
            if field not in PROVENANCE_FIELDS and current[field] != value
        }
        stated_by = documents.get(current["source_document_id"])
        provenance_differs = any(current[f] != row[f] for f in PROVENANCE_FIELDS if f in row)
        if may_restate(owner, stated_by, cited_by_formats) and (
            differing or (provenance_differs and stated_by is not None and stated_by == owner)
        ):
            to_update.append((current["pk"], row))
        elif not differing and comes_before(owner, stated_by, cited_by_formats):
            # The same words: the record is the earliest edition's that prints them so (or the
            # document's that it cites), in whatever order they are imported; each document's
            # line is on its statement.
            provenance = {f: row[f] for f in PROVENANCE_FIELDS if f in row}
            to_update.append((current["pk"], {**current_values(current, fields), **provenance}))
        elif not may_restate(owner, stated_by, cited_by_formats):
            kept_by_others[current["pk"]] = differing
    if to_update:
        keep_other_documents_wording(label, owner, existing, to_update)
        update_rows(model, scope.db, fields, to_update)
        counts.count(model, updated=len(to_update))
    result.update(create_rows(scope, key_fields, to_create, counts))
    line_of = {result[tuple(row[f] for f in key_fields)]: row.get("source_line") for row in rows}
    sync_rows(
        Statement.objects.filter(document=owner, model=label),
        ["document_id", "model", "object_id"],
        [
            {
                "document_id": owner.pk,
                "model": label,
                "object_id": pk,
                "line": line_of[pk],
                "stated": kept_by_others.get(pk, {}),
            }
            for pk in result.values()
        ],
        counts,
        delete_missing=False,  # the scope's other statements are the caller's other calls'
    )
    withdrawn = [pk for pk in stated_before if pk not in line_of and pk not in protected]
    remove_unstated(model, scope.db, withdrawn, owner, counts)
    return result


def keep_other_documents_wording(
    label: str,
    owner: SourceDocument,
    existing: Mapping[tuple[Any, ...], Mapping[str, Any]],
    updates: list[tuple[int, Mapping[str, Any]]],
) -> None:
    """Before `owner` rewrites records, store on the other documents' statements their own
    wording of every field that changes, so each still reads as its document said."""
    current_by_pk = {values["pk"]: values for values in existing.values()}
    statements = Statement.objects.filter(
        model=label, object_id__in=[pk for pk, _ in updates]
    ).exclude(document=owner)
    new_by_pk = dict(updates)
    changed = []
    for statement in statements:
        current = current_by_pk[statement.object_id]
        new = new_by_pk[statement.object_id]
        as_stated = {**{f: v for f, v in current.items() if f in new}, **statement.stated}
        stated = {
            field: value
            for field, value in as_stated.items()
            if field not in PROVENANCE_FIELDS and field != "pk" and new.get(field) != value
        }
        if stated != statement.stated:
            statement.stated = stated
            changed.append(statement)
    Statement.objects.bulk_update(changed, ["stated"])


def remove_unstated(
    model: type[models.Model],
    using: str,
    withdrawn: list[int],
    owner: SourceDocument,
    counts: SyncCounts,
) -> None:
    """Drop `owner`'s statements of `withdrawn`; delete the records nobody else holds.

    A record stays (absent from the owner's edition) while another document states
    it, or while deleting it would take with it a record another document or a user
    stated: Django's deletion collector names everything a delete would cascade to.
    """
    if not withdrawn:
        return
    label = model_label(model)
    Statement.objects.filter(document=owner, model=label, object_id__in=withdrawn).delete()
    still_stated = set(
        Statement.objects.filter(model=label, object_id__in=withdrawn).values_list(
            "object_id", flat=True
        )
    )
    candidates = [pk for pk in withdrawn if pk not in still_stated]
    if not candidates:
        return
    # One collection of the cascade serves the check, the statements' cleanup and the delete.
    collector = cascade_of(model, using, candidates)
    records = collected_records(collector)
    if not cascade_is_owned(records, using, owner):
        # find, record by record, which ones another's data hangs on
        deletable = [
            pk
            for pk in candidates
            if cascade_is_owned(collected_records(cascade_of(model, using, [pk])), using, owner)
        ]
        if not deletable:
            return
        collector = cascade_of(model, using, deletable)
        records = collected_records(collector)
    for cascaded_model, pks in records.items():
        Statement.objects.filter(model=model_label(cascaded_model), object_id__in=pks).delete()
    # The collector deletes what it collected, following the cascades, and counts it by model.
    _, deleted = collector.delete()
    for label, number in deleted.items():
        counts.count(label, deleted=number)


def cascade_of(model: type[models.Model], using: str, pks: list[int]) -> Collector:
    """Django's deletion collector, holding every record deleting `pks` would delete."""
    collector = Collector(using=using or router.db_for_write(model))
    collector.collect(list(model._default_manager.using(using).filter(pk__in=pks)))
    return collector


def collected_records(collector: Collector) -> dict[type[Any], list[int]]:
    """The primary keys of the records `collector` would delete, by model."""
    found: dict[type[Any], list[int]] = defaultdict(list)
    for collected_model, instances in collector.data.items():
        found[collected_model].extend(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        found[queryset.model].extend(queryset.values_list("pk", flat=True))
    return found


def cascade_is_owned(
    records: Mapping[type[Any], list[int]], using: str, owner: SourceDocument
) -> bool:
    """Whether `records` (by model, as collected_records gives them) are only ones `owner`
    stated (no user's, no other document's)."""
    for collected_model, collected in records.items():
        if not issubclass(collected_model, SourcedModel) or not collected:
            continue
        foreign = (
            collected_model._default_manager.using(using)
            .filter(pk__in=collected)
            .exclude(source_document=owner)
            .exists()
        )
        if foreign:
            return False
        others = Statement.objects.filter(
            model=model_label(collected_model), object_id__in=collected
        ).exclude(document=owner)
        if others.exists():
            return False
        edited = UserEdit.objects.filter(
            model=model_label(collected_model), object_id__in=collected
        ).exists()
        if edited:
            return False
    return True
