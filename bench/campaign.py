"""Benchmark: a monitoring campaign's board and one unit's spreadsheet upload.

Builds an ente of 50 units and a DUP of 500 activities (each with a result indicator
counted last year), opens the 2026 campaign, then prints the p95 of computing the
progress board, the p95 and SQL queries of the rendered pages (the board and one unit's
page, through Django's test client logged in as the ufficio), and the time of uploading
one unit's filled sheet (10 activities and their indicators). Targets (issue 15): the
board ≤ 150 ms p95, the upload ≤ 1 s; the last line sums them up.

    .venv/bin/python bench/campaign.py [--runs 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

UNITS = 50
ACTIVITIES = 500
YEAR = 2026


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--database-url", help="default: a fresh SQLite file in a temporary directory"
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="cruscotto-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    from cruscotto.cli import setup_django

    setup_django()  # as the command line sets up Django and Python (cruscotto.runtime)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from cruscotto.accounts.models import Role
    from cruscotto.accounts.services.users import unit_code
    from cruscotto.campaigns.services.progress import progress
    from cruscotto.campaigns.services.spreadsheet import template_sheets, upload_workbook
    from cruscotto.campaigns.services.todo import unit_todos
    from cruscotto.campaigns.synthetic import build_synthetic_campaign
    from cruscotto.core.models import OrgUnit
    from cruscotto.core.xlsx import render_sheets

    call_command("migrate", verbosity=0)
    print(f"Costruzione: {UNITS} unità, {ACTIVITIES} attività…", flush=True)
    built = build_synthetic_campaign("bench", UNITS, ACTIVITIES, YEAR)
    campaign, ente, units = built.campaign, built.campaign.ente, built.units
    referente = User.objects.create_user("referente", "r@example.org", "x")
    Role.objects.create(user=referente, ente=ente, kind="referente").org_units.add(units[0])

    board = []
    for _ in range(args.runs):
        started = time.perf_counter()
        progress(campaign)
        board.append((time.perf_counter() - started) * 1000)
    ufficio = built.ufficio
    setup_test_environment()  # the test client's ALLOWED_HOSTS
    client = Client()
    client.force_login(ufficio)
    pages = {
        "board page": f"/riservata/campagne/{campaign.pk}/",
        "unit page": f"/riservata/campagne/{campaign.pk}/unita/{unit_code(units[0])}/",
    }
    rendered: dict[str, tuple[float, int]] = {}
    for name, url in pages.items():
        times, queries = [], 0
        client.get(url)  # the first request loads templates and URLconf: not the page's cost
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        rendered[name] = (statistics.quantiles(times, n=20)[-1], queries)
        print(f"{name}: p95 {rendered[name][0]:.1f} ms, {queries} queries "
              f"(median {statistics.median(times):.1f} ms, {args.runs} runs)", flush=True)  # fmt: skip
    (todo,) = unit_todos(campaign, OrgUnit.objects.filter(pk=units[0].pk))
    sheets = template_sheets(todo, YEAR)
    for row in sheets["attivita"][1:]:
        row[2], row[3] = "Concluso", "Azioni dell'anno."
    for row in sheets["indicatori"][1:]:
        row[2], row[3] = str(YEAR), "120"
    data = render_sheets(sheets)
    started = time.perf_counter()
    result = upload_workbook(referente, campaign, data)
    upload_ms = (time.perf_counter() - started) * 1000
    p95 = statistics.quantiles(board, n=20)[-1]
    print(f"board for {UNITS} units, {ACTIVITIES} activities: p95 {p95:.1f} ms "
          f"(median {statistics.median(board):.1f} ms, {args.runs} runs)")  # fmt: skip
    print(f"upload of one unit's sheet ({result.saved} values): {upload_ms:.0f} ms")
    board_page = rendered["board page"][0]
    ok = board_page <= 150 and upload_ms <= 1000
    print(f"summary: board page p95 {board_page:.1f} ms (≤ 150), unit page p95 "
          f"{rendered['unit page'][0]:.1f} ms, upload {upload_ms:.0f} ms (≤ 1000): "
          f"{'targets met' if ok else 'TARGETS MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
