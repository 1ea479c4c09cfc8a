"""The document formats Cruscotto reads: how to recognise, parse and load each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from cruscotto.core.services.planner_statistics import analyze_changed_tables
from cruscotto.core.services.sync import DuplicateNaturalKey
from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.domain.formats import IMPORTABLE
from cruscotto.importers.council import looks_like_council, parse_council
from cruscotto.importers.performance_plan import looks_like_performance_plan
from cruscotto.importers.psm_monitoring import looks_like_psm_monitoring, parse_psm_monitoring
from cruscotto.importers.psm_preliminary import looks_like_psm_preliminary, parse_psm_preliminary
from cruscotto.importers.rendiconto import looks_like_rendiconto, parse_rendiconto
from cruscotto.importers.spreadsheet_plan import (
    looks_like_spreadsheet_plan,
    parse_spreadsheet_text,
    parse_workbook,
)
from cruscotto.loaders import (
    council,
    performance_plan,
    psm_monitoring,
    psm_preliminary,
    rendiconto,
    signatures,
    spreadsheet_plan,
)
from cruscotto.loaders.common import (
    ImportFailed,
    LoadResult,
    Progress,
    SourceFile,
    watching_documents,
)
from cruscotto.loaders.removals import RecordSnapshot, RemovedRecords, refuse_large_removals
from cruscotto.loaders.signatures import SignaturePart, missing_parts
from cruscotto.search.services import (
    index_sources_changed,
    plans_of_document,
    refresh_search_index,
)
from cruscotto.traceability.services.links import refresh_derived_links

# The PostgreSQL advisory lock imports take turns on: "impo" in ASCII.
IMPORT_LOCK_KEY = 0x696D706F


class DryRunRolledBack(Exception):
    """Raised inside a dry run's transaction to undo it, carrying what it did."""

    def __init__(self, result: LoadResult, removed: RemovedRecords):
        super().__init__("dry run")
        self.result = result
        self.removed = removed


@dataclass(frozen=True)
class DocumentFormat:
    name: str  # what `--format` accepts
    description: str
    looks_like: Callable[[str], bool]
    signature: tuple[SignaturePart, ...]  # what `looks_like` looks for, part by part
    parse: Callable[[str], Any]
    load: Callable[[Any, SourceFile, str, Progress, str | None], LoadResult]
    load_steps: int  # how many times `load` advances the progress bar
    # For a format whose documents are not text (a spreadsheet): how to parse the file's
    # cells; `parse` then answers for a text that is not such a file.
    parse_cells: Callable[[Any], Any] | None = None

    def parse_source(self, source: SourceFile) -> Any:
        """The parsed document: its text parsed, or, for a spreadsheet, its cells."""
        if self.parse_cells is not None and source.workbook is not None:
            return self.parse_cells(source.workbook)
        return self.parse(source.text)

    def diagnostics_of(self, parsed: Any) -> list[Diagnostic]:
        return list(parsed.diagnostics)

    def refuse_unless_signed(self, source: SourceFile) -> None:
        """Raise ImportFailed, saying what is missing, unless the text carries this format's signature.

        A format forced on another kind of document would read its tables as
        something else and write them into the wrong plans. The message names
        the format and the missing parts, not the file: the caller knows it.
        """
        if self.looks_like(source.text):
            return
        missing = missing_parts(self.signature, source.text) or ["la firma del formato"]
        raise ImportFailed(
            f"non è un documento di formato «{self.name}» ({self.description}): "
            f"manca {'; manca '.join(missing)}"
        )

    def import_document(
        self,
        parsed: Any,
        source: SourceFile,
        actor: str,
        progress: Progress,
        *,
        allow_removals: bool = False,
        dry_run: bool = False,
        ente_code: str | None = None,
    ) -> LoadResult:
        """Load the parsed document and bring derived data up to date, in one transaction.

        The links derived between plans (after every format's import, so plans
        can be imported in any order) and the search index are refreshed inside
        the import's transaction: a failure anywhere leaves the database as it
        was. Refused with ImportFailed, writing nothing: a revision that would
        remove more than a fifth of its document's records (unless
        `allow_removals`), a document that names one record twice. A `dry_run`
        does it all, then rolls it back; its result lists what it would remove
        (`removed`) and why the import would be refused (`refusal`). `ente_code`
        names the ente the document is for, instead of the one it prints.
        """
        try:
            with transaction.atomic():
                wait_for_other_imports()
                snapshot = RecordSnapshot(keep_keys=dry_run)
                with watching_documents(snapshot.add_document):
                    result = self.load(parsed, source, actor, progress, ente_code)
                analyze_changed_tables()  # before the derived links read the rows back
                refresh_derived_links(result.counts)
                if index_sources_changed(result.counts):
                    refresh_search_index(
                        plan_ids=plans_of_document(result.document.pk),
                        ente_ids=[result.document.ente_id] if result.document.ente_id else [],
                    )
                analyze_changed_tables()  # and the index and links, read by the first pages
                try:
                    if not allow_removals:
                        refuse_large_removals(snapshot, result.document)
                except ImportFailed as refusal:
                    if not dry_run:
                        raise
                    result.refusal = str(refusal)
                if dry_run:
                    raise DryRunRolledBack(result, snapshot.removed_since())
        except DryRunRolledBack as rolled_back:
            rolled_back.result.removed = rolled_back.removed.describe()
            return rolled_back.result
        except DuplicateNaturalKey as error:
            raise ImportFailed(f"{source.name}: {error}") from None
        return result


