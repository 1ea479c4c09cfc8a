"""The history of records: who changed what, when, before and after, and why.

Three sources, in time order: the users' changes (`UserEdit`, with their reason),
the deletions users made (`AuditEntry` record_deleted, with the values before), and
the imports of the documents that state the records (`Statement` and the import's
`AuditEntry`, with the document). Which records make up an item's history is the
caller's to say (traceability.services.item_history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps

from cruscotto.core.models import AuditEntry, Statement, UserEdit

Records = Mapping[str, set[int]]  # model label → ids


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class HistoryEvent:
    """One change: an import that stated records, a user's edit, a user's deletion."""

    at: datetime
    actor: str
    kind: str  # "importazione", "modifica", "eliminazione"
    model: str  # its verbose name: "responsabilità"
    object_id: int | None
    why: str  # the document, or where the user made the change
    changes: list[FieldChange] = field(default_factory=list)
    document_id: int | None = None
    line: int | None = None
    label: str = ""  # the model's label: "plans.responsibility"

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "kind": self.kind,
            "model": self.model,
            "object_id": self.object_id,
            "why": self.why,
            "document_id": self.document_id,
            "line": self.line,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in self.changes
            ],
        }


def verbose_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def history_of(
    records: Records, deleted_under: Mapping[str, set[int]] | None = None
) -> list[HistoryEvent]:
    """The history of `records`, oldest first.

    `deleted_under` names the parents whose deleted children belong to this history
    (attname → ids, e.g. {"item_id": {12}}): a deleted record is found by its own id or by
    a parent's id among its values before.
    """
    deleted = deletions(records, deleted_under or {})
    # A deleted record's earlier changes are still part of the history.
    with_deleted: dict[str, set[int]] = {label: set(ids) for label, ids in records.items()}
    for event in deleted:
        if event.object_id is not None:
            with_deleted.setdefault(event.label, set()).add(event.object_id)
    events = user_edits(with_deleted) + deleted + imports(records)
    return sorted(events, key=lambda event: (event.at, event.kind != "importazione"))


def user_edits(records: Records) -> list[HistoryEvent]:
    grouped: dict[tuple[Any, ...], HistoryEvent] = {}
    for label, ids in records.items():
        if not ids:
            continue
        for edit in UserEdit.objects.filter(model=label, object_id__in=ids).order_by("at", "id"):
            key = (edit.at, edit.actor, label, edit.object_id)
            event = grouped.get(key)
            if event is None:
                event = grouped[key] = HistoryEvent(
                    edit.at, edit.actor, "modifica", verbose_name(label), edit.object_id,
                    f"modificato dall'utente ({edit.reason})" if edit.reason else "modificato dall'utente",
                )  # fmt: skip
            event.changes.append(FieldChange(edit.field, edit.before, edit.after))
    return list(grouped.values())


def deletions(records: Records, deleted_under: Mapping[str, set[int]]) -> list[HistoryEvent]:
    events = []
    for entry in AuditEntry.objects.filter(action=AuditEntry.Action.RECORD_DELETED).order_by(
        "at", "id"
    ):
        reason = entry.details.get("reason") or ""
        for record in entry.details.get("records", []):
            before = record.get("before", {})
            mine = record["object_id"] in records.get(record["model"], set()) or any(
                before.get(attname) in ids for attname, ids in deleted_under.items()
            )
            if mine:
                events.append(
                    HistoryEvent(
                        entry.at,
                        entry.actor,
                        "eliminazione",
                        verbose_name(record["model"]),
                        record["object_id"],
                        f"eliminato dall'utente ({reason})" if reason else "eliminato dall'utente",
                        [FieldChange(name, value, None) for name, value in before.items()],
                        label=record["model"],
                    )  # fmt: skip
                )
    return events


def imports(records: Records) -> list[HistoryEvent]:
    """Each import of a document that states one of the records: one event per import and
    record model, with the lines and, where the record now reads otherwise, what the
    document stated."""
    stated: dict[tuple[int, str], list[Statement]] = defaultdict(list)
    for label, ids in records.items():
        if ids:
            for statement in Statement.objects.filter(
                model=label, object_id__in=ids
            ).select_related("document"):
                stated[(statement.document_id, label)].append(statement)
    if not stated:
        return []
    documents = {document_id for document_id, _label in stated}
    audits: dict[int | None, list[AuditEntry | None]] = defaultdict(list)
    for entry in AuditEntry.objects.filter(
        action=AuditEntry.Action.DOCUMENT_IMPORTED, document_id__in=documents
    ).order_by("at", "id"):
        audits[entry.document_id].append(entry)
    events = []
    for (document_id, label), statements in sorted(
        stated.items(), key=lambda kv: (kv[0][0], kv[0][1])
    ):
        document = statements[0].document
        lines = sorted(s.line for s in statements if s.line is not None)
        changes = [
            FieldChange(name, None, value)
            for s in sorted(statements, key=lambda s: s.object_id)
            for name, value in s.stated.items()
        ]
        for audit in audits.get(document_id) or [None]:  # imported before the audit trail
            events.append(
                HistoryEvent(
                    audit.at if audit else document.imported_at,
                    audit.actor if audit else "",
                    "importazione",
                    verbose_name(label),
                    statements[0].object_id if len(statements) == 1 else None,
                    f"documento «{document.title}» ({document.file_name})",
                    changes,
                    document_id,
                    lines[0] if lines else None,
                )
            )
    return events
