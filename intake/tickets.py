"""Opening intake tickets and looking them up for applicants.

A ticket is created in the caller's transaction together with its checklist, its first audit event
and an outbox message for the secretariat; the caller commits, and only then tells the applicant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, selectinload

from intake import audit, outbox
from intake.codes import hash_secret, new_access_code, normalize_code, secret_matches
from intake.db import utcnow
from intake.models import ApplicantMessage, ChecklistItem, ReferenceCounter, Ticket
from intake.requests import TicketRequest
from intake.status import OPEN_STATUSES, Status
from knowledge.models import KnowledgeBase

REFERENCE_PREFIX = "REQ"
REFERENCE_RE = re.compile(rf"^{REFERENCE_PREFIX}-\d{{4}}-\d{{6,}}$")
NEVER_ISSUED = f"{REFERENCE_PREFIX}-0000-000000"
UNMATCHABLE_HASH = "0" * 64  # no SHA-256 hex digest is all zeros in practice


@dataclass(frozen=True)
class IntakeConfig:
    """Knobs the deployment sets (the bot builds this from its Settings)."""

    due_days: int = 14
    applicant_deadline_days: int = 14
    timezone: str = "Asia/Tokyo"


@dataclass(frozen=True)
class CreatedTicket:
    """A new ticket and its access code; the code exists in clear only here, shown once."""

    ticket: Ticket
    access_code: str


class UnknownRequestKind(ValueError):
    """The request kind is not one the knowledge base defines."""


def next_reference(session: Session, year: int) -> str:
    """Allocate the next reference number of the year, unique across processes.

    PostgreSQL draws from a per-year sequence (migration 0002), which never makes a transaction wait;
    SQLite, which serialises writers anyway, upserts a per-year counter row in the same transaction.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        value = session.execute(text("SELECT madoguchi_next_reference(:year)"), {"year": year}).scalar_one()
    else:
        statement = sqlite.insert(ReferenceCounter).values(year=year, value=1)
        statement = statement.on_conflict_do_update(
            index_elements=[ReferenceCounter.year], set_={"value": ReferenceCounter.value + 1}
        ).returning(ReferenceCounter.value)
        value = session.execute(statement).scalar_one()
    return f"{REFERENCE_PREFIX}-{year}-{value:06d}"


def create_ticket(
    session: Session,
    kb: KnowledgeBase,
    request: TicketRequest,
    *,
    channel: str,
    channel_user: str | None = None,
    lang: str = "ja",
    config: IntakeConfig | None = None,
    now: dt.datetime | None = None,
    access_code: str | None = None,
) -> CreatedTicket:
    """Open a ticket for a validated request; the caller's transaction commits it.

    ``access_code`` is for a retried request that must get the code it was given the first time
    (see ``intake.idempotency``); by default the code is new and random.
    """
    config = config or IntakeConfig()
    now = now or utcnow()
    try:
        kind = kb.requests.kind(request.kind)
    except KeyError:
        raise UnknownRequestKind(request.kind) from None
    code = access_code or new_access_code()
    ticket = Ticket(
        reference=next_reference(session, now.astimezone(ZoneInfo(config.timezone)).year),
        access_code_hash=hash_secret(code),
        kind=kind.key,
        requester=request.requester,
        status=Status.OPENED.value,
        fee_yen=kind.fee_yen,
        form_key=kind.form,
        lang=lang if lang in ("ja", "en") else "ja",
        channel=channel,
        channel_user=channel_user,
        name=request.name,
        email=request.email,
        postal_address=request.postal_address,
        organization=request.organization,
        details=request.details,
        agent_name=request.agent_name,
        created_at=now,
        updated_at=now,
        # Provisional: the clock really starts when the mail is received (the workflow resets it).
        due_at=now + dt.timedelta(days=config.due_days),
    )
    for position, line in enumerate(kb.requests.checklist(kind.key, request.requester)):
        ticket.checklist.append(
            ChecklistItem(
                position=position,
                key=line.key,
                label_ja=line.label_ja,
                label_en=line.label_en,
                amount_yen=line.amount_yen,
            )
        )
    session.add(ticket)
    # No flush here: the relationships let the unit of work insert ticket, checklist, audit event and
    # outbox message in one go at commit (fewer round trips per ticket).
    audit.record(session, ticket, f"applicant:{channel}", "created", "status", None, ticket.status)
    outbox.enqueue(
        session,
        outbox.TICKET_CREATED,
        # Only non-personal facts: this goes to the secretariat's triage channel.
        {
            "reference": ticket.reference,
            "kind": ticket.kind,
            "requester": ticket.requester,
            "channel": channel,
            "due_at": ticket.due_at.isoformat() if ticket.due_at else None,
        },
        ticket,
    )
    return CreatedTicket(ticket=ticket, access_code=code)


def canonical_reference(reference: str) -> str | None:
    """``REQ-2026-000123`` in canonical form, or None if the text cannot be a reference at all."""
    candidate = reference.strip().upper()
    return candidate if REFERENCE_RE.match(candidate) else None


def get_by_reference(session: Session, reference: str, *, for_update: bool = False) -> Ticket | None:
    """The ticket with this reference (case-insensitive), with its checklist loaded."""
    canonical = canonical_reference(reference)
    if canonical is None:
        return None  # not worth a query (and odd bytes such as NUL never reach the database)
    query = (
        select(Ticket)
        .where(Ticket.reference == canonical)
        .options(selectinload(Ticket.checklist))
    )
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def find_for_applicant(session: Session, reference: str, code: str) -> Ticket | None:
    """The ticket if the access code matches, else None: a wrong code looks exactly like no ticket.

    Unknown references, malformed ones and known ones with a wrong code do the same work (one query
    for the stored hash, one hash comparison), so the time taken tells nothing about which it was.
    """
    canonical = canonical_reference(reference)
    # A malformed reference is looked up as one that is never issued (year 0): same query, same cost,
    # and odd bytes such as NUL never reach the database.
    row = session.execute(
        select(Ticket.id, Ticket.access_code_hash).where(Ticket.reference == (canonical or NEVER_ISSUED))
    ).first()
    matches = secret_matches(normalize_code(code), row.access_code_hash if row else UNMATCHABLE_HASH)
    if row is None or not matches:
        return None
    return get_by_reference(session, canonical or NEVER_ISSUED)  # only the right code pays for the rest


def notices_of(session: Session, ticket: Ticket) -> list[ApplicantMessage]:
    """The notices the applicant was sent about ``ticket``, oldest first."""
    return list(session.scalars(
        select(ApplicantMessage).where(ApplicantMessage.ticket_id == ticket.id).order_by(ApplicantMessage.id)))


def open_requests_of(session: Session, channel: str, channel_user: str, *, limit: int = 20) -> list[Ticket]:
    """The tickets a front end's user opened there (``channel``, ``channel_user``) that are not closed,
    newest first."""
    return list(session.scalars(
        select(Ticket)
        .where(Ticket.channel == channel, Ticket.channel_user == channel_user,
               Ticket.status.in_([s.value for s in OPEN_STATUSES]))
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    ))
