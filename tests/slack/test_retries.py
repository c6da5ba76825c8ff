"""Slack retries are handled once (also across app instances), and Web API errors never crash a listener."""

from __future__ import annotations

import json
import threading

from sqlalchemy import select

from intake.models import ProcessedEvent
from tests.slack import payloads


def test_a_retried_event_is_answered_once(slack):
    event = payloads.message_im("開示請求の手数料は？")
    first = slack.event(event, event_id="Ev0RETRY001")
    again = slack.event(event, event_id="Ev0RETRY001", retry=1)
    third = slack.event(event, event_id="Ev0RETRY001", retry=2)
    assert (first.status_code, again.status_code, third.status_code) == (200, 200, 200)
    assert len(slack.mock.of("chat.postMessage")) == 1
    with slack.ctx.sessions() as session:
        assert session.scalars(select(ProcessedEvent.event_id)).all() == ["Ev0RETRY001"]


def test_different_events_with_the_same_text_are_both_answered(slack):
    slack.event(payloads.message_im("開示請求の手数料は？"), event_id="Ev0A")
    slack.event(payloads.message_im("開示請求の手数料は？"), event_id="Ev0B")
    assert len(slack.mock.wait_for("chat.postMessage", 2)) == 2


def test_two_app_instances_receiving_copies_at_once_answer_once(slack, second_slack):
    event = payloads.message_im("開示請求の手数料は？")
    body = json.dumps(payloads.event_callback(event, "Ev0TWOPROC1"), ensure_ascii=False)
    statuses: list[int] = []
    barrier = threading.Barrier(4)

    def deliver(app, retry: int) -> None:
        headers = {"X-Slack-Retry-Num": str(retry)} if retry else {}
        barrier.wait()
        statuses.append(app.post(body, "application/json", headers=headers).status_code)

    threads = [threading.Thread(target=deliver, args=(app, n)) for n, app in
               enumerate((slack, second_slack, slack, second_slack))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slack.wait()
    second_slack.wait()
    assert statuses == [200, 200, 200, 200]
    assert len(slack.mock.of("chat.postMessage")) == 1


def test_a_rate_limited_reply_is_retried_after_retry_after(slack):
    slack.mock.fail("chat.postMessage", "ratelimited", retry_after=1)
    slack.event(payloads.message_im("開示請求の手数料は？"))
    first, second = slack.mock.wait_for("chat.postMessage", 2)
    assert second.at - first.at >= 0.9  # waited for Retry-After
    assert second.params["blocks"] == first.params["blocks"]


def test_channel_not_found_is_reported_and_the_bot_keeps_working(slack, caplog):
    slack.mock.fail("chat.postMessage", "channel_not_found")
    with caplog.at_level("ERROR", logger="bot.slack.api"):
        slack.event(payloads.message_im("開示請求の手数料は？"))
    assert len(slack.mock.of("chat.postMessage")) == 1  # not retried: it would fail again
    assert any("channel_not_found" in r.getMessage() for r in caplog.records)
    assert not any("手数料" in r.getMessage() for r in caplog.records)  # the question is not logged
    slack.event(payloads.message_im("開示請求の手数料は？"))
    assert len(slack.mock.wait_for("chat.postMessage", 2)) == 2
