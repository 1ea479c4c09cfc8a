"""A portable backup of the whole database, and its restore into an empty one.

The archive is a zip: `manifest.json` (what made it, the migrations the records
fit, how many records of each model) and one JSON Lines file per model, written
with Django's serializers. JSON Lines because both sides stream it: a table is
never held in memory whole. Users, groups and content types are referenced by
natural keys, so the archive restores on SQLite or PostgreSQL whatever ids the
target gives Django's own rows; every other record keeps its id, which the
pages, the open data and the history cite.

Rows the code re-creates (content types, permissions, sessions) are not in the
archive. The imported documents' texts are records (SourceText) like any other.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from cruscotto.core.models import SourceDocument
from cruscotto.core.services.planner_statistics import analyze_changed_tables
from cruscotto.core.services.schema import schema_lock

ARCHIVE_FORMAT = "cruscotto-backup"
ARCHIVE_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS_DIR = "records"
# Re-created by `migrate` itself, or worthless in another database; the published
# documents are files under var/, built again from the data when next asked for.
NOT_BACKED_UP = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "reports.publishedfile",
}

# Called with (model label, records done in this model) while a model is written or read.
ProgressCallback = Callable[[str, int], None]


class BackupError(Exception):
    """An archive that cannot be restored here, or a database that must not receive it."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    records: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.records.values())


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model whose rows are data, in an order that loads with few forward
    references (natural-key dependencies first, as `dumpdata` orders them)."""
    by_app: dict[Any, list[type[models.Model]]] = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in NOT_BACKED_UP:
            continue
        by_app.setdefault(apps.get_app_config(meta.app_label), []).append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def member_name(position: int, model: type[models.Model]) -> str:
    return f"{RECORDS_DIR}/{position:03d}_{model._meta.label_lower}.jsonl"


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def cruscotto_version() -> str:
    try:
        return version("cruscotto")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "sconosciuta"


def write_backup(out: Path, progress: ProgressCallback | None = None) -> BackupSummary:
    """Write every record of the database to the archive `out` (replaced if present).

    Read in one transaction, so the archive is one consistent moment of the data even
    while the web app writes; written to a temporary file first, so a failure leaves no
    half archive under the final name.
    """
    report = progress or (lambda label, done: None)
    records: dict[str, int] = {}
    members: list[str] = []
    partial = out.with_name(out.name + ".parziale")
    with transaction.atomic(), zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, model in enumerate(backed_up_models()):
            label = model._meta.label_lower
            name = member_name(position, model)
            with archive.open(name, "w") as raw, io.TextIOWrapper(raw, "utf-8") as stream:
                count = 0
                for count, record in enumerate(serialized_records(model), start=1):
                    stream.write(record)
                    if count % 500 == 0:
                        report(label, count)
            report(label, count)
            records[label] = count
            members.append(name)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "format_version": ARCHIVE_FORMAT_VERSION,
            "cruscotto_version": cruscotto_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "records": records,
            "members": members,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    partial.replace(out)
    return BackupSummary(out, records)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only (ECMA-262 dates); a backup keeps what the
    database holds, to the microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def serialized_records(model: type[models.Model]) -> Iterator[str]:
    """The model's rows as JSON lines, by id, a chunk at a time."""
    rows = model._default_manager.order_by("pk").iterator(chunk_size=1000)
    buffer = io.StringIO()
    serializer = serializers.get_serializer("jsonl")()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        serializer.serialize(
            [row],
            stream=buffer,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
            cls=ExactJSONEncoder,
        )
        yield buffer.getvalue()


def read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{path}: non è un archivio di Cruscotto (manca {MANIFEST})") from None
    except ValueError as error:
        raise BackupError(f"{path}: {MANIFEST} illeggibile ({error})") from None
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"{path}: non è un archivio di Cruscotto ({MANIFEST} di altro formato)")
    if manifest.get("format_version") != ARCHIVE_FORMAT_VERSION:
        raise BackupError(
            f"{path}: archivio nel formato {manifest.get('format_version')}, "
            f"questa versione legge il formato {ARCHIVE_FORMAT_VERSION}"
        )
    return manifest


