"""`cruscotto backup` → `cruscotto restore`: the same data in a new database.

The round trip runs the real commands on new databases of the run's kind (a SQLite
file, or a new database of the PostgreSQL test server), and in the PostgreSQL run
also from SQLite to PostgreSQL: the summary, every record and the open data must
come back identical. The refusals run in the test database, where nothing they
refuse may change a row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.contrib.auth.models import User

from cruscotto.core.models import SourceDocument
from cruscotto.core.services.backup import (
    MANIFEST,
    RECORDS_PER_INSERT,
    BackupError,
    backed_up_models,
    empty_tables,
    restore_backup,
    write_backup,
)
from cruscotto.loaders.common import LoadResult

CRUSCOTTO = Path(sys.executable).parent / "cruscotto"
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgres")
# Django's rows that `migrate` re-creates, and logins: not data, not in the archive.
NOT_COMPARED = {"django_session", "django_migrations"}


@contextmanager
def new_database(directory: Path, name: str, postgres: bool) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database (dropped afterwards on PostgreSQL)."""
    if not postgres:
        yield f"sqlite:///{directory / f'{name}.sqlite3'}"
        return
    server = urlsplit(SERVER_URL)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(server._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def cruscotto(url: str, *args: str, stdin: str = "") -> str:
    result = subprocess.run(
        [str(CRUSCOTTO), *args],
        env={**os.environ, "DATABASE_URL": url, "CI": "true"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def observed(url: str, directory: Path) -> dict[str, Any]:
    """What a user sees of the data: the summary, every record, the open data files."""
    opendata = directory / "opendata"
    cruscotto(url, "opendata", "--out", str(opendata))
    records = cruscotto(
        url, "manage", "dumpdata", "--natural-foreign",
        "-e", "contenttypes", "-e", "auth.permission", "-e", "sessions",
    )  # fmt: skip
    return {
        "summary": json.loads(cruscotto(url, "summary", "--json")),
        # parsed: PostgreSQL stores JSON fields with their keys in its own order
        "records": json.loads(records),
        "opendata": {
            str(path.relative_to(opendata)): path.read_bytes()
            for path in sorted(opendata.rglob("*"))
            if path.is_file()
        },
    }


def filled_database_backup(url: str, archive: Path) -> None:
    """The five samples imported, a user with a role, then the archive written."""
    cruscotto(url, "demo", "--no-serve")
    cruscotto(url, "users", "add", "oiv", "--role", "valutatore", "--ente", "cmto",
              stdin="una-password-lunga\n")  # fmt: skip
    cruscotto(url, "backup", "--out", str(archive))


@pytest.mark.parametrize(
    "source_kind", ["same", "sqlite"] if ON_POSTGRES else ["same"], ids=lambda kind: kind
)
def test_backup_restores_identical_data_in_a_new_database(tmp_path: Path, source_kind: str) -> None:
    archive = tmp_path / "cruscotto.zip"
    source_on_postgres = ON_POSTGRES and source_kind == "same"
    pid = os.getpid()
    with new_database(tmp_path, f"cruscotto_backup_{pid}", source_on_postgres) as source:
        filled_database_backup(source, archive)
        before = observed(source, tmp_path / "before")
    with new_database(tmp_path, f"cruscotto_restored_{pid}", ON_POSTGRES) as target:
        cruscotto(target, "restore", str(archive))
        after = observed(target, tmp_path / "after")
    assert after["summary"] == before["summary"]
    assert len(after["records"]) == len(before["records"]) > 10_000
    assert after["records"] == before["records"]
    assert after["opendata"] == before["opendata"]
    users = [record for record in after["records"] if record["model"] == "auth.user"]
    assert [user["fields"]["username"] for user in users] == ["oiv"]


def rows_of_data(dump_tables: Callable[[], dict[str, list[Any]]]) -> dict[str, list[Any]]:
    return {table: rows for table, rows in dump_tables().items() if table not in NOT_COMPARED}


@pytest.fixture
def archive(seeded_db: LoadResult, db: None, tmp_path: Path) -> Path:
    User.objects.create_user("controllo", password="una-password-lunga")
    path = tmp_path / "backup.zip"
    write_backup(path)
    return path


def test_restore_in_the_same_run_gives_back_every_row(
    archive: Path, dump_tables: Callable[[], dict[str, list[Any]]]
) -> None:
    before = rows_of_data(dump_tables)
    empty_tables(backed_up_models())
    assert not SourceDocument.objects.exists()
    progress: list[tuple[str, int]] = []
    summary = restore_backup(archive, lambda label, done: progress.append((label, done)))
    assert rows_of_data(dump_tables) == before
    assert summary.records["core.sourcetext"] == SourceDocument.objects.count() > 0
    assert ("core.sourcetext", summary.records["core.sourcetext"]) in progress


def test_restore_refuses_a_database_that_holds_data(
    archive: Path, dump_tables: Callable[[], dict[str, list[Any]]]
) -> None:
    before = dump_tables()
    with pytest.raises(BackupError, match="il database non è vuoto"):
        restore_backup(archive)
    assert dump_tables() == before


def rewritten(archive: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the archive with each member passed through `change` (None drops it)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return out


def test_a_broken_record_restores_nothing(
    archive: Path, tmp_path: Path, dump_tables: Callable[[], dict[str, list[Any]]]
) -> None:
    def break_last_plan_item(name: str, content: bytes) -> bytes:
        if not name.endswith("_plans.planitem.jsonl"):
            return content
        lines = content.decode("utf-8").splitlines()
        record = json.loads(lines[-1])
        record["fields"]["plan"] = 999_999_999  # no such plan
        lines[-1] = json.dumps(record)
        return ("\n".join(lines) + "\n").encode("utf-8")

    broken = rewritten(archive, tmp_path / "broken.zip", break_last_plan_item)
    empty_tables(backed_up_models())
    before = dump_tables()
    with pytest.raises(BackupError, match="broken.zip: record non valido.*plans_planitem"):
        restore_backup(broken)
    assert dump_tables() == before


def test_a_record_the_database_refuses_is_named_by_its_line(
    archive: Path, tmp_path: Path, dump_tables: Callable[[], dict[str, list[Any]]]
) -> None:
    """Records are inserted in batches; a batch with a refused record is saved one record at
    a time, so that the message names the line of the one the database refuses."""
    refused_line = RECORDS_PER_INSERT + 7  # in the second batch

    def title_taken_away(name: str, content: bytes) -> bytes:
        if not name.endswith("_plans.planitem.jsonl"):
            return content
        lines = content.decode("utf-8").splitlines()
        assert len(lines) > refused_line
        record = json.loads(lines[refused_line - 1])
        record["fields"]["title"] = None  # a text every item has (NOT NULL)
        lines[refused_line - 1] = json.dumps(record)
        return ("\n".join(lines) + "\n").encode("utf-8")

    broken = rewritten(archive, tmp_path / "senza-titolo.zip", title_taken_away)
    empty_tables(backed_up_models())
    before = dump_tables()
    with pytest.raises(
        BackupError, match=rf"senza-titolo.zip: .*plans.planitem.jsonl, riga {refused_line}: "
    ):
        restore_backup(broken)
    assert dump_tables() == before


def test_restore_says_what_is_wrong_with_the_archive(archive: Path, tmp_path: Path) -> None:
    empty_tables(backed_up_models())
    not_a_zip = tmp_path / "note.zip"
    not_a_zip.write_text("non sono un archivio")
    with pytest.raises(BackupError, match="note.zip: archivio illeggibile"):
        restore_backup(not_a_zip)

    no_manifest = rewritten(
        archive, tmp_path / "senza.zip", lambda name, c: None if name == MANIFEST else c
    )
    with pytest.raises(BackupError, match="non è un archivio di Cruscotto"):
        restore_backup(no_manifest)

    def from_the_future(name: str, content: bytes) -> bytes:
        if name != MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["migrations"]["plans"].append("9999_from_a_newer_version")
        return json.dumps(manifest).encode("utf-8")

    newer = rewritten(archive, tmp_path / "nuovo.zip", from_the_future)
    with pytest.raises(BackupError, match="versione più recente.*plans.9999_from_a_newer"):
        restore_backup(newer)

    def one_record_missing(name: str, content: bytes) -> bytes:
        if not name.endswith("_core.sourcetext.jsonl"):
            return content
        return b"".join(content.splitlines(keepends=True)[1:])

    def from_the_past(name: str, content: bytes) -> bytes:
        if name != MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["migrations"]["plans"].pop()
        return json.dumps(manifest).encode("utf-8")

    older = rewritten(archive, tmp_path / "vecchio.zip", from_the_past)
    with pytest.raises(BackupError, match="versione precedente.*senza le migrazioni plans.0"):
        restore_backup(older)

    short = rewritten(archive, tmp_path / "corto.zip", one_record_missing)
    with pytest.raises(BackupError, match="core.sourcetext: .* invece di"):
        restore_backup(short)
    assert not SourceDocument.objects.exists()
