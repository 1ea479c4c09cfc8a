"""What an import removes, and the guard against a revision that would remove most of a document.

A revision of a document removes what it no longer says: right for a corrected
report, ruinous for a report cut short (a truncated export, the wrong file
under the right name). Before an import the records read from each document
(`SourcedModel`) are counted; after it, still inside its transaction, those no
longer there are what it removed, by model, cascades included. A dry run also
notes their keys, to list them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import Count, Max

from cruscotto.core.models import SourceDocument
from cruscotto.core.models.documents import SourcedModel
from cruscotto.loaders.common import ImportFailed, format_number

# A revision may remove up to this share of the records its document holds.
MAX_REMOVED_SHARE = (1, 5)
CHUNK = 500


def sourced_models() -> list[type[models.Model]]:
    """Every model whose records keep the document they were read from."""
    return [model for model in apps.get_models() if issubclass(model, SourcedModel)]


@dataclass
class RemovedRecords:
    """Records gone since a snapshot: primary key → the document they were read from."""

    by_model: dict[type[models.Model], dict[int, int | None]] = field(default_factory=dict)

    def describe(self, limit: int | None = None) -> dict[str, list[str]]:
        """The removed records as a reader knows them, by model label (read while they exist).

        Call it after the import was rolled back: the records are there again.
        """
        described: dict[str, list[str]] = {}
        for model, removed in sorted(self.by_model.items(), key=lambda kv: kv[0]._meta.label):
            pks = sorted(removed)[:limit]
            lines: list[str] = []
            for start in range(0, len(pks), CHUNK):
                records = model._default_manager.filter(pk__in=pks[start : start + CHUNK])
                lines.extend(describe_record(record) for record in records.order_by("pk"))
            if lines:
                described[model._meta.label] = lines
        return described


def describe_record(record: Any) -> str:
    """A record by its own fields, without following a relation: "M01.P02.a «Titolo…» (riga 120)"."""
    parts = [
        str(value)
        for name in ("key", "code")
        if (value := getattr(record, name, None)) not in (None, "")
    ]
    for name in ("title", "name", "text", "label"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            parts.append(f"«{value[:60]}{'…' if len(value) > 60 else ''}»")
            break
    if not parts:
        parts.append(f"id {record.pk}")
    line = getattr(record, "source_line", None)
    return " ".join(parts) + (f" (riga {line})" if line else "")


class RecordSnapshot:
    """How many records each document held, by model, at one moment (with their keys if asked).

    Counting survivors needs no list of keys: primary keys only grow, so the
    records of a document that existed at the snapshot are those still
    pointing to it with a key no greater than the model's greatest then.

    With `keep_keys` (a dry run, which lists whatever the import removes) every
    document is counted at once. Otherwise the snapshot starts empty and counts
    one document when `add_document` is called with it, before the import
    changes it (see `watching_documents`): an import reads its own document's
    rows, however many other enti and documents the database holds.
    """

    def __init__(self, keep_keys: bool = False) -> None:
        self.held: dict[type[models.Model], dict[int | None, int]] = {}
        self.last_pk: dict[type[models.Model], int] = {}
        self.owners: dict[type[models.Model], dict[int, int | None]] = {}
        # A document counted on its own: each model's greatest key when it was counted.
        self.document_last_pk: dict[tuple[type[models.Model], int], int] = {}
        self.everything = keep_keys
        if keep_keys:
            self.count_every_document()

    def count_every_document(self) -> None:
        for model in sourced_models():
            groups = (
                model._default_manager.order_by()
                .values("source_document_id")
                .annotate(number=Count("pk"), last=Max("pk"))
            )
            held = {group["source_document_id"]: group["number"] for group in groups}
            if held:
                self.held[model] = held
                self.last_pk[model] = max(group["last"] for group in groups)
                self.owners[model] = dict(
                    model._default_manager.values_list("pk", "source_document_id")
                )

    def add_document(self, document: SourceDocument) -> None:
        """Count the records `document` holds now, by model, in one query."""
        if self.everything or any(document.pk in held for held in self.held.values()):
            return
        models_by_table = {model._meta.db_table: model for model in sourced_models()}
        quote = connection.ops.quote_name
        # Each model's count uses its index on the document; its greatest key, the primary
        # key's index: neither reads other documents' rows.
        selects = [
            f"SELECT %s, COUNT(*), (SELECT MAX({quote(str(model._meta.pk.column))})"
            f" FROM {quote(table)}) FROM {quote(table)} WHERE {quote('source_document_id')} = %s"
            for table, model in models_by_table.items()
        ]
        parameters: list[Any] = []
        for table in models_by_table:
            parameters.extend([table, document.pk])
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), parameters)
            for table, number, last in cursor.fetchall():
                if number:
                    model = models_by_table[table]
                    self.held.setdefault(model, {})[document.pk] = number
                    self.document_last_pk[(model, document.pk)] = last

    def held_by(self, document_id: int) -> int:
        """How many records `document_id` held when the snapshot was taken."""
        return sum(held.get(document_id, 0) for held in self.held.values())

    def removed_of(self, document_id: int) -> dict[str, int]:
        """How many of the records `document_id` held are gone now, by model label."""
        removed: dict[str, int] = {}
        for model, held in self.held.items():
            before = held.get(document_id, 0)
            if not before:
                continue
            last_pk = self.document_last_pk.get((model, document_id)) or self.last_pk[model]
            survivors = model._default_manager.filter(
                source_document_id=document_id, pk__lte=last_pk
            ).count()
            if before > survivors:
                removed[model._meta.label] = before - survivors
        return dict(sorted(removed.items()))

    def removed_since(self) -> RemovedRecords:
        """The records of the snapshot no longer in the database (taken with `keep_keys`)."""
        removed = RemovedRecords()
        for model, owners in self.owners.items():
            present = set(model._default_manager.values_list("pk", flat=True))
            gone = {pk: owner for pk, owner in owners.items() if pk not in present}
            if gone:
                removed.by_model[model] = gone
        return removed


def refuse_large_removals(snapshot: RecordSnapshot, document: SourceDocument) -> None:
    """Raise ImportFailed when the import removes more than a fifth of the document's records."""
    held = snapshot.held_by(document.pk)
    by_model = snapshot.removed_of(document.pk)
    total = sum(by_model.values())
    share, of = MAX_REMOVED_SHARE
    if total * of > held * share:
        raise ImportFailed(
            f"rimuoverebbe {format_number(total)} dei {format_number(held)} record di "
            f"{document.identity}: {list_counts(by_model.items())}; usare --allow-removals "
            "se la revisione è davvero così più corta"
        )


def list_counts(counts: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{format_number(number)} {label}" for label, number in counts)
