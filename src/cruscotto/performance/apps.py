from __future__ import annotations

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "cruscotto.performance"
    label = "performance"
    verbose_name = "Performance"
