"""What every loader shares: the source file, its document row, diagnostics, enti, audit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from cruscotto.core.models import (
    AuditEntry,
    Ente,
    ImportDiagnostic,
    OrgUnit,
    SourceDocument,
    SourceText,
)
from cruscotto.core.services.enti import (
    find_ente,
    find_enti_by_prefix,
    kind_from_name,
    new_ente_code,
)
from cruscotto.core.services.ownership import sync_stated_rows
from cruscotto.core.services.sync import SyncCounts, sync_rows
from cruscotto.core.services.user_edits import UserValueKept, held_fields, keep_user_values
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text
from cruscotto.importers.spreadsheet_plan import (
    UnreadableWorkbook,
    Workbook,
    read_csv_files,
    read_xlsx,
    render_text,
)
from cruscotto.plans.models import Plan, PlanItem
from cruscotto.plans.services.units import (
    alias_resolved_diagnostic,
    find_units_by_name,
    propose_unit_aliases,
)

ParsedT = TypeVar("ParsedT")


class ImportFailed(Exception):
    """The document cannot be loaded; nothing was written."""


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIX = ".csv"


@dataclass(frozen=True)
class SourceFile:
    name: str
    text: str
    sha256: str
    # A spreadsheet's cells (XLSX, or CSV files one per sheet); `text` is then their
    # rendering, stored as the document's text, and `sha256` is over the files' bytes.
    workbook: Workbook | None = field(default=None, compare=False)

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        """Read a document: a text, an XLSX workbook, a CSV file or a folder of CSV files.

        Refuses, naming file and line, a text that is not UTF-8 or holds NUL, and a
        spreadsheet that cannot be read.
        """
        if path.is_dir():
            return cls.read_sheets(sorted(path.glob("*" + CSV_SUFFIX)), name=path.name)
        if path.suffix.lower() in SPREADSHEET_SUFFIXES:
            data = path.read_bytes()
            try:
                workbook = read_xlsx(data)
            except UnreadableWorkbook as error:
                raise ImportFailed(f"{path}: {error}") from None
            return cls.of_workbook(path.name, workbook, hashlib.sha256(data).hexdigest())
        if path.suffix.lower() == CSV_SUFFIX:
            return cls.read_sheets([path])
        return cls.read_text(path)

    @classmethod
    def read_sheets(cls, paths: list[Path], name: str = "") -> SourceFile:
        """Read CSV files as the sheets of one workbook, each named after its file."""
        if not paths:
            raise ImportFailed(f"{name}: nessun file CSV nella cartella")
        files = {path.stem: path.read_bytes() for path in paths}
        try:
            workbook = read_csv_files(files)
        except UnreadableWorkbook as error:
            path = next(path for path in paths if path.stem == error.sheet)
            raise ImportFailed(f"{path}:{error.line}: {error}") from None
        digest = hashlib.sha256()
        for stem in sorted(files):  # the same files give the same hash, in any order
            digest.update(f"{stem}\n{len(files[stem])}\n".encode())
            digest.update(files[stem])
        label = name or (paths[0].name if len(paths) == 1 else paths[0].parent.name)
        return cls.of_workbook(label, workbook, digest.hexdigest())

    @classmethod
    def of_workbook(cls, name: str, workbook: Workbook, sha256: str) -> SourceFile:
        text = render_text(workbook)
        if "\x00" in text:
            raise ImportFailed(f"{name}: il foglio contiene un carattere NUL")
        return cls(name=name, text=text, sha256=sha256, workbook=workbook)

    @classmethod
    def read_text(cls, path: Path) -> SourceFile:
        """Read a text document; refuse, naming file and line, what is not UTF-8 text or holds NUL."""
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ImportFailed(
                f"{path}:{line}: il file non è testo UTF-8 ({error.reason})"
            ) from None
        nul = text.find("\x00")
        if nul >= 0:
            # PostgreSQL cannot store it in text, SQLite would: refused alike on both.
            line = text.count("\n", 0, nul) + 1
            raise ImportFailed(f"{path}:{line}: il file contiene un carattere NUL")
        return cls(name=path.name, text=text, sha256=hashlib.sha256(data).hexdigest())

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)


class Progress(Protocol):
    def advance(self, description: str) -> None: ...


class SilentProgress:
    def advance(self, description: str) -> None:
        pass


@dataclass
class LoadResult:
    document: SourceDocument
    counts: SyncCounts
    diagnostics: list[Diagnostic]
    totals: dict[str, int] = field(default_factory=dict)  # what the document holds, by record kind
    # A dry run's records it would remove, described, by model label.
    removed: dict[str, list[str]] = field(default_factory=dict)
    refusal: str = ""  # a dry run's: why the import itself would be refused


# Called with each document an import is about to rewrite, before any record of it changes:
# the removal guard (loaders/removals.py) counts then what that one document holds, rather
# than counting every document of every ente before every import.
DocumentWatcher = Callable[[SourceDocument], None]
_document_watchers: ContextVar[tuple[DocumentWatcher, ...]] = ContextVar(
    "document_watchers", default=()
)


@contextmanager
def watching_documents(watcher: DocumentWatcher) -> Iterator[None]:
    """Within the block, `register_document` shows `watcher` each document it returns that
    was already there, before the loader changes it."""
    token = _document_watchers.set((*_document_watchers.get(), watcher))
    try:
        yield
    finally:
        _document_watchers.reset(token)


def register_document(
    source: SourceFile,
    identity: str,
    format_name: str,
    title: str,
    ente: Ente,
    counts: SyncCounts,
    reference_year: int | None = None,
) -> SourceDocument:
    """Return the SourceDocument for `identity`, with its text; touched only if the file differs."""
    described = {
        "format": format_name,
        "title": title,
        "ente_id": ente.pk,
        "file_name": source.name,
        "sha256": source.sha256,
        "line_count": source.line_count,
        "reference_year": reference_year,
    }
    document = SourceDocument.objects.filter(identity=identity).first()
    if document is not None:
        for watcher in _document_watchers.get():
            watcher(document)
    if document is None:
        counts.count(SourceDocument, created=1)
        document = SourceDocument.objects.create(
            identity=identity, imported_at=timezone.now(), **described
        )
    elif any(getattr(document, field) != value for field, value in described.items()):
        for field, value in described.items():
            setattr(document, field, value)
        document.imported_at = timezone.now()
        document.save()
        counts.count(SourceDocument, updated=1)
    sync_rows(
        SourceText.objects.filter(document=document),
        ["document_id"],
        [{"document_id": document.pk, "text": source.text}],
        counts,
    )
    return document


def sync_diagnostics(
    document: SourceDocument, diagnostics: list[Diagnostic], counts: SyncCounts
) -> None:
    sync_rows(
        ImportDiagnostic.objects.filter(document=document),
        ["document_id", "position"],
        [
            {
                "document_id": document.pk,
                "position": position,
                "line": diagnostic.line,
                "severity": str(diagnostic.severity),
                "code": diagnostic.code,
                "message": diagnostic.message,
            }
            for position, diagnostic in enumerate(diagnostics)
        ],
        counts,
    )


def ensure_org_units(
    ente: Ente,
    printed_names: Iterable[str],
    document: SourceDocument,
    first_line: dict[str, int],
    counts: SyncCounts,
    diagnostics: list[Diagnostic] | None = None,
) -> dict[str, OrgUnit]:
    """Return the org units named, by folded name; create the ones not yet known.

    A name that is an alias of a unit (`OrgUnitAlias`) is that unit, and a diagnostic
    in `diagnostics` says so. Units are shared by every document of the Ente, so an
    import never renames or deletes them: it only adds the ones it meets for the first time.
    """
    names_by_fold: dict[str, str] = {}
    for name in printed_names:
        names_by_fold.setdefault(fold_text(name), name)
    units = {
        unit.normalized_name: unit
        for unit in OrgUnit.objects.filter(ente=ente, normalized_name__in=names_by_fold)
    }
    for folded, (unit, _alias) in find_units_by_name(ente, names_by_fold.values()).items():
        if folded in units:
            continue
        units[folded] = unit
        if diagnostics is not None:
            printed = names_by_fold[folded]
            diagnostics.append(alias_resolved_diagnostic(printed, unit, first_line.get(printed)))
    missing = [
        OrgUnit(
            ente=ente,
            normalized_name=folded,
            name=name,
            source_document=document,
            source_line=first_line.get(name),
        )
        for folded, name in names_by_fold.items()
        if folded not in units
    ]
    OrgUnit.objects.bulk_create(missing)
    counts.count(OrgUnit, created=len(missing))
    units.update({unit.normalized_name: unit for unit in missing})
    return units


def unit_alias_proposals(
    ente: Ente, first_line: Mapping[str, int], diagnostics: list[Diagnostic]
) -> None:
    """Add to `diagnostics` the aliases the records support (plans.services.units) among
    the units this document names, at the line of the first that it names."""
    lines = {fold_text(name): line for name, line in first_line.items()}
    for proposal in propose_unit_aliases(ente):
        named = [
            lines[unit.normalized_name]
            for unit in [proposal.canonical, *proposal.aliases]
            if unit.normalized_name in lines
        ]
        if named:
            diagnostics.append(
                Diagnostic(min(named), Severity.INFO, "unit_alias_proposed", proposal.message(ente))
            )


def format_number(number: int) -> str:
    """A figure as Italians print it: 9123 → "9.123"."""
    return f"{number:,}".replace(",", ".")


def describe_counts(counts: SyncCounts) -> str:
    """The totals: "12 creati, 3 aggiornati, 7.800 eliminati"."""
    return (
        f"{format_number(counts.created)} creati, {format_number(counts.updated)} aggiornati, "
        f"{format_number(counts.deleted)} eliminati"
    )


def describe_counts_by_model(counts: SyncCounts) -> list[str]:
    """One line per model: "plans.PlanItem: 250 eliminati" (what did not happen left out)."""
    words = {"created": "creati", "updated": "aggiornati", "deleted": "eliminati"}
    return [
        f"{label}: "
        + ", ".join(f"{format_number(number)} {words[name]}" for name, number in by_kind.items())
        for label, by_kind in counts.as_json().items()
    ]


def write_audit(document: SourceDocument, actor: str, counts: SyncCounts) -> None:
    """Record the import in the audit trail, unless it changed nothing.

    The details count every row written, by model, cascaded deletions included.
    """
    if not counts.changed:
        return
    AuditEntry.objects.create(
        at=timezone.now(),
        actor=actor,
        action=AuditEntry.Action.DOCUMENT_IMPORTED,
        document=document,
        summary=f"Importato {document.file_name}: {describe_counts(counts)} ("
        + "; ".join(describe_counts_by_model(counts))
        + ")",
        details={
            "created": counts.created,
            "updated": counts.updated,
            "deleted": counts.deleted,
            "by_model": counts.as_json(),
            "sha256": document.sha256,
        },
    )


class DocumentLoader(Generic[ParsedT]):
    """One load of one parsed document: what every loader does with the rows it writes.

    Provenance, order and the plan's items are here; a subclass keeps its own
    records' logic, registers `document`, and runs everything in a transaction.
    """

    document: SourceDocument
    # Formats of the documents that only cite this one's shared records: this document's
    # wording of them comes first, whichever was imported first (see core.services.ownership).
    cited_by_formats: frozenset[str] = frozenset()

    def __init__(
        self,
        parsed: ParsedT,
        source: SourceFile,
        actor: str,
        progress: Progress,
        ente_code: str | None = None,
    ):
        self.parsed = parsed
        self.source = source
        self.actor = actor
        self.progress = progress
        self.ente_code = ente_code  # `--ente CODE`: the ente the document is for
        self.counts = SyncCounts()
        self.diagnostics: list[Diagnostic] = list(getattr(parsed, "diagnostics", []))
        self.position = 0

    def resolve_ente(self, printed_name: str, line: int | None = None) -> Ente:
        """The ente the document is for: the one `--ente` names, else the one whose name or
        alias the document prints (at `line`), else the only one whose name goes on from a
        name printed cut, else a new one made from the printed name (a diagnostic says so
        in the last two cases). Raises ImportFailed when neither the document nor `--ente`
        names one, or when a cut name could be several enti's."""
        if self.ente_code:
            ente = Ente.objects.filter(code=self.ente_code).first()
            if ente is None:
                raise ImportFailed(
                    f"{self.source.name}: ente «{self.ente_code}» sconosciuto "
                    "(vedi `cruscotto enti`; aggiungerlo con `cruscotto enti add`)"
                )
            return ente
        where = f"{self.source.name}:{line or 1}"
        if not printed_name.strip():
            raise ImportFailed(
                f"{where}: l'ente non è indicato nel documento; indicarlo con --ente CODICE"
            )
        ente = find_ente(printed_name) or self.match_cut_name(printed_name, line or 1)
        if ente is None:
            ente = Ente.objects.create(
                code=new_ente_code(printed_name),
                name=printed_name.strip(),
                kind=kind_from_name(printed_name),
                aliases=[printed_name.strip()],
                confirmed=False,
            )
            self.counts.count(Ente, created=1)
        if not ente.confirmed:
            self.diagnostics.append(
                Diagnostic(
                    line or 1,
                    Severity.WARNING,
                    "ente_created",
                    f"ente «{ente.name}» creato da un'importazione con il codice «{ente.code}» "
                    f"({ente.get_kind_display()}), da confermare (`cruscotto enti confirm`); "
                    "se è un ente già presente con un altro nome, importare con --ente CODICE",
                )
            )
        return ente

    def match_cut_name(self, printed_name: str, line: int) -> Ente | None:
        """The one ente whose name or alias goes on from `printed_name`, with a warning; None
        when no ente's does. Raises ImportFailed when several enti's do.

        A name cut by the PDF conversion ("Città Metropolitana di To" in a footer) is
        the start of its ente's name. Taking the only ente it can be, and saying so on
        every import, keeps the document with its ente's data, where a new ente named
        "… di To" would split them; when it could be several, choosing would be a guess.
        """
        candidates = find_enti_by_prefix(printed_name)
        if len(candidates) > 1:
            names = ", ".join(f"«{ente.name}» ({ente.code})" for ente in candidates)
            raise ImportFailed(
                f"{self.source.name}:{line}: l'ente stampato «{printed_name}» è l'inizio del "
                f"nome di più enti: {names}; indicarlo con --ente CODICE"
            )
        if not candidates:
            return None
        ente = candidates[0]
        self.diagnostics.append(
            Diagnostic(
                line,
                Severity.WARNING,
                "ente_matched_by_prefix",
                f"l'ente stampato «{printed_name}» non è il nome di nessun ente ma l'inizio del "
                f"nome di uno solo, «{ente.name}» ({ente.code}): il documento è attribuito a "
                "questo. Se è un altro ente, importare con --ente CODICE; se è questo, "
                f"aggiungere il nome stampato ai suoi alias (`cruscotto enti confirm {ente.code} "
                f'--alias "{printed_name}"`)',
            )
        )
        return ente

    def sourced(self, line: int | None) -> dict[str, Any]:
        """The provenance fields of a row read at `line` of this document."""
        return {"source_document_id": self.document.pk, "source_line": line}

    def next_position(self) -> int:
        """The next display position: records keep the order the document prints them in."""
        self.position += 1
        return self.position

    def item_row(
        self,
        plan: Plan,
        parent: int | None,
        level: str,
        key: str,
        code: str,
        title: str,
        line: int,
        description: str = "",
    ) -> dict[str, Any]:
        """The row of one PlanItem, for `sync_items`."""
        return {
            **self.sourced(line),
            "plan_id": plan.pk,
            "parent_id": parent,
            "level": level,
            "key": key,
            "code": code,
            "title": title,
            "description": description,
            "position": self.next_position(),
        }

    def sync(
        self, scope: QuerySet[Any], key_fields: list[str], rows: Iterable[Mapping[str, Any]]
    ) -> dict[tuple[Any, ...], int]:
        """Synchronise this document's statements of records shared with other documents
        (items, indicators, links, tags): see `core.services.ownership`. What a user
        changed stays as the user left it."""
        kept_rows, held = self.keep_user_values(scope, key_fields, rows)
        try:
            return sync_stated_rows(
                scope,
                key_fields,
                kept_rows,
                self.counts,
                self.document,
                protected=held,
                cited_by_formats=self.cited_by_formats,
            )
        except ValueError as error:  # two records with one key: the parser let a duplicate through
            raise ImportFailed(f"{self.source.name}: {error}") from None

    def sync_own(
        self, scope: QuerySet[Any], key_fields: list[str], rows: Iterable[Mapping[str, Any]]
    ) -> dict[tuple[Any, ...], int]:
        """Synchronise records only this document states (a year's statuses, values, log):
        `scope` is narrowed to them, so nothing another document stated is touched, and
        nothing a user changed is undone or deleted.

        A row whose record users entered under another owner (a monitoring campaign's
        status of the same year) stays theirs: the row is left out, the difference
        reported by `keep_user_values`."""
        kept_rows, held = self.keep_user_values(scope, key_fields, rows)
        users_records = self.users_records(scope, key_fields)
        theirs = [row for row in kept_rows if tuple(row[f] for f in key_fields) in users_records]
        own_rows = [
            row for row in kept_rows if tuple(row[f] for f in key_fields) not in users_records
        ]
        try:
            synced = sync_rows(
                scope.filter(source_document=self.document).exclude(pk__in=held),
                key_fields,
                own_rows,
                self.counts,
            )
        except ValueError as error:
            raise ImportFailed(f"{self.source.name}: {error}") from None
        for row in theirs:
            key = tuple(row[f] for f in key_fields)
            synced[key] = users_records[key]
        return synced

    def users_records(
        self, scope: QuerySet[Any], key_fields: list[str]
    ) -> dict[tuple[Any, ...], int]:
        """The records of `scope` users entered or changed that another owner holds, by key."""
        changed = held_fields(scope.model)
        if not changed:
            return {}
        return {
            tuple(values[f] for f in key_fields): values["pk"]
            for values in scope.filter(pk__in=list(changed))
            .exclude(source_document=self.document)
            .values("pk", *key_fields)
        }

    def keep_user_values(
        self, scope: QuerySet[Any], key_fields: list[str], rows: Iterable[Mapping[str, Any]]
    ) -> tuple[list[Mapping[str, Any]], set[int]]:
        """The rows with what users changed kept, each difference reported (see `keep_user_values`)."""
        kept: list[UserValueKept] = []
        result = keep_user_values(scope, key_fields, rows, kept)
        self.diagnostics.extend(
            Diagnostic(
                value.line or 1,
                Severity.WARNING,
                "user_value_kept",
                f"{value.model}, campo «{value.field}»: vale il valore inserito da {value.actor} "
                f"({value.user_value!r}); il documento riporta {value.document_value!r}",
            )
            for value in kept
        )
        return result

    def sync_items(
        self,
        plan: Plan,
        level: str,
        rows: list[dict[str, Any]],
        scope_filter: dict[str, Any] | None = None,
    ) -> dict[str, int]:
        """Synchronise the plan's items of one level (narrowed by `scope_filter`); ids by key."""
        scope = PlanItem.objects.filter(plan=plan, level=level, **(scope_filter or {}))
        items = self.sync(scope, ["plan_id", "key"], rows)
        return {key: item_id for (_, key), item_id in items.items()}
