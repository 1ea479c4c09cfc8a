"""What an import removes, and the guard against a revision that would remove most of a document.

A revision of a document removes what it no longer says: right for a corrected
report, ruinous for a report cut short (a truncated export, the wrong file
under the right name). Before an import the primary keys of every record read
from a document (`SourcedModel`) are noted; after it, still inside its
transaction, those no longer there are what it removed, by model and by
document, cascades included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

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

    def of_document(self, document_id: int) -> dict[str, int]:
        """How many records of `document_id` are gone, by model label."""
        found = {
            model._meta.label: sum(1 for owner in removed.values() if owner == document_id)
            for model, removed in self.by_model.items()
        }
        return {label: number for label, number in sorted(found.items()) if number}

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
    """The primary keys of every record read from a document, with their document."""

    def __init__(self) -> None:
        self.owners: dict[type[models.Model], dict[int, int | None]] = {
            model: dict(model._default_manager.values_list("pk", "source_document_id"))
            for model in sourced_models()
        }

    def held_by(self, document_id: int) -> int:
        """How many records `document_id` held when the snapshot was taken."""
        return sum(
            sum(1 for owner in owners.values() if owner == document_id)
            for owners in self.owners.values()
        )

    def removed_since(self) -> RemovedRecords:
        """The records of the snapshot no longer in the database."""
        removed = RemovedRecords()
        for model, owners in self.owners.items():
            if not owners:
                continue
            present = set(model._default_manager.values_list("pk", flat=True))
            gone = {pk: owner for pk, owner in owners.items() if pk not in present}
            if gone:
                removed.by_model[model] = gone
        return removed


def refuse_large_removals(
    snapshot: RecordSnapshot, removed: RemovedRecords, document: SourceDocument
) -> None:
    """Raise ImportFailed when the import removes more than a fifth of the document's records."""
    held = snapshot.held_by(document.pk)
    by_model = removed.of_document(document.pk)
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
