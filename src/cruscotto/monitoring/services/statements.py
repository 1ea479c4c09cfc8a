"""What one monitoring report stated: its records, in its own words.

Each year's monitoring of a PSM shares the plan's items, indicators, project
profiles and links with the other years' reports (`core.services.ownership`):
a record holds the wording of the latest report that stated it, and each
report's `Statement` keeps its own values where they differ. These functions
read a plan as one report printed it, so every year can be shown again as its
document stated it, whatever was imported after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

from cruscotto.core.models import SourceDocument, Statement
from cruscotto.core.services.ownership import model_label
from cruscotto.core.services.statements import set_stated_values
from cruscotto.domain.formats import PSM_MONITORING
from cruscotto.plans.models import Plan

RecordT = TypeVar("RecordT", bound=models.Model)


class DocumentStatements:
    """The records one document states, by model, with its own values of each.

    Read in one query; `None` for the document means no filter: every record, as it
    reads now (a plan no monitoring report stated, or a database read before
    statements were kept).
    """

    def __init__(self, document: SourceDocument | None, models_read: Iterable[type[models.Model]]):
        self.document = document
        self.stated: dict[str, dict[int, dict[str, Any]]] = {
            model_label(model): {} for model in models_read
        }
        if document is not None:
            for label, object_id, values in Statement.objects.filter(
                document=document, model__in=list(self.stated)
            ).values_list("model", "object_id", "stated"):
                self.stated[label][object_id] = values

    def ids(self, model: type[models.Model]) -> set[int] | None:
        """The ids of the records of `model` the document states (None: no filter)."""
        if self.document is None:
            return None
        return set(self.stated[model_label(model)])

    def keep(self, records: Iterable[RecordT]) -> list[RecordT]:
        """The records the document states, each with the document's own values set on it."""
        if self.document is None:
            return list(records)
        kept = []
        for record in records:
            values = self.stated[model_label(type(record))].get(record.pk)
            if values is None:
                continue
            set_stated_values(record, values)
            kept.append(record)
        return kept


def monitoring_documents(plan: Plan) -> list[SourceDocument]:
    """The monitoring reports that state `plan`, by the year they monitor (latest last)."""
    stated = Statement.objects.filter(model=model_label(Plan), object_id=plan.pk).values(
        "document_id"
    )
    return list(
        SourceDocument.objects.filter(format=PSM_MONITORING, reference_year__isnull=False)
        .filter(models.Q(pk__in=stated) | models.Q(pk=plan.source_document_id))
        .order_by("reference_year")
    )


def latest_monitored_plan() -> Plan | None:
    """The plan of the latest monitoring report (by the year it monitors), or None."""
    document = (
        SourceDocument.objects.filter(format=PSM_MONITORING, reference_year__isnull=False)
        .order_by("-reference_year", "-imported_at")
        .first()
    )
    if document is None:
        return None
    stated = Statement.objects.filter(document=document, model=model_label(Plan)).values(
        "object_id"
    )
    return (
        Plan.objects.filter(models.Q(pk__in=stated) | models.Q(source_document=document))
        .filter(kind=Plan.Kind.PSM)
        .select_related("ente")
        .first()
    )
