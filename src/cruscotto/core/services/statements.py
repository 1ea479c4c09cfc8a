"""Reading what one document stated: its records, each as that document worded it.

The reading side of `core.services.ownership`: a report of the esercizio 2025 is
built from the records the rendiconto of 2025 states, with that document's own
wording where a later edition changed a record since.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

from cruscotto.core.models import SourcedModel, SourceDocument, Statement

RecordT = TypeVar("RecordT", bound=models.Model)
SourcedT = TypeVar("SourcedT", bound=SourcedModel)


def stated_by(
    queryset: models.QuerySet[RecordT], document: SourceDocument
) -> models.QuerySet[RecordT]:
    """Narrow `queryset` to the records `document` states."""
    statements = Statement.objects.filter(
        document=document, model=queryset.model._meta.label_lower
    ).values("object_id")
    return queryset.filter(pk__in=statements)


def apply_wording(records: Iterable[SourcedT], document: SourceDocument) -> list[SourcedT]:
    """Give each record, in memory, what `document` stated of it: its line in that document,
    and its own values where they differ from the record's current ones (another document
    reworded it since); return the records."""
    records = list(records)
    if not records:
        return records
    model = type(records[0])
    statements = {
        object_id: (line, stated)
        for object_id, line, stated in Statement.objects.filter(
            document=document, model=model._meta.label_lower
        ).values_list("object_id", "line", "stated")
    }
    for record in records:
        if record.pk not in statements:
            continue
        line, stated = statements[record.pk]
        record.source_document_id = document.pk
        record.source_line = line
        set_stated_values(record, stated)
    return records


def set_stated_values(record: models.Model, stated: dict[str, Any]) -> None:
    """Set on `record`, in memory, the values a document stated (`Statement.stated`), each
    read back from JSON to its field's type; an attname the model no longer has is skipped."""
    fields = {field.attname: field for field in record._meta.concrete_fields}
    for attname, value in stated.items():
        if attname in fields:
            setattr(record, attname, fields[attname].to_python(value))
