"""The outbox: messages written in the business transaction and delivered after it committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from intake.db import utcnow
from intake.models import OutboxMessage, Ticket

MAX_ATTEMPTS = 8


def enqueue(session: Session, topic: str, payload: dict[str, Any], ticket: Ticket | None = None) -> OutboxMessage:
    """Queue a message; it is delivered only if the surrounding transaction commits."""
    message = OutboxMessage(topic=topic, payload=payload, ticket=ticket)
    session.add(message)
    return message


def claim_batch(
    session: Session, topics: list[str], *, limit: int = 20, lease: dt.timedelta = dt.timedelta(minutes=2)
) -> list[int]:
    """Lease up to ``limit`` due messages of ``topics`` to this process; others skip leased ones.

    Only topics this process can deliver are claimed: a web worker without Slack settings leaves
    Slack messages to the process that has them.
    """
    now = utcnow()
    candidates = session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.topic.in_(topics))
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .where(or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for message_id in candidates:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .where(or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
            .where(OutboxMessage.sent_at.is_(None))
            .values(locked_until=now + lease)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    return claimed


def mark_sent(session: Session, message_id: int) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(sent_at=utcnow(), locked_until=None)
    )


def mark_failed(session: Session, message_id: int, error: str, retry_after: float | None = None) -> None:
    """Record a failed delivery and schedule a retry with exponential backoff (or Retry-After)."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        return
    message.attempts += 1
    delay = retry_after if retry_after is not None else min(2 ** message.attempts, 600)
    message.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
    message.locked_until = None
    message.last_error = error[:2000]
