"""Schemathesis against the live API (a real HTTP server, a read and write token): every operation
of the OpenAPI document, with generated requests, answers without a 5xx and as the document says
(status codes, media types, bodies, headers).

Runs once, on the PostgreSQL pass of the suite (``WEBINARS_TEST_DATABASE_URL``), with a bounded
number of examples per operation so that it takes a few minutes at most.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

from tests import factories
from tests.api.helpers import new_token
from tests.registration.attendees import open_webinar

pytestmark = pytest.mark.skipif(
    not os.environ.get("WEBINARS_TEST_DATABASE_URL", "").startswith(("postgresql", "postgres:")),
    reason="runs once, on the PostgreSQL pass (WEBINARS_TEST_DATABASE_URL)",
)

EXAMPLES_PER_OPERATION = 25
# The document gives the shapes; the rules (times in the zone, seats, lengths...) are the forms' and the
# services' (webinars/api/validation.py), so a well-shaped request may still be refused with 422 or 409.


@pytest.fixture
def api_schema(app, live_server):
    organization = factories.make_organization("APEBI — Pôle Offshoring")
    webinar = open_webinar(organization, capacity=5)
    factories.make_registration(webinar)
    token = new_token(organization)
    schema = schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")
    schema.config.base_url = live_server
    schema.token = token
    return schema


def test_every_operation_answers_as_documented(api_schema):
    # Each operation in turn (Schemathesis's pytest plugin does not run under pytest 9 yet).
    failures = {}
    # Given to each call as an explicit header, so Schemathesis also checks that requests without it, or
    # with another token, are refused.
    authorization = {"Authorization": f"Bearer {api_schema.token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_as_documented(case):
            case.call_and_validate(headers=authorization, excluded_checks=[positive_data_acceptance])

        try:
            answers_as_documented()
        except Exception as failure:  # noqa: BLE001  (every operation is tried; all failures are reported)
            failures[operation.label] = failure
    assert failures == {}
