"""`cruscotto manage reindex_search`: rebuild the search index from the database.

Imports keep the index up to date; this is for a database whose index was built by an
earlier version (the year and status facets need entries built by this one).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cruscotto.search.services import refresh_search_index


class Command(BaseCommand):
    help = "Ricostruisce l'indice di ricerca dai dati del database."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = refresh_search_index()
        self.stdout.write(
            f"Indice di ricerca aggiornato: {counts.created} voci create, "
            f"{counts.updated} aggiornate, {counts.deleted} eliminate."
        )
