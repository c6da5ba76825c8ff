"""The tables: tickets and their checklist, notes and audit trail; staff; conversations; plumbing.

Personal fields of a ticket (name, contact, organisation, details, agent name) are nullable so the
retention purge can clear them while the non-personal history stays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.db import Base, UTCDateTime, utcnow
from knowledge.lang import Localized

PERSONAL_FIELDS = ("name", "email", "postal_address", "organization", "details", "agent_name")


class Ticket(Base):
    """One data-subject request, from intake by chat or API to the final notice."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    access_code_hash: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    requester: Mapped[str] = mapped_column(String(8))  # "self" | "agent"
    status: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    refusal_ground: Mapped[str | None] = mapped_column(String(16))
    fee_yen: Mapped[int] = mapped_column(Integer, default=0)
    form_key: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2), default="ja")

    # Where the request came from, so status changes reach the applicant the same way.
    channel: Mapped[str] = mapped_column(String(16))  # the front end's name: "web", "api", "cli", …
    channel_user: Mapped[str | None] = mapped_column(String(128), index=True)

    # Personal data (purged after retention).
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    postal_address: Mapped[str | None] = mapped_column(String(400))
    organization: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)
    agent_name: Mapped[str | None] = mapped_column(String(200))
    personal_data_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    assigned_to: Mapped[str | None] = mapped_column(String(200))  # who claimed it (staff email or Slack user)

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
    applicant_deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="ticket", order_by="ChecklistItem.position", cascade="all, delete-orphan"
    )
    notes: Mapped[list[Note]] = relationship(back_populates="ticket", order_by="Note.id", cascade="all, delete-orphan")
    events: Mapped[list[AuditEvent]] = relationship(back_populates="ticket", order_by="AuditEvent.id")
    assignee: Mapped[Staff | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ChecklistItem(Base, Localized):
    """One enclosure to check when the mail arrives (from the knowledge base's request rules)."""

    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("ticket_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    label_ja: Mapped[str] = mapped_column(String(400))
    label_en: Mapped[str] = mapped_column(String(400))
    amount_yen: Mapped[int | None] = mapped_column(Integer)  # expected amount (stamps), if any
    received_amount_yen: Mapped[int | None] = mapped_column(Integer)
    checked: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    checked_by: Mapped[str | None] = mapped_column(String(200))

    ticket: Mapped[Ticket] = relationship(back_populates="checklist")

    def label(self, lang: str) -> str:
        return self.localized("label", lang)


class Note(Base):
    """An internal note by staff on a ticket (never shown to the applicant)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="notes")


class AuditEvent(Base):
    """Append-only record of every change: who, when, what, old → new. Never updated or deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="RESTRICT"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    ticket: Mapped[Ticket | None] = relationship(back_populates="events")


class ReferenceCounter(Base):
    """Last reference number issued per year; incremented atomically, so references never repeat."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Staff(Base):
    """A member of the secretariat (個人情報保護事務局)."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="staff")  # "admin" | "staff"
    lang: Mapped[str] = mapped_column(String(2), default="ja", server_default="ja")  # the back office's language
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiToken(Base):
    """A bearer token for the staff API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    staff: Mapped[Staff] = relationship()


class LoginSession(Base):
    """A logged-in browser session of a staff member (the cookie holds the token, we keep its hash)."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    staff: Mapped[Staff] = relationship()


class Conversation(Base):
    """State of one conversation (web session, Slack DM, CLI), so it survives restarts and processes.

    ``state`` holds only what the dialog still needs (e.g. the intake fields being collected); it is
    cleared when the intake ends, and idle conversations are deleted after a few hours.
    """

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2), default="ja")
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the web chat showed, entry by entry (only when the client asks for it; see intake.conversations).
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ProcessedEvent(Base):
    """Ids of external events already handled (Slack retries), shared by every process."""

    __tablename__ = "processed_events"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class QuestionLog(Base):
    """Questions the bot declined or answered with low confidence, personal data masked."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2))
    question: Mapped[str] = mapped_column(Text)  # masked
    decision: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column()
    top_entry: Mapped[str | None] = mapped_column(String(64))


class FailedAttempt(Base):
    """Failed guesses (access codes, logins) per key, to slow down repeated failures in every process."""

    __tablename__ = "failed_attempts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IdempotentReply(Base):
    """The first answer to a request that carried an ``Idempotency-Key`` (or a chat message id).

    A retry with the same key gets this answer again instead of opening a second ticket. Neither the
    key nor an access code is stored in clear: the row is found by a hash of the key, and a ticket's
    code is derived from the key and ``code_salt`` again when the answer is replayed. Rows are kept
    for the conversation lifetime and deleted with the applicant's data.
    """

    __tablename__ = "idempotent_replies"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # of the request, so a reused key is noticed
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)  # JSON, any access code replaced by a placeholder
    reference: Mapped[str | None] = mapped_column(String(32), index=True)  # the ticket it opened, if any
    code_salt: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class OutboxMessage(Base):
    """A message to deliver after the transaction that produced it committed (a chat notice, an e-mail).

    Written in the same transaction as the change it reports, so a crash can delay a notice but
    never lose it or send one for a change that was rolled back.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(32))  # e.g. "ticket.created", "applicant.message"
    # The delivery channel of an "applicant.message" (the front end's name, or the e-mail channel's).
    channel: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)

    ticket: Mapped[Ticket | None] = relationship()


class ApplicantMessage(Base, Localized):
    """A status notice shown to the applicant on the web status page (and sent where the applicant is)."""

    __tablename__ = "applicant_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(32))
    text_ja: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    def text(self, lang: str) -> str:
        return self.localized("text", lang)

# The teaching loop's tables live in their own module; importing it here registers them with the metadata.
from intake import learning_models  # noqa: E402, F401
