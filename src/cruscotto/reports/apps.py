from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cruscotto.reports"
    label = "reports"
    verbose_name = "Documenti pubblicati"
