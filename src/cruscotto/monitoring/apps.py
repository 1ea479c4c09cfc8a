from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "cruscotto.monitoring"
    label = "monitoring"
    verbose_name = "Monitoraggio"
