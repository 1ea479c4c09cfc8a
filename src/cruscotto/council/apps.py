from __future__ import annotations

from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "cruscotto.council"
    label = "council"
    verbose_name = "Consiglio e percorso partecipativo"
