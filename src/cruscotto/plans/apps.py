from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cruscotto.plans"
    label = "plans"
    verbose_name = "Piani"
