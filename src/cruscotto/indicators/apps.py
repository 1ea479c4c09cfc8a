from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cruscotto.indicators"
    label = "indicators"
    verbose_name = "Indicatori"
