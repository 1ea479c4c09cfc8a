"""Published documents built once per data version by the worker, then served as files."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from cruscotto.cli import main
from cruscotto.importers.rendiconto import parse_rendiconto
from cruscotto.loaders.common import LoadResult, SourceFile
from cruscotto.loaders.rendiconto import load_rendiconto
from cruscotto.reports.models import PublishedFile
from cruscotto.reports.services import publishing
from cruscotto.reports.services.exports import REPORT_KINDS

pytestmark = pytest.mark.django_db

RELAZIONE = "/documenti/controllo-strategico/torino/2025"
Status = PublishedFile.Status


@contextmanager
def refuse_rendering() -> Iterator[None]:
    """Make any build of the relazione fail, and any reading of its data: what a request
    must never do."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a document was built inside the request")

    kind = REPORT_KINDS["controllo-strategico"]
    with (
        mock.patch.dict(REPORT_KINDS, {kind.name: dataclasses.replace(kind, build=refuse)}),
        mock.patch("cruscotto.reports.services.publishing.build", refuse),
    ):
        yield


def test_the_pdf_is_printed_by_the_worker_never_in_the_request(
    seeded_db: LoadResult, client: Client
) -> None:
    def no_chromium(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("Chromium ran inside the request")

    with (
        mock.patch("cruscotto.reports.render.pdf._print", no_chromium),
        mock.patch("cruscotto.reports.services.kinds.print_html_to_pdf", no_chromium),
        refuse_rendering(),
    ):
        asked = client.get(f"{RELAZIONE}.pdf")
    assert asked.status_code == 202
    assert "Il documento è in preparazione" in asked.content.decode()
    queued = PublishedFile.objects.get()
    assert (queued.kind, queued.ente_code, queued.year, queued.format, queued.status) == (
        "controllo-strategico", "torino", 2025, "pdf", Status.QUEUED,
    )  # fmt: skip

    assert publishing.process_queue() == 1  # the worker prints it, with Chromium

    with (
        mock.patch("cruscotto.reports.render.pdf._print", no_chromium),
        refuse_rendering(),
    ):
        served = client.get(f"{RELAZIONE}.pdf")
        again = client.get(f"{RELAZIONE}.pdf", HTTP_IF_NONE_MATCH=served["ETag"])
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == (
        'attachment; filename="controllo-strategico-torino-2025.pdf"'
    )
    content = served.getvalue()
    assert content.startswith(b"%PDF-")
    built = PublishedFile.objects.get()
    assert (built.status, built.progress, built.size) == (Status.READY, 100, len(content))
    assert served["ETag"] == f'"{built.sha256}"'
    assert served["Last-Modified"]
    assert again.status_code == 304


def test_asking_twice_queues_one_build_and_the_page_follows_it(
    seeded_db: LoadResult, client: Client
) -> None:
    with refuse_rendering():
        first = client.get(f"{RELAZIONE}.html")
        second = client.get(f"{RELAZIONE}.html")
    assert (first.status_code, second.status_code) == (202, 202)
    assert PublishedFile.objects.count() == 1
    page = second.content.decode()
    assert "Il documento è in preparazione" in page
    assert "In coda (0%)" in page
    assert second["Refresh"] == "3"  # reloads itself, without a script
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert "no-store" in second["Cache-Control"]

    # The worker reports its steps; the page shows the one under way.
    published = PublishedFile.objects.get()
    assert publishing.claim(published)
    publishing.report_step(published, 30, "Composizione")
    with refuse_rendering():
        following = client.get(f"{RELAZIONE}.html").content.decode()
    assert "In preparazione: Composizione (30%)" in following
    assert '<progress class="w-100" max="100" value="30"' in following
    assert publishing.claim(published) is False  # a second worker does not take it


def test_a_data_change_makes_the_document_stale_and_the_worker_builds_it_again(
    seeded_db: LoadResult,
    client: Client,
    fetch_document: Callable[[str], Any],
    rendiconto_text: str,
    tmp_path: Path,
) -> None:
    before = fetch_document(f"{RELAZIONE}.html")
    assert before.status_code == 200
    first_build = PublishedFile.objects.get()
    old_title = "Miglioramento della redazione degli atti deliberativi"
    new_title = "Miglioramento nella redazione degli atti deliberativi"
    assert old_title in before.getvalue().decode()

    # The corrected relazione imported again: a write through the import service.
    path = tmp_path / "000_014bd498e15be787.txt"
    path.write_text(rendiconto_text.replace(old_title, new_title), encoding="utf-8")
    source = SourceFile.read(path)
    load_rendiconto(parse_rendiconto(source.text), source, actor="test")
    assert publishing.data_version("torino") != first_build.data_version

    with refuse_rendering():
        stale = client.get(f"{RELAZIONE}.html")
    assert stale.status_code == 202
    page = stale.content.decode()
    assert f'href="?versione={first_build.data_version}"' in page  # the earlier build, meanwhile
    assert "potrebbe non contenere le modifiche più recenti" in page
    with refuse_rendering():
        earlier = client.get(f"{RELAZIONE}.html?versione={first_build.data_version}")
    assert old_title in earlier.getvalue().decode()

    assert publishing.process_queue() == 1
    rebuilt = client.get(f"{RELAZIONE}.html")
    assert rebuilt.status_code == 200
    text = rebuilt.getvalue().decode()
    assert new_title in text and old_title not in text
    # The new build replaces the old one, file and row.
    (current,) = PublishedFile.objects.all()
    assert current.pk != first_build.pk
    assert not publishing.file_path(first_build).exists()
    assert publishing.file_path(current).exists()
    with refuse_rendering():
        assert (
            client.get(f"{RELAZIONE}.html?versione={first_build.data_version}").status_code == 404
        )


def test_a_failed_build_is_recorded_and_shown_in_italian_and_can_be_retried(
    seeded_db: LoadResult, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get(f"{RELAZIONE}.pdf")
    # A machine without Chromium, and no copy printed before.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("cruscotto.reports.render.pdf.pdf_cache_dir", lambda: tmp_path / "cache")
    assert publishing.process_queue() == 1
    failed = PublishedFile.objects.get()
    assert failed.status == Status.FAILED
    assert failed.error.startswith(
        "per il PDF serve Chromium (su Debian: apt-get install chromium-headless-shell, o chromium)"
    )
    assert failed.file_name == ""

    page = client.get(f"{RELAZIONE}.pdf")
    assert page.status_code == 503
    text = page.content.decode()
    assert "Il documento non è stato preparato" in text
    assert "La preparazione non è riuscita: per il PDF serve Chromium" in text
    assert "Riprova" in text
    assert "Refresh" not in page  # a failure does not reload itself
    assert PublishedFile.objects.get().status == Status.FAILED  # showing it queues nothing

    retried = client.post(f"{RELAZIONE}.pdf")
    assert retried.status_code == 302
    assert PublishedFile.objects.get().status == Status.QUEUED


def test_a_build_stopped_half_way_or_abandoned_goes_back_to_the_queue(
    seeded_db: LoadResult, client: Client
) -> None:
    client.get(f"{RELAZIONE}.html")
    # The worker stopped (Ctrl-C, the server stopping) while building.
    with (
        mock.patch("cruscotto.reports.services.publishing.build", side_effect=KeyboardInterrupt),
        pytest.raises(KeyboardInterrupt),
    ):
        publishing.process_queue()
    assert PublishedFile.objects.get().status == Status.QUEUED
    # A worker that died (killed) leaves its build `building`, silent: taken again later.
    assert publishing.claim(PublishedFile.objects.get())
    assert publishing.process_queue() == 0  # still under way, for all we know
    PublishedFile.objects.update(updated_at=timezone.now() - timedelta(minutes=16))
    assert publishing.process_queue() == 1
    assert PublishedFile.objects.get().status == Status.READY


def test_a_document_that_does_not_exist_queues_nothing(
    seeded_db: LoadResult, client: Client
) -> None:
    assert client.get("/documenti/controllo-strategico/torino/2031.pdf").status_code == 404
    assert client.get("/documenti/controllo-strategico/milano/2025.pdf").status_code == 404
    assert client.get(f"{RELAZIONE}.doc").status_code == 404
    assert not PublishedFile.objects.exists()


def test_the_worker_command_builds_what_the_site_asked_for(
    seeded_db: LoadResult, client: Client
) -> None:
    client.get(f"{RELAZIONE}.xlsx")
    client.get(f"{RELAZIONE}.html")
    result = CliRunner().invoke(main, ["documents", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 documenti preparati." in result.output
    assert sorted(PublishedFile.objects.values_list("format", "status")) == [
        ("html", Status.READY),
        ("xlsx", Status.READY),
    ]
    assert client.get(f"{RELAZIONE}.xlsx").status_code == 200


def test_the_build_command_prepares_documents_once_per_data_version(
    seeded_db: LoadResult, client: Client
) -> None:
    arguments = ["documents", "build", "--kind", "controllo-strategico", "--ente", "torino"]
    arguments += ["--year", "2025", "--format", "xlsx"]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert "controllo-strategico-torino-2025.xlsx: pronto" in first.output
    assert "1 documenti pronti su 1." in first.output
    built = PublishedFile.objects.get()
    assert built.status == Status.READY and publishing.file_path(built).exists()

    with refuse_rendering():
        second = CliRunner().invoke(main, arguments)
        served = client.get(f"{RELAZIONE}.xlsx")
    assert second.exit_code == 0, second.output
    assert PublishedFile.objects.get().pk == built.pk  # the same data: not built again
    assert served.status_code == 200
    assert served.getvalue() == publishing.file_path(built).read_bytes()


def test_documents_help_is_italian() -> None:
    for command in ("build", "worker"):
        result = CliRunner().invoke(main, ["documents", command, "--help"])
        assert result.exit_code == 0
        assert "Prepara" in result.output


def test_a_file_gone_from_var_is_built_again(seeded_db: LoadResult, client: Client) -> None:
    wanted = publishing.Wanted(REPORT_KINDS["controllo-strategico"], "torino", 2025, "xlsx")
    built = publishing.build_now(wanted)
    publishing.file_path(built).unlink()
    with refuse_rendering():
        gone = client.get(f"{RELAZIONE}.xlsx")
        again = client.get(f"{RELAZIONE}.xlsx")
    assert (gone.status_code, gone["Location"]) == (302, f"{RELAZIONE}.xlsx")
    assert again.status_code == 202
    assert PublishedFile.objects.get().status == Status.QUEUED


def document_workers_of(server: int) -> list[int]:
    """The parent of each `documents worker` process that `server` started (by its
    --stop-with): an orphan left behind would have another parent."""
    parents = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode()
            stat = (cmdline.parent / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        if f"documents worker --stop-with {server}" in command:
            parents.append(int(stat.rsplit(")", 1)[1].split()[1]))
    return parents


def test_serve_starts_the_worker_with_threaded_gunicorn_and_stops_it(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "CRUSCOTTO_VAR": str(tmp_path / "var"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cruscotto", "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # As a shell starts a command in the background (a script's `&`, a CI job): SIGINT
        # ignored, and inherited by the worker, which must stop all the same.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as home:
                    assert home.status == 200
                break
            except OSError:
                time.sleep(0.3)
        assert document_workers_of(server.pid) == [server.pid]
    finally:
        stopping = time.monotonic()
        server.terminate()
        _, log = server.communicate(timeout=60)
    assert "Using worker: gthread" in log
    assert document_workers_of(server.pid) == []  # stopped with the server, not orphaned
    # The worker stops when asked, not when killed after serve's wait for it (10 s).
    assert time.monotonic() - stopping < 8
