"""Moves applied to real tickets: dates, the audit trail, and what the applicant is told (and how)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from intake import notify, queue, workflow
from intake.models import ApplicantMessage, AuditEvent, OutboxMessage, Ticket
from intake.requests import TicketRequest
from intake.status import Outcome, Status
from intake.tickets import create_ticket
from intake.workflow import Move, apply_move

# A promise of a number of days ("14日以内", "within 14 days", "2週間") the policy does not make.
DAYS_PROMISE = re.compile(r"\d+\s*(日以内|日間|営業日|日後|週間|か月)|\b\d+\s+(business\s+)?(days?|weeks?)\b", re.I)


def open_ticket(ctx, *, channel="web", channel_user=None, kind="disclosure", email="taro@example.org"):
    request = TicketRequest(kind=kind, requester="self", name="山田 太郎", email=email)
    with ctx.transaction() as session:
        created = create_ticket(session, ctx.kb, request, channel=channel, channel_user=channel_user,
                                config=ctx.intake_config)
        return created.ticket.reference, created.access_code


def move(ctx, reference, to, outcome=None, ground=None, *, now=None, options=None):
    with ctx.transaction() as session:
        ticket = queue.load_ticket(session, reference)
        return apply_move(session, ctx.kb, ticket, Move(Status(to), outcome, ground), "clerk@example.org",
                          config=ctx.intake_config, notices=options or notify.NoticeOptions(), now=now)


def tick_all(ctx, reference, stamps=1000):
    with ctx.transaction() as session:
        ticket = queue.load_ticket(session, reference)
        for item in ticket.checklist:
            amount = stamps if item.amount_yen is not None else None
            queue.set_checklist_item(session, ticket, item.key, True, "clerk@example.org", received_amount_yen=amount)


def test_receipt_starts_the_clock_and_the_applicant_sees_the_notice(ctx, client):
    reference, code = open_ticket(ctx)
    received = dt.datetime(2025, 4, 1, 1, 30, tzinfo=dt.UTC)
    move(ctx, reference, "received", now=received)
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert ticket.received_at == received
        assert ticket.due_at == received + dt.timedelta(days=ctx.settings.due_days)
        trail = [(e.actor, e.action, e.field, e.old_value, e.new_value) for e in ticket.events]
    assert ("clerk@example.org", "transition", "status", "opened", "received") in trail
    assert any(field == "received_at" and new.startswith("2025-04-01T01:30") for _, _, field, _, new in trail)
    view = client.get(f"/api/requests/{reference}", params={"code": code, "lang": "ja"}).json()
    assert view["status"] == "received"
    assert "2025年4月1日に受領しました" in view["notices"][-1]["text"]


def test_deficient_file_gets_a_deadline_date_and_expires_as_withdrawn(ctx, client):
    reference, code = open_ticket(ctx)
    move(ctx, reference, "received")
    tick_all(ctx, reference, stamps=600)
    start = dt.datetime(2025, 5, 10, 2, 0, tzinfo=dt.UTC)
    move(ctx, reference, "waiting_for_applicant", now=start)
    deadline = start + dt.timedelta(days=ctx.settings.applicant_deadline_days)
    view = client.get(f"/api/requests/{reference}", params={"code": code, "lang": "ja"}).json()
    notice = view["notices"][-1]["text"]
    local = deadline.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f"{local.year}年{local.month}月{local.day}日までに" in notice
    assert "郵便切手" in notice and "不足 400円" in notice
    assert not DAYS_PROMISE.search(notice)
    # Nothing happens before the deadline; after it the file closes as withdrawn and the applicant is told.
    with ctx.transaction() as session:
        assert queue.expire_deadlines(session, ctx.kb, config=ctx.intake_config, now=deadline - dt.timedelta(1)) == []
    with ctx.transaction() as session:
        closed = queue.expire_deadlines(session, ctx.kb, config=ctx.intake_config, now=deadline + dt.timedelta(1))
    assert closed == [reference]
    view = client.get(f"/api/requests/{reference}", params={"code": code, "lang": "en"}).json()
    assert view["status"] == "closed"
    assert "documents you sent are being returned" in view["notices"][-1]["text"]
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert ticket.outcome == "withdrawn" and ticket.closed_at is not None
        assert ticket.events[-2].actor == "system:expire"


def test_applicant_answers_and_the_clock_restarts(ctx):
    reference, _ = open_ticket(ctx)
    first = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
    move(ctx, reference, "received", now=first)
    move(ctx, reference, "waiting_for_applicant", now=first + dt.timedelta(days=1))
    answered = first + dt.timedelta(days=5)
    result = move(ctx, reference, "received", now=answered)
    assert result.notice is not None and "不足していた書類等" in result.notice.text_ja
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert ticket.received_at == first  # the first arrival stays on record
        assert ticket.due_at == answered + dt.timedelta(days=ctx.settings.due_days)
        assert ticket.applicant_deadline is None


def test_notices_go_back_the_way_the_request_came_and_by_email_only_when_configured(ctx):
    # Any front end that kept the user's id gets the notice: intake names no channel of its own.
    chat_ref, _ = open_ticket(ctx, channel="teams", channel_user="29:1a2b3c")
    web_ref, _ = open_ticket(ctx)
    move(ctx, chat_ref, "received")
    move(ctx, web_ref, "received")
    with ctx.sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "applicant.message")).all()
        assert [(r.channel, r.payload["address"], r.payload["reference"]) for r in rows] == [
            ("teams", "29:1a2b3c", chat_ref)]
        assert "受領しました" in rows[0].payload["text"] and rows[0].payload["lang"] == "ja"
    options = notify.NoticeOptions(email_channel="email", status_url=ctx.links.status_page)
    move(ctx, web_ref, "waiting_for_applicant", options=options)
    with ctx.sessions() as session:
        mail = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).one()
    assert mail.payload["address"] == "taro@example.org" and mail.payload["reference"] == web_ref
    assert mail.payload["status_url"] == ctx.links.status_page(web_ref) and "不足" in mail.payload["text"]


def test_a_refused_move_writes_nothing(ctx):
    reference, _ = open_ticket(ctx)
    with ctx.sessions() as session:
        before = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    with pytest.raises(workflow.NotAllowed):
        move(ctx, reference, "verified")
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert ticket.status == "opened"
        assert session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == before
        assert session.scalars(select(ApplicantMessage)).all() == []


@pytest.mark.parametrize("outcome", [o for o in Outcome if o not in (Outcome.WITHDRAWN, Outcome.CANCELLED)])
def test_every_outcome_notice_is_worded_without_promising_days(ctx, outcome):
    kind = next(k.key for k in ctx.kb.requests.kinds if outcome in k.outcomes)
    reference, _ = open_ticket(ctx, kind=kind)
    move(ctx, reference, "received")
    tick_all(ctx, reference)
    move(ctx, reference, "verified")
    ground = workflow.grounds_for(ctx.kb, kind)[0] if outcome in workflow.NEEDS_GROUND else None
    assert move(ctx, reference, "decided", outcome, ground).notice is None  # told when the notice is sent
    notice = move(ctx, reference, "notified").notice
    assert notice is not None
    for text in (notice.text_ja, notice.text_en):
        assert text and "{" not in text and not DAYS_PROMISE.search(text)
    if ground:
        assert ground in notice.text_ja and ctx.kb.section_title(ground, "ja") in notice.text_ja
    assert move(ctx, reference, "closed").notice is None
