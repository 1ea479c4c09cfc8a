from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cruscotto.core"
    label = "core"
    verbose_name = "Enti, strutture e documenti"
