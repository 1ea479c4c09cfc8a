"""An item's history: the item and the records that hang on it (responsibilities, their
status reports and log, tags, indicators and their values, what the monitoring campaigns
asked of it and the offices entered), as core.services.history tells it."""

from __future__ import annotations

from django.db.models import Q

from cruscotto.campaigns.models import Entry
from cruscotto.core.services.history import HistoryEvent, history_of
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.plans.models import ItemTag, LogEntry, PlanItem, Responsibility, StatusReport


def item_records(item: PlanItem) -> dict[str, set[int]]:
    """The records of the item's history, by model label."""

    def ids(queryset: object) -> set[int]:
        return set(queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]

    responsibilities = ids(Responsibility.objects.filter(item=item))
    indicators = ids(Indicator.objects.filter(item=item))
    return {
        PlanItem._meta.label_lower: {item.pk},
        Responsibility._meta.label_lower: responsibilities,
        StatusReport._meta.label_lower: ids(
            StatusReport.objects.filter(responsibility_id__in=responsibilities)
        ),
        LogEntry._meta.label_lower: ids(
            LogEntry.objects.filter(responsibility_id__in=responsibilities)
        ),
        ItemTag._meta.label_lower: ids(ItemTag.objects.filter(item=item)),
        Indicator._meta.label_lower: indicators,
        Measurement._meta.label_lower: ids(Measurement.objects.filter(indicator_id__in=indicators)),
        # What the offices entered in a campaign (status, actions, values: who and when)
        # before the closing made it the year's records.
        Entry._meta.label_lower: ids(
            Entry.objects.filter(
                Q(responsibility_id__in=responsibilities)
                | Q(indicator_id__in=indicators)
                | Q(objective=item)
            )
        ),
    }


def item_history(item: PlanItem) -> list[HistoryEvent]:
    """The item's history, oldest first: imports, users' changes and deletions."""
    records = item_records(item)
    # A deleted responsibility or indicator names the item; their deleted children name them.
    return history_of(
        records,
        {
            "item_id": {item.pk},
            "responsibility_id": records[Responsibility._meta.label_lower],
            "indicator_id": records[Indicator._meta.label_lower],
        },
    )
