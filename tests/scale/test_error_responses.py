"""An unexpected error in a real server process: a 500 with the security headers, and the keep-alive
connection stays usable (behind a proxy that reuses connections, the next user must not get a 502)."""

from __future__ import annotations

import http.client
import json

import pytest
from sqlalchemy.orm import Session

from intake.db import utcnow
from intake.models import Conversation

pytestmark = pytest.mark.slow

BROKEN = "B" * 32  # a conversation id of the shape the server issues


def _break_a_conversation(db_engine) -> None:
    # A state the core cannot read (as if written by a buggy release): handling it raises TypeError.
    with Session(db_engine) as session, session.begin():
        session.add(Conversation(id=BROKEN, channel="web", lang="ja", state={"intake": 5}, created_at=utcnow(),
                                 updated_at=utcnow()))


def _post(conn: http.client.HTTPConnection, body: dict) -> http.client.HTTPResponse:
    conn.request("POST", "/api/chat", body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response


def test_a_500_carries_the_security_headers_and_keeps_the_connection(server_factory, db_engine):
    server = server_factory().start()
    _break_a_conversation(db_engine)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        failed = _post(conn, {"session_id": BROKEN, "message": "こんにちは"})
        assert failed.status == 500
        headers = {k.lower(): v for k, v in failed.getheaders()}
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers.get("connection", "").lower() != "close"
        sock = conn.sock
        # The next request goes over the very same connection and is answered normally.
        ok = _post(conn, {"message": "開示請求の手数料は？"})
        assert ok.status == 200 and conn.sock is sock
    finally:
        conn.close()
