"""The outbox: messages written in the business transaction and delivered after it committed.

Topics (payload contracts in docs/ARCHITECTURE.md): ``ticket.created`` (non-personal facts of a new
ticket, for the secretariat) and ``applicant.message`` (a notice to an applicant at one address of one
channel). A process claims the topics it has a handler for and, of ``applicant.message``, the channels
it has a delivery for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from intake.db import utcnow
from intake.models import OutboxMessage, Ticket

MAX_ATTEMPTS = 8
TICKET_CREATED = "ticket.created"
NOTICE_TOPIC = "applicant.message"
Route = tuple[str, str | None]  # (topic, channel): a channel only for applicant.message


def enqueue(session: Session, topic: str, payload: dict[str, Any], ticket: Ticket | None = None, *,
            channel: str | None = None) -> OutboxMessage:
    """Queue a message; it is delivered only if the surrounding transaction commits."""
    message = OutboxMessage(topic=topic, channel=channel, payload=payload, ticket=ticket)
    session.add(message)
    return message


def enqueue_notice(session: Session, ticket: Ticket, *, channel: str, address: str, lang: str, text: str,
                   status_url: str) -> OutboxMessage:
    """Queue a notice to the applicant of ``ticket`` at ``address`` (a chat user id, an e-mail address) of
    ``channel``; the channel's delivery frames it (a chat line, an e-mail with subject and footer)."""
    payload = {"channel": channel, "address": address, "reference": ticket.reference, "lang": lang, "text": text,
               "status_url": status_url}
    return enqueue(session, NOTICE_TOPIC, payload, ticket, channel=channel)


def claim_batch(
    session: Session, routes: Iterable[Route], *, limit: int = 20, lease: dt.timedelta = dt.timedelta(minutes=2)
) -> list[int]:
    """Lease up to ``limit`` due messages of ``routes`` to this process; others skip leased ones.

    Only what this process can deliver is claimed: a web worker without Slack settings leaves the
    notices to Slack users to the process that has them.
    """
    now = utcnow()
    wanted = [and_(OutboxMessage.topic == topic, OutboxMessage.channel == channel) if channel is not None
              else OutboxMessage.topic == topic for topic, channel in routes]
    if not wanted:
        return []
    candidates = session.scalars(
        select(OutboxMessage.id)
        .where(or_(*wanted))
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


def unsent(session: Session, message_id: int) -> tuple[str, str | None, dict[str, Any]] | None:
    """(topic, channel, payload) of a claimed message still to deliver; None once it is sent or gone."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.sent_at is not None:
        return None
    return message.topic, message.channel, dict(message.payload)


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