def wait_for_other_imports() -> None:
    """Queue this import behind any other in progress (call it inside the transaction).

    SQLite's transactions take the write lock as they begin (settings.py); on
    PostgreSQL two imports of one document would both create it, so they take
    turns on an advisory lock held until the transaction ends.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


DOCUMENT_FORMATS = [
    DocumentFormat(
        name=rendiconto.FORMAT_NAME,
        description="Relazione sul controllo strategico (allegato al rendiconto)",
        looks_like=looks_like_rendiconto,
        signature=signatures.RENDICONTO,
        parse=parse_rendiconto,
        load=rendiconto.load_rendiconto,
        load_steps=rendiconto.LOAD_STEPS,
    ),
    DocumentFormat(
        name=psm_monitoring.FORMAT_NAME,
        description="Monitoraggio del Piano strategico metropolitano",
        looks_like=looks_like_psm_monitoring,
        signature=signatures.PSM_MONITORING,
        parse=parse_psm_monitoring,
        load=psm_monitoring.load_psm_monitoring,
        load_steps=psm_monitoring.LOAD_STEPS,
    ),
    DocumentFormat(
        name=performance_plan.FORMAT_NAME,
        description="Piano della performance",
        looks_like=looks_like_performance_plan,
        signature=signatures.PERFORMANCE_PLAN,
        parse=performance_plan.parse_and_check,
        load=performance_plan.load_performance_plan,
        load_steps=performance_plan.LOAD_STEPS,
    ),
    DocumentFormat(
        name=council.FORMAT_NAME,
        description="Deliberazione del Consiglio metropolitano con le linee programmatiche di mandato",
        looks_like=looks_like_council,
        signature=signatures.COUNCIL,
        parse=parse_council,
        load=council.load_council,
        load_steps=council.LOAD_STEPS,
    ),
    DocumentFormat(
        name=psm_preliminary.FORMAT_NAME,
        description="Piano strategico metropolitano: restituzione della fase preliminare",
        looks_like=looks_like_psm_preliminary,
        signature=signatures.PSM_PRELIMINARY,
        parse=parse_psm_preliminary,
        load=psm_preliminary.load_psm_preliminary,
        load_steps=psm_preliminary.LOAD_STEPS,
    ),
    DocumentFormat(
        name=spreadsheet_plan.FORMAT_NAME,
        description="Piano da foglio di calcolo, secondo il modello (`cruscotto template`)",
        looks_like=looks_like_spreadsheet_plan,
        signature=signatures.SPREADSHEET_PLAN,
        parse=parse_spreadsheet_text,
        load=spreadsheet_plan.load_spreadsheet_plan,
        load_steps=spreadsheet_plan.LOAD_STEPS,
        parse_cells=parse_workbook,
    ),
]


def by_importable_name(document_formats: list[DocumentFormat]) -> dict[str, DocumentFormat]:
    """The formats by name, in the order of `IMPORTABLE`, which the command line offers
    without importing this module: a format missing from one of the two is an error here."""
    named = {fmt.name: fmt for fmt in document_formats}
    if sorted(named) != sorted(IMPORTABLE):
        raise RuntimeError(
            f"cruscotto.domain.formats.IMPORTABLE {sorted(IMPORTABLE)} "
            f"does not name the formats defined here, {sorted(named)}"
        )
    return {name: named[name] for name in IMPORTABLE}


FORMATS = by_importable_name(DOCUMENT_FORMATS)


class UnrecognisedFormat(ImportFailed):
    """No format's signature is in the document, and none was named."""


def parse_document(source: SourceFile, format_name: str | None) -> tuple[DocumentFormat, Any]:
    """The document's format (the one named, else the one recognised) and the document
    parsed; what the command line and the API import alike. Raises UnrecognisedFormat, or
    ImportFailed when the named format's signature is not in the text."""
    fmt = FORMATS[format_name] if format_name else detect_source_format(source)
    if fmt is None:
        raise UnrecognisedFormat(
            f"formato non riconosciuto (formati: {', '.join(sorted(FORMATS))})"
        )
    fmt.refuse_unless_signed(source)
    return fmt, fmt.parse_source(source)


def detect_source_format(source: SourceFile) -> DocumentFormat | None:
    """The format of a file: a spreadsheet is a plan from the template, a text is recognised."""
    if source.workbook is not None:
        return FORMATS[spreadsheet_plan.FORMAT_NAME]
    return detect_format(source.text)


def detect_format(text: str) -> DocumentFormat | None:
    """Return the format whose signature `text` carries, or None if none does."""
    matches = [fmt for fmt in FORMATS.values() if fmt.looks_like(text)]
    return matches[0] if len(matches) == 1 else None
