"""Living by the policy we explain: retention purges, and the applicant's own data rights.

- Personal fields of tickets closed more than ``retention`` ago are cleared; the ticket keeps its
  non-personal history (reference, kind, status, dates, checklist, audit trail) and gains an audit
  entry saying the purge happened.
- Idle conversations, delivered outbox messages and old bookkeeping rows are deleted.
- Staff can export everything stored about an applicant (by reference) and erase it on request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake import audit
from intake.curation import purge_before
from intake.db import utcnow
from intake.models import (
    PERSONAL_FIELDS,
    ApplicantMessage,
    Conversation,
    FailedAttempt,
    IdempotentReply,
    OutboxMessage,
    ProcessedEvent,
    QuestionLog,
    Ticket,
)
from intake.status import Status


@dataclass(frozen=True)
class RetentionPolicy:
    """How long things are kept (the deployment sets these from its settings)."""

    closed_ticket_personal_data: dt.timedelta = dt.timedelta(days=365)
    idle_conversation: dt.timedelta = dt.timedelta(hours=24)
    delivered_outbox: dt.timedelta = dt.timedelta(days=7)
    processed_events: dt.timedelta = dt.timedelta(days=7)
    failed_attempts: dt.timedelta = dt.timedelta(days=1)
    question_log: dt.timedelta = dt.timedelta(days=365)
    # Stored first answers of keyed requests: a retry comes within minutes; they may echo what was typed.
    idempotent_replies: dt.timedelta = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PurgeReport:
    tickets: int
    conversations: int
    outbox: int
    other: int

    def __str__(self) -> str:
        return (f"purged personal data of {self.tickets} closed ticket(s); deleted {self.conversations} idle "
                f"conversation(s), {self.outbox} outbox message(s), {self.other} bookkeeping row(s)")


def _clear_personal_fields(session: Session, ticket: Ticket, actor: str, action: str) -> None:
    for field in PERSONAL_FIELDS:
        setattr(ticket, field, None)
    ticket.personal_data_purged_at = utcnow()
    # Undelivered notices may carry the applicant's address, stored answers what they typed: both go.
    session.execute(delete(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id))
    session.execute(delete(IdempotentReply).where(IdempotentReply.reference == ticket.reference))
    audit.record(session, ticket, actor, action, None, None, None)


def purge(session: Session, policy: RetentionPolicy, *, actor: str = "system:retention") -> PurgeReport:
    """Apply the retention policy once; idempotent, safe to run from several processes."""
    now = utcnow()
    due = session.scalars(
        select(Ticket)
        .where(Ticket.status == Status.CLOSED.value, Ticket.personal_data_purged_at.is_(None))
        .where(Ticket.closed_at < now - policy.closed_ticket_personal_data)
        .with_for_update(skip_locked=True)
    ).all()
    for ticket in due:
        _clear_personal_fields(session, ticket, actor, "personal_data_purged")
    conversations = session.execute(
        delete(Conversation).where(Conversation.updated_at < now - policy.idle_conversation)).rowcount
    outbox = session.execute(
        delete(OutboxMessage).where(OutboxMessage.sent_at < now - policy.delivered_outbox)).rowcount
    other = session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.received_at < now - policy.processed_events)).rowcount
    other += session.execute(
        delete(FailedAttempt).where(FailedAttempt.last_at < now - policy.failed_attempts)).rowcount
    other += session.execute(delete(QuestionLog).where(QuestionLog.at < now - policy.question_log)).rowcount
    other += purge_before(session, now - policy.question_log)
    other += session.execute(
        delete(IdempotentReply).where(IdempotentReply.created_at < now - policy.idempotent_replies)).rowcount
    return PurgeReport(len(due), int(conversations or 0), int(outbox or 0), int(other or 0))


def export_applicant_data(session: Session, ticket: Ticket) -> dict[str, Any]:
    """Everything stored about the applicant of ``ticket`` (for a disclosure request about Madoguchi itself)."""
    notices = session.scalars(select(ApplicantMessage).where(ApplicantMessage.ticket_id == ticket.id)).all()
    return {
        "reference": ticket.reference,
        "kind": ticket.kind,
        "requester": ticket.requester,
        "status": ticket.status,
        "outcome": ticket.outcome,
        "channel": ticket.channel,
        "channel_user": ticket.channel_user,
        "personal_data": {field: getattr(ticket, field) for field in PERSONAL_FIELDS},
        "personal_data_purged_at": _iso(ticket.personal_data_purged_at),
        "created_at": _iso(ticket.created_at),
        "received_at": _iso(ticket.received_at),
        "closed_at": _iso(ticket.closed_at),
        "checklist": [{"key": i.key, "label": i.label_ja, "checked": i.checked,
                       "received_amount_yen": i.received_amount_yen} for i in ticket.checklist],
        "notices": [{"at": _iso(n.at), "status": n.status, "text": n.text_ja} for n in notices],
        "history": [{"at": _iso(e.at), "actor": e.actor, "action": e.action, "field": e.field,
                     "old": e.old_value, "new": e.new_value} for e in ticket.events],
    }


def erase_applicant_data(session: Session, ticket: Ticket, actor: str) -> None:
    """Erase the applicant's personal data now (the non-personal history stays, with an audit entry)."""
    ticket.channel_user = None
    session.execute(delete(ApplicantMessage).where(ApplicantMessage.ticket_id == ticket.id))
    _clear_personal_fields(session, ticket, actor, "personal_data_erased")


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
