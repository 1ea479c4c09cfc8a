from __future__ import annotations

from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    name = "cruscotto.traceability"
    label = "traceability"
    verbose_name = "Tracciabilità tra i piani"
