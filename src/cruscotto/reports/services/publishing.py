"""Published documents built once per data version, outside the web request, and kept as files.

A document (kind, ente, year, format) is built when someone asks for it and the data it
reads have changed since the last build: the web request only adds a `PublishedFile` row
`queued` and answers a page that follows its progress; the worker (`cruscotto documents
worker`, started by `cruscotto serve`) builds it, and from then on the request serves the
file in milliseconds. Chromium (7-18 s for the Turin relazione) never runs in a request.

The queue is the `PublishedFile` table itself, polled by the worker, rather than
django-tasks or Huey: the installed Django (5.2) has no `django.tasks`, and either library
would add a dependency, a second table of jobs and a second place for the status, where
the page needs the progress of *this document's* build anyway. A row is claimed with one
conditional UPDATE (status queued → building), atomic on SQLite and PostgreSQL alike, so
two workers never build the same document; the unique constraint on (kind, ente, year,
format, data version) makes asking twice enqueue once.

The data version says what the data were: every write of plan data, values, scores,
statuses or campaigns goes through a service that writes its `AuditEntry` in the same
transaction (imports, users' edits and deletions, campaigns, score validations), so the
latest audit entry's id changes with any of them. The ente's own names (which enti
services change without an audit entry) and Cruscotto's version (a new release prints
otherwise) are digested with it. The version is the same for every ente: a change of one
ente's data makes the others' documents be built again when next asked for, which costs a
build, never a stale document served as current.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from cruscotto.core.models import AuditEntry, Ente
from cruscotto.reports.models import PublishedFile
from cruscotto.reports.render.pdf import PdfUnavailable
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.exports import ReportKind, find_kind

logger = logging.getLogger(__name__)

Status = PublishedFile.Status
# A build that has not reported for this long was left by a worker that died (Chromium
# alone may print for up to pdf.TIMEOUT_SECONDS without a word): it is queued again.
ABANDONED_AFTER = timedelta(minutes=15)
# Actions that change no document: who may do what is not printed in any report.
ACTIONS_OUTSIDE_DOCUMENTS = [AuditEntry.Action.ROLE_GRANTED]

StepReporter = Callable[[int, str], None]  # (percent, what is being done)


def published_dir() -> Path:
    """Where the built documents are kept (the tests point it at a folder of their own)."""
    return Path(settings.VAR_DIR) / "documents"


def cruscotto_version() -> str:
    try:
        return package_version("cruscotto")
    except PackageNotFoundError:  # running from a source tree never installed
        return "0"


def data_version(ente_code: str) -> str:
    """Return what the data feeding the documents of `ente_code` are, as a short string that
    changes with every recorded write (see the module's docstring). Two queries."""
    # The newest first, by primary key: the scan stops at the first entry that counts.
    latest = (
        AuditEntry.objects.exclude(action__in=ACTIONS_OUTSIDE_DOCUMENTS)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    ente = Ente.objects.filter(code=ente_code).values_list("name", "kind", "istat_code").first()
    digest = hashlib.sha256(repr((ente, cruscotto_version())).encode("utf-8")).hexdigest()
    return f"{latest or 0}-{digest[:12]}"


def has_edition(kind: ReportKind, ente_code: str, year: int) -> bool:
    """Whether the database holds the edition `year` of `kind` for `ente_code` (the web lists
    it): a request for any other answers "not found" and enqueues nothing."""
    # Only the ente's editions are read: the check costs the same however many enti there are.
    return any(
        edition.year == year for edition in kind.editions(Ente.objects.filter(code=ente_code))
    )


def request_document(kind_name: str, ente_code: str, year: int, format_name: str) -> PublishedFile:
    """Return the document built from the current data, adding it to the queue when it is
    neither built nor asked for yet (once: a second request finds the same row).

    Older versions still waiting in the queue are dropped: nobody will read them."""
    version = data_version(ente_code)
    key = {"kind": kind_name, "ente_code": ente_code, "year": year, "format": format_name}
    current = PublishedFile.objects.filter(**key, data_version=version).first()
    if current is not None:
        return current
    now = timezone.now()
    try:
        with transaction.atomic():
            current = PublishedFile.objects.create(
                **key, data_version=version, requested_at=now, updated_at=now
            )
            PublishedFile.objects.filter(**key, status=Status.QUEUED).exclude(
                pk=current.pk
            ).delete()
    except IntegrityError:  # another request enqueued it between our read and our write
        return PublishedFile.objects.get(**key, data_version=version)
    return current


def latest_ready(published: PublishedFile) -> PublishedFile | None:
    """Return the most recent built file of the same document, from any data version."""
    return (
        PublishedFile.objects.filter(
            kind=published.kind,
            ente_code=published.ente_code,
            year=published.year,
            format=published.format,
            status=Status.READY,
        )
        .order_by("-built_at", "-id")
        .first()
    )


def retry(published: PublishedFile) -> None:
    """Queue a failed build again (its error stays until the new attempt ends)."""
    PublishedFile.objects.filter(pk=published.pk, status=Status.FAILED).update(
        status=Status.QUEUED, progress=0, message="", updated_at=timezone.now()
    )


def file_path(published: PublishedFile) -> Path:
    return published_dir() / published.file_name


def claim(published: PublishedFile) -> bool:
    """Take `published` from the queue for this process; False when another took it first."""
    taken = PublishedFile.objects.filter(pk=published.pk, status=Status.QUEUED).update(
        status=Status.BUILDING, progress=0, message="Avvio", updated_at=timezone.now()
    )
    return taken == 1


def claim_next() -> PublishedFile | None:
    """Return the oldest queued build, claimed for this process, or None when none waits."""
    requeue_abandoned()
    for candidate in PublishedFile.objects.filter(status=Status.QUEUED).order_by(
        "requested_at", "id"
    )[:10]:
        if claim(candidate):
            candidate.refresh_from_db()
            return candidate
    return None


def requeue_abandoned() -> int:
    """Queue again the builds whose worker stopped reporting (it died); return how many."""
    return PublishedFile.objects.filter(
        status=Status.BUILDING, updated_at__lt=timezone.now() - ABANDONED_AFTER
    ).update(status=Status.QUEUED, progress=0, message="")


def report_step(published: PublishedFile, percent: int, message: str) -> None:
    """Record the build's progress, which the page "in preparazione" shows."""
    published.progress, published.message = percent, message
    PublishedFile.objects.filter(pk=published.pk).update(
        progress=percent, message=message, updated_at=timezone.now()
    )


def build(published: PublishedFile, on_step: StepReporter | None = None) -> PublishedFile:
    """Build the claimed `published` (status building) and store its file; return it ready,
    or failed with the error in Italian. Never raises for a document that cannot be built.

    Runs outside any transaction: a build reads for seconds, and a transaction would hold
    SQLite's write lock (IMMEDIATE) against every other writer meanwhile."""

    def step(percent: int, message: str) -> None:
        report_step(published, percent, message)
        if on_step is not None:
            on_step(percent, message)

    try:
        kind = find_kind(published.kind, published.format)
        step(5, "Lettura dei dati")
        document = kind.build(published.ente_code, published.year)
        step(
            30,
            "Stampa del PDF (Chromium)" if published.format == "pdf" else "Composizione",
        )
        rendered = kind.formats[published.format].render(document)
        step(95, "Archiviazione del file")
        content = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
        store_file(published, content)
    except (ReportUnavailable, PdfUnavailable, OSError) as error:
        return fail(published, str(error), on_step)
    except Exception as error:  # noqa: BLE001 - the worker goes on with the next document
        logger.exception("build of %s failed", published)
        return fail(published, f"errore interno ({type(error).__name__}: {error})", on_step)
    published.status, published.progress, published.message = Status.READY, 100, "Pronto"
    published.built_at = published.updated_at = timezone.now()
    published.error = ""
    published.save()
    remove_older_versions(published)
    if on_step is not None:
        on_step(100, "Pronto")
    return published


def fail(published: PublishedFile, error: str, on_step: StepReporter | None) -> PublishedFile:
    published.status, published.error, published.message = Status.FAILED, error, "Non riuscito"
    published.updated_at = timezone.now()
    published.save()
    if on_step is not None:
        on_step(published.progress, "Non riuscito")
    return published


def store_file(published: PublishedFile, content: bytes) -> None:
    """Write the file atomically (a reader never sees half of it) and note it on `published`."""
    # A token of its own: two databases (a benchmark's, a test's) may share var/ and a version.
    name = (
        f"{published.kind}/{published.ente_code}-{published.year}-"
        f"{published.data_version}-{uuid.uuid4().hex[:8]}.{published.format}"
    )
    target = published_dir() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    partial.replace(target)
    published.file_name = name
    published.size = len(content)
    published.sha256 = hashlib.sha256(content).hexdigest()


def remove_older_versions(published: PublishedFile) -> None:
    """Drop the earlier builds of the same document and their files: the new one replaces them."""
    older = PublishedFile.objects.filter(
        kind=published.kind,
        ente_code=published.ente_code,
        year=published.year,
        format=published.format,
        status__in=[Status.READY, Status.FAILED],
    ).exclude(pk=published.pk)
    for old in older:
        if old.file_name and old.file_name != published.file_name:
            file_path(old).unlink(missing_ok=True)
    older.delete()


@dataclass(frozen=True)
class Wanted:
    """A document `cruscotto documents build` is asked for."""

    kind: ReportKind
    ente_code: str
    year: int
    format: str


def wanted_documents(
    kinds: list[ReportKind], ente_code: str | None, year: int | None, format_name: str | None
) -> list[Wanted]:
    """Return every edition and format of `kinds` the database can produce, narrowed to
    `ente_code`, `year` and `format_name` where given."""
    enti = None if ente_code is None else Ente.objects.filter(code=ente_code)
    return [
        Wanted(kind, edition.ente_code, edition.year, name)
        for kind in kinds
        for edition in kind.editions(enti)
        if year in (None, edition.year)
        for name in kind.formats
        if format_name in (None, name)
    ]


def build_now(wanted: Wanted, on_step: StepReporter | None = None) -> PublishedFile:
    """Build `wanted` from the current data in this process unless it is built already (or
    a worker is building it: its row is returned as it is)."""
    published = request_document(wanted.kind.name, wanted.ente_code, wanted.year, wanted.format)
    if published.status == Status.FAILED:
        retry(published)
    if not claim(published):
        published.refresh_from_db()
        return published
    return build(published, on_step)


def process_queue(should_stop: Callable[[], bool] = lambda: False) -> int:
    """Build every queued document, oldest first; return how many were built or failed."""
    done = 0
    while not should_stop():
        published = claim_next()
        if published is None:
            break
        try:
            build(published)
        except BaseException:
            # Stopped mid-build (Ctrl-C, the server stopping): the next worker starts it again.
            PublishedFile.objects.filter(pk=published.pk, status=Status.BUILDING).update(
                status=Status.QUEUED, progress=0, message=""
            )
            raise
        done += 1
    return done


def run_worker(
    poll_seconds: float = 1.0,
    should_stop: Callable[[], bool] = lambda: False,
    on_built: Callable[[int], None] | None = None,
) -> None:
    """Process the queue until `should_stop`, looking for new builds every `poll_seconds`."""
    while not should_stop():
        # A connection the database dropped (a restart) is replaced, as a request would.
        close_old_connections()
        built = process_queue(should_stop)
        if built and on_built is not None:
            on_built(built)
        time.sleep(poll_seconds)
