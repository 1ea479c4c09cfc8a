"""Schemathesis against the live schema: generated GET requests to every read endpoint of
/api/v1/, on the seeds; no server error, and every answer conforms to the schema (status
declared, content type, body shape, headers)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from cruscotto.loaders.common import LoadResult
from cruscotto.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ENDPOINT = 25


def test_generated_reads_conform_to_the_schema(seeded_db: LoadResult) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) == 14
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
