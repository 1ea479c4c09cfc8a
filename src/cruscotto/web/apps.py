from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cruscotto.web"
    label = "web"
    verbose_name = "Sito web"
