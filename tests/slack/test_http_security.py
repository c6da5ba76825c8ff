"""Signature checks, the 404 without Slack settings, and the 3-second ack without blocking the server."""

from __future__ import annotations

import json
import threading
import time

from sqlalchemy import func, select

from intake.models import Conversation, ProcessedEvent, QuestionLog
from tests.slack import payloads


def _nothing_happened(slack) -> None:
    slack.wait()
    assert slack.mock.calls == []  # not even auth.test: no listener, no middleware past the check
    with slack.ctx.sessions() as session:
        for model in (Conversation, ProcessedEvent, QuestionLog):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def _event_body() -> str:
    return json.dumps(payloads.event_callback(payloads.message_im("開示請求の手数料は？")), ensure_ascii=False)


def test_a_wrong_signature_is_refused_and_nothing_runs(slack):
    response = slack.post(_event_body(), "application/json", secret="not-the-signing-secret")
    assert response.status_code == 401
    _nothing_happened(slack)


def test_missing_signature_headers_are_refused(slack):
    response = slack.client.post("/slack/events", content=_event_body().encode(),
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    _nothing_happened(slack)


def test_a_signature_over_a_different_body_is_refused(slack):
    headers = payloads.sign(slack.secret, _event_body())
    tampered = _event_body()  # a different message (new ids, new timestamp)
    response = slack.client.post("/slack/events", content=tampered.encode(),
                                 headers={"Content-Type": "application/json", **headers})
    assert response.status_code == 401
    _nothing_happened(slack)


def test_a_stale_timestamp_is_refused_even_with_a_valid_signature(slack):
    six_minutes_ago = int(time.time()) - 6 * 60
    response = slack.post(_event_body(), "application/json", timestamp=six_minutes_ago)
    assert response.status_code == 401
    _nothing_happened(slack)
    # The same request signed just now goes through: the timestamp alone made the difference.
    assert slack.post(_event_body(), "application/json").status_code == 200


def test_a_refused_slash_command_posts_nothing(slack):
    fields = payloads.slash_command("手数料は？", slack.mock.response_url())
    response = slack.post(payloads.form_body(fields), "application/x-www-form-urlencoded", secret="wrong")
    assert response.status_code == 401
    _nothing_happened(slack)


def test_without_slack_settings_the_endpoint_says_so(client):
    response = client.post("/slack/events", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 404
    assert "SLACK_BOT_TOKEN" in response.json()["detail"]


def test_the_ack_does_not_wait_for_slow_slack_calls(slack):
    # Slack holds the answer's postMessage until the test lets it go: the ack must come back first.
    # (Causal, not timed: on a loaded machine a fast ack can still take seconds.)
    release, answered = threading.Event(), threading.Event()

    def slow_slack(_call) -> None:  # type: ignore[no-untyped-def]
        release.wait(timeout=30)  # bounded: an ack that waited fails below instead of hanging
        answered.set()

    slack.mock.on("chat.postMessage", slow_slack)
    response = slack.event(payloads.message_im("開示請求の手数料は？"), wait=False)
    acked_before_slack_answered = not answered.is_set()
    release.set()
    assert response.status_code == 200
    assert acked_before_slack_answered
    [call] = slack.mock.wait_for("chat.postMessage")  # …and the answer still arrives afterwards
    assert "1,000円" in call.params["text"]


def test_dispatch_does_not_block_the_event_loop(slack):
    # auth.test is called inside Bolt's dispatch (before the ack); Slack holds it until the test lets go.
    entered, release, answered = threading.Event(), threading.Event(), threading.Event()

    def slow_slack(_call) -> None:  # type: ignore[no-untyped-def]
        entered.set()
        release.wait(timeout=30)
        answered.set()

    slack.mock.on("auth.test", slow_slack)
    thread = threading.Thread(target=lambda: slack.event(payloads.message_im("開示請求の手数料は？"), wait=False))
    thread.start()
    assert entered.wait(timeout=30), "the event never reached Slack's auth.test"
    health = slack.client.get("/healthz").status_code
    answered_while_slack_waited = not answered.is_set()
    release.set()
    thread.join(timeout=60)
    assert health == 200
    assert answered_while_slack_waited  # the health check did not queue behind the Slack request
    slack.wait()
