"""Schemathesis against the live schema, on the seeds: generated GET requests to every read
endpoint of /api/v1/, and generated POST requests to every write endpoint, made with the
token of an ufficio di controllo during an open campaign (so that they reach the services'
rules, not only the authentication); no server error, and every answer conforms to the
schema (status declared, content type, body shape, headers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from campaign_people import People
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cruscotto.accounts.services.tokens import create_token
from cruscotto.accounts.services.users import unit_code
from cruscotto.campaigns.models import Campaign
from cruscotto.loaders.common import LoadResult
from cruscotto.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ENDPOINT = 25


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """Keep the test's database connection across WSGI calls, as Django's test client does:
    a request's end would close it, and the test's transaction with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_generated_reads_conform_to_the_schema(seeded_db: LoadResult) -> None:
    with connections_kept_open():
        check_every_read_endpoint()


def test_generated_writes_conform_to_the_schema(people: People, campaign: Campaign) -> None:
    token = create_token(people.ufficio.username, "write").secret
    # Every other request names the open campaign and one of its units, so that generated
    # bodies reach the services' rules and not only the lookup's 404.
    campaign_paths = {
        "ente": campaign.plan.ente.code,
        "kind": campaign.plan.kind,
        "code": campaign.plan.code,
        "year": campaign.year,
        "unit": unit_code(people.unit),
    }
    with connections_kept_open():
        statuses = check_every_endpoint(
            "POST",
            expected=6,
            headers={"Authorization": f"Bearer {token}"},
            at_least=100,
            # A write's acceptance depends on more than its shape (the file must be a
            # document Cruscotto reads, the unit must be in the campaign, the campaign
            # open): a well-shaped request may rightly be refused with 400 or 422.
            excluded=[positive_data_acceptance],
            real_paths=campaign_paths,
        )
    reached = {status for status in statuses if status not in (401, 403, 404)}
    assert len(reached) >= 2, statuses


def check_every_read_endpoint() -> None:
    check_every_endpoint("GET", expected=18, headers={}, at_least=200, excluded=[], real_paths={})


def check_every_endpoint(
    method: str,
    expected: int,
    headers: dict[str, str],
    at_least: int,
    excluded: list[Any],
    real_paths: dict[str, Any],
) -> Counter[int]:
    """Calls every operation of `method` with generated requests, validating each answer;
    returns how many answers had each status."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.include(method=method).get_all_operations()]
    assert len(operations) == expected, [operation.label for operation in operations]
    calls: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ENDPOINT,
            deadline=None,
            database=None,
            # a failure prints the @reproduce_failure blob that replays it exactly
            print_blob=True,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            if real_paths and case.path_parameters and calls[case.operation.label] % 2:
                case.path_parameters = {
                    name: real_paths.get(name, value)
                    for name, value in case.path_parameters.items()
                }
            response = case.call_and_validate(headers=headers, excluded_checks=excluded)
            calls[case.operation.label] += 1
            statuses[response.status_code] += 1

        call()
    assert len(calls) == len(operations) and sum(calls.values()) >= at_least, calls
    return statuses
