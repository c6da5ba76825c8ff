"""Secretariat triage: the post (no personal data), Claim (one winner), and outbox delivery errors."""

from __future__ import annotations

import datetime as dt
import json
import threading

from sqlalchemy import select

from intake import outbox
from intake.db import utcnow
from intake.models import OutboxMessage, Staff, Ticket
from intake.requests import TicketRequest
from tests.slack import payloads
from tests.slack.conftest import TRIAGE

AGENT_REQUEST = {"kind": "disclosure", "requester": "agent", "name": "佐藤 花子", "email": "hanako.sato@example.org",
                 "postal_address": "大阪府大阪市北区梅田3-3-3", "organization": "株式会社ミナミ物流",
                 "details": "2022年の人事評価の記録", "agent_name": "弁護士 鈴木 一郎"}


def _new_ticket(ctx) -> str:
    with ctx.transaction() as session:
        created, _ = ctx.core.open_request(session, TicketRequest(**AGENT_REQUEST), channel="web",
                                           channel_user=None, lang="ja")
        return created.ticket.reference


def _triage_post(slack):
    slack.ctx.dispatcher.stop()  # deliver deterministically, in this thread
    reference = _new_ticket(slack.ctx)
    assert slack.ctx.dispatcher.run_pending() == 1
    [post] = slack.mock.of("chat.postMessage")
    return reference, post


def _claim(slack, user: str, reference: str, message_ts: str):
    action = {"action_id": "triage:claim", "block_id": "triage", "value": reference}
    return slack.interactive(payloads.block_actions(action, user=user, channel=TRIAGE, message_ts=message_ts),
                             wait=False)


def test_a_new_ticket_is_posted_to_triage_without_personal_data(slack):
    reference, post = _triage_post(slack)
    assert post.params["channel"] == TRIAGE
    shown = json.dumps(post.params, ensure_ascii=False)
    for value in AGENT_REQUEST.values():
        if value not in ("disclosure", "agent"):
            assert value not in shown, f"personal data in triage: {value}"
    for part in ("佐藤", "hanako", "梅田", "ミナミ", "人事評価", "鈴木"):
        assert part not in shown
    assert reference in post.params["text"]
    with slack.ctx.sessions() as session:
        due = session.scalars(select(Ticket.due_at)).one()
    assert due.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%d") in shown
    assert "開示" in shown and "代理人" in shown and "web" in shown
    buttons = post.params["blocks"][-1]["elements"]
    assert buttons[0]["action_id"] == "triage:claim" and buttons[0]["value"] == reference
    assert buttons[1]["url"] == f"http://testserver/staff/tickets/{reference}"


def test_claim_by_linked_staff_records_the_staff_and_updates_the_post(slack):
    with slack.ctx.transaction() as session:
        session.add(Staff(email="kimura@secretariat.example", password_hash="x", slack_user_id="U0STAFF01"))
    reference, post = _triage_post(slack)
    _claim(slack, "U0STAFF01", reference, "1700000000.000001")
    slack.wait()
    [update] = slack.mock.of("chat.update")
    assert update.params["channel"] == TRIAGE and update.params["ts"] == "1700000000.000001"
    shown = json.dumps(update.params["blocks"], ensure_ascii=False)
    assert "<@U0STAFF01>" in shown and "triage:claim" not in shown and "triage:open" in shown
    with slack.ctx.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        staff = session.scalars(select(Staff)).one()
        assert (ticket.assigned_to, ticket.assignee_id) == ("kimura@secretariat.example", staff.id)


def test_two_simultaneous_claims_have_exactly_one_winner(slack):
    reference, _post = _triage_post(slack)
    barrier = threading.Barrier(2)
    responses = []

    def click(user: str) -> None:
        barrier.wait()
        responses.append(_claim(slack, user, reference, "1700000000.000001").status_code)

    threads = [threading.Thread(target=click, args=(user,)) for user in ("U0AAAA001", "U0BBBB001")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slack.wait()
    assert responses == [200, 200]
    [update] = slack.mock.of("chat.update")
    [refusal] = slack.mock.of("chat.postEphemeral")
    with slack.ctx.sessions() as session:
        holder = session.scalars(select(Ticket.assigned_to)).one()
    winner = holder.removeprefix("slack:")
    loser = ({"U0AAAA001", "U0BBBB001"} - {winner}).pop()
    assert f"<@{winner}>" in json.dumps(update.params["blocks"])
    assert refusal.params["user"] == loser and refusal.params["channel"] == TRIAGE
    assert f"<@{winner}>" in refusal.params["text"] and reference in refusal.params["text"]


def test_a_rate_limited_triage_post_is_retried_after_retry_after(slack):
    slack.ctx.dispatcher.stop()
    slack.mock.fail("chat.postMessage", "ratelimited", retry_after=7)
    _new_ticket(slack.ctx)
    assert slack.ctx.dispatcher.run_pending() == 0
    with slack.ctx.sessions() as session:
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "ticket.created")).one()
        assert message.sent_at is None and message.attempts == 1 and "ratelimited" in message.last_error
        assert message.next_attempt_at >= utcnow() + dt.timedelta(seconds=5)


def test_a_triage_channel_the_bot_is_not_in_is_reported_and_retried(slack):
    slack.ctx.dispatcher.stop()
    slack.mock.fail("chat.postMessage", "not_in_channel")
    _new_ticket(slack.ctx)
    assert slack.ctx.dispatcher.run_pending() == 0
    with slack.ctx.sessions() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert "not_in_channel" in message.last_error and "invite the bot" in message.last_error
        assert message.sent_at is None


def test_status_notices_are_dmed_to_the_applicant(slack):
    slack.ctx.dispatcher.stop()
    with slack.ctx.transaction() as session:
        outbox.enqueue(session, "slack.dm", {"user": "U0ALICE01", "reference": "REQ-2026-000001",
                                             "text": "REQ-2026-000001: 書類を受領しました <確認中>"})
    assert slack.ctx.dispatcher.run_pending() == 1
    [opened] = slack.mock.of("conversations.open")
    [dm] = slack.mock.of("chat.postMessage")
    assert opened.params["users"] == "U0ALICE01" and dm.params["channel"] == "D0ALICE01"
    assert dm.params["text"] == "REQ-2026-000001: 書類を受領しました &lt;確認中&gt;"


def test_the_channel_neutral_notice_reaches_the_applicants_dm(slack):
    """A status change of a request made in Slack is told in the DM (older ``slack.dm`` rows: above)."""
    from intake.status import Status
    from intake.workflow import Move, apply_move

    ctx = slack.ctx
    ctx.dispatcher.stop()
    with ctx.transaction() as session:
        created, _kit = ctx.core.open_request(session, TicketRequest(
            kind="deletion", requester="self", name="山田 太郎", email="taro@example.org"),
            channel="slack", channel_user="U0ALICE01", lang="en")
        reference = created.ticket.reference
    with ctx.transaction() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        apply_move(session, ctx.kb, ticket, Move(Status.RECEIVED), "clerk@example.org", config=ctx.intake_config,
                   notices=ctx.notice_options())
    ctx.dispatcher.run_pending()
    dms = [c for c in slack.mock.of("chat.postMessage") if c.params["channel"] == "D0ALICE01"]
    assert len(dms) == 1 and dms[0].params["text"].startswith(f"{reference}: We received your documents")
    assert dms[0].params["text"].endswith(f"http://testserver/requests/{reference}")