def read_archive_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the archive at `path` (what it holds), or BackupError."""
    try:
        with zipfile.ZipFile(path) as archive:
            return read_manifest(archive, path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path}: archivio illeggibile ({error})") from None


def unknown_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Migrations the archive's database had and this code does not know: a newer version
    made it, and its records may hold what this schema cannot."""
    known = set(MigrationExecutor(connection).loader.disk_migrations)
    return [
        f"{app_label}.{name}"
        for app_label, names in archived.items()
        for name in names
        if (app_label, name) not in known
    ]


def database_holds_data() -> list[str]:
    """What makes this database not empty: a restore never mixes two databases' records."""
    held = []
    if User.objects.exists():
        held.append(f"{User.objects.count()} utenti")
    if SourceDocument.objects.exists():
        held.append(f"{SourceDocument.objects.count()} documenti importati")
    return held


def restore_backup(path: Path, progress: ProgressCallback | None = None) -> BackupSummary:
    """Restore the archive into this database, which must hold no data yet.

    The records are loaded in one transaction, all or nothing. The archive must have
    been made with the migrations this version has: its records are read with this
    version's models, and a newer or older schema would not fit them. An older archive
    goes through the version that made it (restore, then upgrade and migrate).
    """
    report = progress or (lambda label, done: None)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path}: archivio illeggibile ({error})") from None
    with archive, schema_lock():
        manifest = read_manifest(archive, path)
        unknown = unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                f"{path}: archivio di una versione più recente di Cruscotto "
                f"(migrazioni sconosciute: {', '.join(unknown[:5])}); aggiornare Cruscotto"
            )
        call_command("migrate", interactive=False, verbosity=0)
        held = database_holds_data()
        if held:
            raise BackupError(
                "il database non è vuoto (" + ", ".join(held) + "): il ripristino va fatto "
                "in un database nuovo, per non mescolare i dati di due database"
            )
        older = missing_migrations(manifest["migrations"])
        if older:
            raise BackupError(
                f"{path}: archivio di una versione precedente di Cruscotto "
                f"({manifest.get('cruscotto_version')}, senza le migrazioni "
                f"{', '.join(older[:5])}): ripristinarlo con quella versione, "
                "poi aggiornare Cruscotto, che migra i dati"
            )
        records = load_records(archive, manifest, path, report)
    return BackupSummary(path, records)


def missing_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Migrations this code has and the archive's database had not: an older version
    made it. Its records are read with this version's models, so they must fit them."""
    executor = MigrationExecutor(connection)
    return sorted(
        f"{app_label}.{name}"
        for app_label, name in executor.loader.disk_migrations
        if name not in archived.get(app_label, [])
    )


def load_records(
    archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path, report: ProgressCallback
) -> dict[str, int]:
    """Replace the rows of every archived model with the archive's, in one transaction.

    The rows a new database starts with (reference enti and taxonomies, which the
    migrations write) go too: the archive holds them as its database had them.
    """
    loaded: dict[str, int] = {}
    try:
        with transaction.atomic(), connection.constraint_checks_disabled():
            empty_tables(backed_up_models())
            touched = load_members(archive, manifest["members"], path, loaded, report)
            # Checked once all is loaded: records may cite records of a later member.
            connection.check_constraints(table_names=[model._meta.db_table for model in touched])
            reset_sequences(touched)
            check_counts(loaded, manifest["records"], path)
            analyze_changed_tables()  # a new database: its first pages plan on these
    except (IntegrityError, DataError) as error:
        raise BackupError(
            f"{path}: record non valido, nulla è stato ripristinato ({error})"
        ) from None
    return loaded


