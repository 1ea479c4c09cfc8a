"""Schemathesis against the live schema: generated GET requests to every read endpoint of
/api/v1/, on the seeds; no server error, and every answer conforms to the schema (status
declared, content type, body shape, headers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

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


def check_every_read_endpoint() -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) == 17
    calls: Counter[str] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ENDPOINT,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            case.call_and_validate()
            calls[case.operation.label] += 1

        call()
    assert len(calls) == len(operations) and sum(calls.values()) >= 200, calls
