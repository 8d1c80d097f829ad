"""Schemathesis against the API's own OpenAPI document, as a rep and as an
administrator.

For every operation of ``/api/v1/openapi.json`` Schemathesis generates
requests, valid and invalid, sends them to the application in this process
(its WSGI entry point, with a personal access token of the role) and checks
each answer: no server error, a status and a body that the document
declares, invalid input refused, valid input not refused for its shape.
Every operation is run, and every failure reported together.
"""

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from yeji.api.services import token_create
from yeji.web.tests.conftest import Company
from yeji.wsgi import application

# Examples per operation and generation mode: about 80 operations, so a few
# hundred requests per role, well under a minute on SQLite.
EXAMPLES = 4

# The checks that fit an API whose bodies are read by the import's parsers
# and whose records are named by natural key.  Left out:
# positive_data_acceptance, since a body valid by the schema may still name
# a customer that does not exist (422) or a key taken (409), which the
# document declares; and the checks that need links between operations.
CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    checks.missing_required_header,
    checks.unsupported_method,
]


@pytest.fixture
def _one_connection() -> Iterator[None]:
    """Keep the test's database connection across the in-process requests.

    Django closes a connection at the end of each request; here the
    requests run inside the test's transaction, as the test client's do
    (which disconnects the same handlers).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _failures(company: Company, who: str) -> list[str]:
    _token, secret = token_create(user=company.people[who].user, name="schemathesis")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", application, headers=headers
    )
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            # Schemathesis reports its checks' failures as a group.
            except (Exception, BaseExceptionGroup) as error:
                found.append(f"{who} {operation.label} ({mode.value}): {error}")
    return found


@pytest.mark.parametrize("who", ["rep1", "admin"])
def test_the_api_keeps_to_its_own_document(
    who: str, company: Company, _one_connection: None
) -> None:
    failures = _failures(company, who)

    assert not failures, "\n\n".join(failures)
