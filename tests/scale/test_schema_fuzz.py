"""Schemathesis over the whole OpenAPI schema of a real server process, as the probe ran it.

Every operation, every phase (coverage of boundary and invalid values, fuzzing, stateful sequences),
once as a stranger and once as an admin with an API token, with three checks: no 5xx, only status codes
the schema declares, and bodies that match their declared schema. A fixed seed keeps CI reproducible.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sqlalchemy.orm import Session

from bot.settings import Settings
from bot.web.app import create_app
from intake import staff

pytestmark = pytest.mark.slow

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


def _admin_token(db_engine) -> str:
    with Session(db_engine) as session, session.begin():
        admin = staff.create_staff(session, "fuzz-admin@example.org", "correct horse battery staple", "admin")
        session.flush()
        return staff.issue_api_token(session, admin)


@pytest.mark.parametrize("who", ["stranger", "admin"])
def test_schemathesis_finds_nothing_over_the_whole_schema(server_factory, db_engine, tmp_path, who):
    server = server_factory().start()
    headers = ["-H", f"Authorization: Bearer {_admin_token(db_engine)}"] if who == "admin" else []
    command = [sys.executable, "-m", "schemathesis.cli", "run", f"{server.url}/openapi.json", "--checks", CHECKS,
               "--max-examples", "40", "--workers", "2", "--seed", "15", "--request-timeout", "20", *headers]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600,
                            env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    operations = sum(len(methods) for methods in create_app(Settings()).openapi()["paths"].values())
    assert f"Tested: {operations}" in result.stdout, report  # every operation was exercised
    summary = result.stdout.split("SUMMARY")[-1]
    assert re.search(r"\d+ generated, \d+ passed", summary) and "failure" not in summary, report
