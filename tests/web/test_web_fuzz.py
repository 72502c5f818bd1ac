"""API fuzzing: schemathesis generates requests from the OpenAPI schema; no answer may be a 5xx."""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from web_store import build_store

from chainnav.web.app import create_app

# schemathesis reads the schema when the module is collected, so the store is built here.
_folder = tempfile.TemporaryDirectory(prefix="chainnav-fuzz-")
atexit.register(_folder.cleanup)
_app = create_app(build_store(Path(_folder.name) / "fuzz.duckdb"), read_only=True)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)
# The coverage phase (boundary and enum values, missing and malformed parameters) finds most
# problems; the random fuzzing phase is kept small so the suite stays within its time budget.
schema.config.phases.update(phases=["coverage", "fuzzing"])


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_has_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))
    if response.status_code >= 400:
        assert "error" in response.json()  # every refusal says what was wrong
