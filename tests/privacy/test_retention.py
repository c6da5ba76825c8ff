"""Retention: personal data of long-closed tickets is purged; the non-personal history stays."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from sqlalchemy import select

from bot.maintenance import run_purge
from intake.db import utcnow
from intake.models import PERSONAL_FIELDS, AuditEvent, Conversation, Ticket
from intake.requests import TicketRequest
from intake.retention import erase_applicant_data, export_applicant_data
from intake.status import Status

PERSON = {"kind": "disclosure", "requester": "agent", "name": "山田太郎", "email": "taro@example.org",
          "postal_address": "東京都千代田区1-1", "organization": "Example", "details": "記録",
          "agent_name": "山田花子"}


def make_ticket(ctx, *, closed_days_ago: int | None) -> str:
    with ctx.transaction() as session:
        created, _ = ctx.core.open_request(session, TicketRequest(**PERSON), channel="web", channel_user=None,
                                           lang="ja")
        ticket = created.ticket
        if closed_days_ago is not None:
            ticket.status = Status.CLOSED.value
            ticket.closed_at = utcnow() - dt.timedelta(days=closed_days_ago)
        return ticket.reference


def load(ctx, reference: str) -> Ticket:
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        ticket.events  # noqa: B018  (load the history while the session is open)
        ticket.checklist  # noqa: B018
        return ticket


def test_purge_clears_personal_fields_of_long_closed_tickets_only(ctx):
    retention = ctx.settings.retention_days
    old = make_ticket(ctx, closed_days_ago=retention + 1)
    recent = make_ticket(ctx, closed_days_ago=retention - 1)
    still_open = make_ticket(ctx, closed_days_ago=None)
    report = run_purge(ctx)
    assert report.tickets == 1
    purged = load(ctx, old)
    assert all(getattr(purged, field) is None for field in PERSONAL_FIELDS)
    assert purged.personal_data_purged_at is not None
    # The non-personal history stays, and says the purge happened.
    assert purged.kind == "disclosure" and purged.checklist
    assert [e.action for e in purged.events][-1] == "personal_data_purged"
    for reference in (recent, still_open):
        assert load(ctx, reference).name == "山田太郎"
    assert run_purge(ctx).tickets == 0  # idempotent


def test_audit_trail_never_holds_personal_values(ctx):
    make_ticket(ctx, closed_days_ago=ctx.settings.retention_days + 5)
    run_purge(ctx)
    with ctx.sessions() as session:
        values = " ".join(f"{e.old_value} {e.new_value}" for e in session.scalars(select(AuditEvent)))
    for field in ("name", "email", "postal_address", "agent_name"):
        assert PERSON[field] not in values


def test_idle_conversations_are_deleted(ctx):
    from bot.core.messages import IncomingMessage
    from bot.units import run_turn

    turn = run_turn(ctx, IncomingMessage(channel="web", conversation_id=None, text="intake:start"))
    with ctx.transaction() as session:
        session.get(Conversation, turn.conversation_id).updated_at = utcnow() - dt.timedelta(
            hours=ctx.settings.conversation_ttl_hours + 1)
    assert run_purge(ctx).conversations == 1
    with ctx.sessions() as session:
        assert session.get(Conversation, turn.conversation_id) is None


def test_export_then_erase_an_applicants_data(ctx):
    reference = make_ticket(ctx, closed_days_ago=None)
    with ctx.transaction() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        exported = export_applicant_data(session, ticket)
        assert exported["personal_data"]["name"] == "山田太郎" and exported["history"]
        erase_applicant_data(session, ticket, "staff:admin@example.org")
    erased = load(ctx, reference)
    assert all(getattr(erased, field) is None for field in PERSONAL_FIELDS)
    assert erased.events[-1].action == "personal_data_erased" and erased.events[-1].actor == "staff:admin@example.org"


def test_purge_command_line(database_url):
    env = {**os.environ, "MADOGUCHI_DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "purge"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "purged personal data of 0 closed ticket(s)" in result.stdout