def check_counts(loaded: dict[str, int], expected: dict[str, int], path: Path) -> None:
    """An archive cut short (or edited) restores nothing rather than part of the data."""
    wrong = [
        f"{label}: {loaded.get(label, 0)} invece di {count}"
        for label, count in expected.items()
        if loaded.get(label, 0) != count
    ]
    if wrong:
        raise BackupError(
            f"{path}: i record letti non sono quelli che l'archivio ne dichiara "
            f"({'; '.join(wrong)}): nulla è stato ripristinato"
        )


# Records inserted by one statement (or a few, where the database limits its parameters).
RECORDS_PER_INSERT = 500


def load_members(
    archive: zipfile.ZipFile,
    members: list[str],
    path: Path,
    loaded: dict[str, int],
    report: ProgressCallback,
) -> set[type[models.Model]]:
    """Insert every record of the members; count them in `loaded`; the models written."""
    touched: set[type[models.Model]] = set()
    deferred = []
    for name in members:
        label = name.split("/", 1)[1].split("_", 1)[1].removesuffix(".jsonl")
        count = 0
        batch: list[DeserializedObject] = []
        for count, record in enumerate(deserialized(archive, name, path), start=1):
            batch.append(record)
            if record.deferred_fields:
                deferred.append(record)
            if len(batch) == RECORDS_PER_INSERT:
                insert_records(batch, count - len(batch) + 1, name, path)
                touched.add(type(record.object))
                batch = []
                report(label, count)
        if batch:
            insert_records(batch, count - len(batch) + 1, name, path)
            touched.add(type(batch[0].object))
        report(label, count)
        loaded[label] = count
    for record in deferred:
        record.save_deferred_fields()
    return touched


def insert_records(
    records: list[DeserializedObject], first_line: int, name: str, path: Path
) -> None:
    """Insert the records of one model, which start at line `first_line` of member `name`.

    A restore of a real database is hundreds of thousands of records: saved one by one (an
    UPDATE tried, then an INSERT) it took minutes, inserted in batches it takes seconds. As
    `save(raw=True)` does, each field's value is written as the archive holds it (no
    `auto_now` stamps the restore's time). A batch the database refuses is undone (its
    savepoint) and its records saved one by one, so that the error names the record's line.
    """
    model = type(records[0].object)
    inserted = False
    if not model._meta.parents:  # a child table: Django inserts its parent's row first
        try:
            with transaction.atomic():
                insert_raw(model, [record.object for record in records])
            inserted = True
        except (IntegrityError, DataError):
            pass  # saved again one by one below, to name the refused record
    if not inserted:
        for line, record in enumerate(records, start=first_line):
            try:
                record.save()  # its many-to-many too
            except (IntegrityError, DataError) as error:
                raise BackupError(
                    f"{path}: {name}, riga {line}: record non valido, nulla è stato "
                    f"ripristinato ({error})"
                ) from None
    for record in records:
        for accessor, related in (record.m2m_data or {}).items():
            getattr(record.object, accessor).set(related)
        record.m2m_data = None  # as save() leaves it: save_deferred_fields() saves again


def insert_raw(model: type[models.Model], objects: list[models.Model]) -> None:
    """INSERT the objects' rows with the values they hold, ids included."""
    fields = list(model._meta.local_concrete_fields)
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(  # type: ignore[attr-defined]
            objects[start : start + size], fields=fields, raw=True, using=connection.alias
        )


def deserialized(archive: zipfile.ZipFile, name: str, path: Path) -> Iterable[Any]:
    try:
        with archive.open(name) as raw, io.TextIOWrapper(raw, "utf-8") as stream:
            yield from serializers.deserialize(
                "jsonl", stream, handle_forward_references=True, ignorenonexistent=False
            )
    except KeyError:
        raise BackupError(f"{path}: manca {name}, elencato in {MANIFEST}") from None
    except serializers.base.DeserializationError as error:
        raise BackupError(f"{path}: {name}: {error}") from None


def empty_tables(model_list: list[type[models.Model]]) -> None:
    tables = {model._meta.db_table for model in model_list}
    for model in model_list:
        tables.update(field.m2m_db_table() for field in model._meta.local_many_to_many)
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move the id sequences past the restored ids (PostgreSQL), so new rows get new ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
