"""The document formats Cruscotto reads: how to recognise, parse and load each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cruscotto.importers.council import looks_like_council, parse_council
from cruscotto.importers.performance_plan import looks_like_performance_plan
from cruscotto.importers.psm_monitoring import looks_like_psm_monitoring, parse_psm_monitoring
from cruscotto.importers.psm_preliminary import looks_like_psm_preliminary, parse_psm_preliminary
from cruscotto.importers.records import Diagnostic
from cruscotto.importers.rendiconto import looks_like_rendiconto, parse_rendiconto
from cruscotto.loaders import (
    council,
    performance_plan,
    psm_monitoring,
    psm_preliminary,
    rendiconto,
)
from cruscotto.loaders.common import LoadResult, Progress, SourceFile
from cruscotto.search.services import refresh_search_index
from cruscotto.traceability.services.links import refresh_derived_links


@dataclass(frozen=True)
class DocumentFormat:
    name: str  # what `--format` accepts
    description: str
    looks_like: Callable[[str], bool]
    parse: Callable[[str], Any]
    load: Callable[[Any, SourceFile, str, Progress], LoadResult]
    load_steps: int  # how many times `load` advances the progress bar

    def diagnostics_of(self, parsed: Any) -> list[Diagnostic]:
        return list(parsed.diagnostics)

    def import_document(
        self, parsed: Any, source: SourceFile, actor: str, progress: Progress
    ) -> LoadResult:
        """Load the parsed document (one transaction), then bring derived data up to date.

        The search index and the links derived between plans are refreshed in a
        transaction of their own: the document's load is what must be all or
        nothing. Links are refreshed after every format's import, so plans can
        be imported in any order.
        """
        result = self.load(parsed, source, actor, progress)
        with transaction.atomic():
            refresh_derived_links(result.counts)
            refresh_search_index()
        return result


FORMATS: dict[str, DocumentFormat] = {
    fmt.name: fmt
    for fmt in [
        DocumentFormat(
            name=rendiconto.FORMAT_NAME,
            description="Relazione sul controllo strategico (Città di Torino, allegato al rendiconto)",
            looks_like=looks_like_rendiconto,
            parse=parse_rendiconto,
            load=rendiconto.load_rendiconto,
            load_steps=rendiconto.LOAD_STEPS,
        ),
        DocumentFormat(
            name=psm_monitoring.FORMAT_NAME,
            description="Monitoraggio del Piano strategico metropolitano (Città metropolitana di Torino)",
            looks_like=looks_like_psm_monitoring,
            parse=parse_psm_monitoring,
            load=psm_monitoring.load_psm_monitoring,
            load_steps=psm_monitoring.LOAD_STEPS,
        ),
        DocumentFormat(
            name=performance_plan.FORMAT_NAME,
            description="Piano della performance (Città metropolitana di Torino)",
            looks_like=looks_like_performance_plan,
            parse=performance_plan.parse_and_check,
            load=performance_plan.load_performance_plan,
            load_steps=performance_plan.LOAD_STEPS,
        ),
        DocumentFormat(
            name=council.FORMAT_NAME,
            description="Deliberazione del Consiglio metropolitano con le linee programmatiche di mandato",
            looks_like=looks_like_council,
            parse=parse_council,
            load=council.load_council,
            load_steps=council.LOAD_STEPS,
        ),
        DocumentFormat(
            name=psm_preliminary.FORMAT_NAME,
            description="Piano strategico metropolitano: restituzione della fase preliminare",
            looks_like=looks_like_psm_preliminary,
            parse=parse_psm_preliminary,
            load=psm_preliminary.load_psm_preliminary,
            load_steps=psm_preliminary.LOAD_STEPS,
        ),
    ]
}


def detect_format(text: str) -> DocumentFormat | None:
    """Return the format whose signature `text` carries, or None if none does."""
    matches = [fmt for fmt in FORMATS.values() if fmt.looks_like(text)]
    return matches[0] if len(matches) == 1 else None
