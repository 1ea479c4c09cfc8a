"""The current status of each department's activity: the latest esercizio's report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from cruscotto.core.services.sync import update_rows
from cruscotto.plans.models import Responsibility, StatusReport


def refresh_current_statuses(responsibilities: QuerySet[Responsibility]) -> int:
    """Give each of `responsibilities` the status its latest `StatusReport` states; return how
    many changed.

    `Responsibility.status` is derived data, kept because every filter, count and dashboard
    asks for the current status: it is refreshed by each import of a year's report and each
    change of a status a user makes, never written otherwise.
    """
    latest = {
        responsibility_id: (status_id, as_printed)
        for responsibility_id, status_id, as_printed in StatusReport.objects.as_of()
        .filter(responsibility__in=responsibilities)
        # One row per responsibility (as_of): the model's ordering would only join the
        # items and plans to sort them (seconds on PostgreSQL over freshly imported tables).
        .order_by()
        .values_list("responsibility_id", "status_id", "status_as_printed")
    }
    changed: list[tuple[int, Mapping[str, Any]]] = [
        (pk, {"status_id": latest[pk][0], "status_as_printed": latest[pk][1]})
        for pk, status_id, as_printed in responsibilities.filter(pk__in=list(latest)).values_list(
            "pk", "status_id", "status_as_printed"
        )
        if (status_id, as_printed) != latest[pk]
    ]
    update_rows(Responsibility, responsibilities.db, ["status_id", "status_as_printed"], changed)
    return len(changed)
