"""Correctly signed Slack requests whose body is not what Slack sends get a 400 that says so, never a 500.

The signature proves the sender holds the signing secret, not that the body is well formed (a bug in a
proxy, a replayed fragment, a hand-made request): nothing may run, and the answer must be clear.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import pytest

from tests.slack import payloads

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _event(**change) -> str:
    return json.dumps({**payloads.event_callback(payloads.message_im("こんにちは")), **change})


def _interactive(payload: object) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _signed(secret: str, raw: bytes) -> dict[str, str]:
    """Slack's v0 signature over the exact bytes sent (even bytes that are not UTF-8)."""
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


MALFORMED = [
    pytest.param('{"type":"event_callback",', JSON, id="truncated-json"),
    pytest.param("[1,2,3]", JSON, id="json-array"),
    pytest.param("null", JSON, id="json-null"),
    pytest.param('"just a string"', JSON, id="json-string"),
    pytest.param(b"\xff\xfe{}", JSON, id="not-utf8"),
    pytest.param("payload={not json", FORM, id="payload-not-json"),
    pytest.param("payload=%5B1%5D", FORM, id="payload-array"),
    pytest.param(_event(event=None), JSON, id="event-null"),
    pytest.param(_event(event="x"), JSON, id="event-string"),
    pytest.param(_event(event={"type": ["message"]}), JSON, id="event-type-list"),
    pytest.param(_interactive({"type": "view_submission", "view": "x"}), FORM, id="view-string"),
    pytest.param(_interactive({"type": "block_actions", "actions": "x", "user": {"id": "U1"}}), FORM,
                 id="actions-string"),
    pytest.param(_interactive({"type": "block_actions", "user": None, "actions": []}), FORM, id="user-null"),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_a_signed_but_malformed_body_is_a_clear_400(slack, body, content_type):
    raw = body if isinstance(body, bytes) else body.encode()
    response = slack.client.post("/slack/events", content=raw,
                                 headers={"Content-Type": content_type, **_signed(slack.secret, raw)})
    assert response.status_code == 400, response.text
    assert "Slack" in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"
    slack.wait()
    assert [c.method for c in slack.mock.calls if c.method != "auth.test"] == []


def test_the_well_formed_request_after_them_is_answered(slack):
    slack.post("null", JSON)
    response = slack.event(payloads.message_im("開示請求の手数料は？"))
    assert response.status_code == 200
    [call] = slack.mock.wait_for("chat.postMessage")
    assert "1,000円" in call.params["text"]


def test_a_signature_header_with_odd_bytes_is_simply_invalid(slack):
    body = _event().encode()
    headers = {**_signed(slack.secret, body), "X-Slack-Signature": "v0=é" + "0" * 63}
    response = slack.client.post("/slack/events", content=body,
                                 headers={"Content-Type": JSON, **{k: v.encode("latin-1") for k, v in headers.items()}})
    assert response.status_code == 401
