"""Fuzz every HTTP operation from the app's own OpenAPI schema (schemathesis): no 500s, schema-true replies.

Operations are enumerated from the live schema, so a new endpoint is fuzzed without editing this file.
(Schemathesis' pytest plugin does not support this pytest version, so each operation's Hypothesis
strategy is driven directly.) tests/scale/test_schema_fuzz.py runs the schemathesis CLI, all phases,
against a real server process.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from bot.settings import Settings
from bot.web.app import create_app

OPERATIONS = sorted(
    (method.upper(), path)
    for path, methods in create_app(Settings()).openapi()["paths"].items()
    for method in methods
)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_survives_generated_input(app, ctx, method, path):
    app.state.chat_limiter.limit = 10**9  # the limiter is tested elsewhere; here it would hide real errors
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema[path][method].ok() if hasattr(schema[path][method], "ok") else schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance, response_schema_conformance])

    run()


def test_the_schema_covers_the_public_api():
    assert {("POST", "/api/chat"), ("POST", "/api/requests"), ("GET", "/api/requests/{reference}"),
            ("GET", "/healthz")} <= set(OPERATIONS)
