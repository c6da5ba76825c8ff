"""The request workflow: which moves are allowed from which status, and the guards on each move.

The rules are pure: :func:`check_move` looks only at a ticket object (status, kind, fee, checklist,
dates) and the knowledge base's request rules, and raises :class:`NotAllowed` with a reason staff can
act on. :func:`apply_move` then performs an allowed move in the caller's session (never committing): it
sets the dates the move implies, appends audit events and, where the change matters to the applicant,
writes the notice.

Life of a request::

    opened ─► awaiting_mail ─► received ─► verified ─► decided ─► notified ─► closed
       └──────────────────────────►┘  ▲ │
                                      │ ▼
                           waiting_for_applicant ─► closed (withdrawn: documents returned)

Any request not yet decided can also be closed as cancelled (the applicant withdrew it).

The states and moves are the workflow's own; what a decision can be for each kind of request, which
sections a refusal may cite and how the fee is paid are policy, read from the knowledge data
(``kb.requests``, see ``knowledge.request_models``). Refusals are worded by the message catalog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intake import audit, notify
from intake.db import utcnow
from intake.errors import Refusal, joined
from intake.models import ApplicantMessage, Ticket
from intake.status import Outcome, Status
from intake.tickets import IntakeConfig
from knowledge.lang import Localized
from knowledge.language import catalog
from knowledge.models import KnowledgeBase
from knowledge.procedure import CLOSINGS, NEEDS_GROUND

S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.OPENED: frozenset({S.AWAITING_MAIL, S.RECEIVED, S.CLOSED}),
    S.AWAITING_MAIL: frozenset({S.RECEIVED, S.CLOSED}),
    S.RECEIVED: frozenset({S.VERIFIED, S.WAITING_FOR_APPLICANT, S.CLOSED}),
    S.WAITING_FOR_APPLICANT: frozenset({S.RECEIVED, S.CLOSED}),
    S.VERIFIED: frozenset({S.DECIDED, S.CLOSED}),
    S.DECIDED: frozenset({S.NOTIFIED}),  # the decision must reach the applicant before closing
    S.NOTIFIED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

# Statuses in which the internal target (due_at) is running: the file is in the secretariat's hands.
CLOCK_RUNNING = frozenset({S.RECEIVED, S.VERIFIED, S.DECIDED})
# The enclosure checklist may be ticked until identity is verified (mail can arrive before it is logged).
CHECKLIST_EDITABLE = frozenset({S.OPENED, S.AWAITING_MAIL, S.RECEIVED, S.WAITING_FOR_APPLICANT})

Oc = Outcome
DECISIONS = frozenset(o for o in Outcome if o not in CLOSINGS)


class NotAllowed(Refusal):
    """The workflow does not allow this (HTTP 409); ``exc.message(lang)`` says why (``str(exc)``: every language)."""


@dataclass(frozen=True)
class Move:
    """A requested status change, with the decision details a few moves need."""

    to: Status
    outcome: Outcome | None = None
    ground: str | None = None


@dataclass(frozen=True)
class Deficiency(Localized):
    """Something the applicant still has to send: a missing enclosure, or the fee short by ``shortfall_yen``."""

    key: str
    label_ja: str
    label_en: str
    received_yen: int | None = None
    shortfall_yen: int | None = None

    def label(self, lang: str) -> str:
        return self.localized("label", lang)


def allowed_targets(status: str) -> list[Status]:
    """Where a ticket in ``status`` may go next, in workflow order."""
    targets = TRANSITIONS[Status(status)]
    return [s for s in Status if s in targets]


def is_overdue(ticket: Ticket, now: dt.datetime) -> bool:
    """True when the secretariat holds the file and the internal target date has passed."""
    return ticket.status in CLOCK_RUNNING and ticket.due_at is not None and ticket.due_at < now


def deficiencies(ticket: Ticket) -> list[Deficiency]:
    """What keeps the file from being complete: unticked enclosures, and a fee enclosure short of the fee."""
    missing = []
    for item in ticket.checklist:
        if item.amount_yen is not None and ticket.fee_yen > 0:
            received = item.received_amount_yen if item.checked else None
            if received is None or received < ticket.fee_yen:
                missing.append(Deficiency(item.key, item.label_ja, item.label_en, received,
                                          ticket.fee_yen - (received or 0)))
        elif not item.checked:
            missing.append(Deficiency(item.key, item.label_ja, item.label_en))
    if ticket.fee_yen > 0 and not any(i.amount_yen is not None for i in ticket.checklist):
        # kb check makes every fee come with the enclosure that pays it; a ticket opened under older data
        # may lack that line, and its fee still has to be checked.
        fee = catalog().text
        missing.append(Deficiency("fee", fee("deficiency.fee", "ja"), fee("deficiency.fee", "en"), None,
                                  ticket.fee_yen))
    return missing


def outcomes_for(kb: KnowledgeBase, kind: str) -> list[Outcome]:
    """The decisions that fit this kind of request (``requests.yaml``), in display order."""
    try:
        allowed = set(kb.requests.kind(kind).outcomes)
    except KeyError:  # a kind the data no longer has: no decision can be checked against it
        return []
    return [o for o in Outcome if o in allowed]


def grounds_for(kb: KnowledgeBase, kind: str) -> tuple[str, ...]:
    """Policy sections a refusal of this kind of request may cite (``requests.yaml``)."""
    try:
        return tuple(kb.requests.kind(kind).refusal_grounds)
    except KeyError:
        return ()


def check_move(kb: KnowledgeBase, ticket: Ticket, move: Move, now: dt.datetime | None = None) -> None:
    """Raise :class:`NotAllowed` unless ``move`` is allowed for ``ticket`` right now."""
    now = now or utcnow()
    current, to = Status(ticket.status), Status(move.to)
    if to not in TRANSITIONS[current]:
        raise NotAllowed("errors.cannot_move", current=current.value, to=to.value)
    if move.ground is not None and move.outcome not in NEEDS_GROUND:
        raise NotAllowed("errors.ground_only_with_refusal")
    if move.outcome is not None and to not in (S.DECIDED, S.CLOSED):
        raise NotAllowed("errors.outcome_only_when_deciding")
    if to is S.VERIFIED:
        _check_complete(ticket)
    elif to is S.WAITING_FOR_APPLICANT and not deficiencies(ticket):
        raise NotAllowed("errors.nothing_missing")
    elif to is S.DECIDED:
        _check_decision(kb, ticket, move)
    elif to is S.CLOSED:
        _check_closing(ticket, move, current, now)


def _check_complete(ticket: Ticket) -> None:
    missing = deficiencies(ticket)
    if missing:
        raise NotAllowed("errors.cannot_verify", items=joined(lambda lang: [d.label(lang) for d in missing]))


def _check_decision(kb: KnowledgeBase, ticket: Ticket, move: Move) -> None:
    if move.outcome is None:
        raise NotAllowed("errors.choose_outcome")
    fitting = outcomes_for(kb, ticket.kind)
    if move.outcome not in fitting:
        raise NotAllowed("errors.outcome_does_not_fit", kind=ticket.kind, outcome=move.outcome.value,
                         possible=", ".join(o.value for o in fitting) or "-")
    if move.outcome in NEEDS_GROUND:
        grounds = list(grounds_for(kb, ticket.kind))
        if move.ground is None:
            raise NotAllowed("errors.needs_ground", grounds=joined(grounds))
        if move.ground not in grounds:
            raise NotAllowed("errors.not_a_ground", ground=move.ground, grounds=joined(grounds))


def _check_closing(ticket: Ticket, move: Move, current: Status, now: dt.datetime) -> None:
    if current is S.NOTIFIED:
        if move.outcome is not None:
            raise NotAllowed("errors.outcome_fixed")
        return
    if move.outcome is Oc.WITHDRAWN:
        if current is not S.WAITING_FOR_APPLICANT:
            raise NotAllowed("errors.withdrawn_only_deficient")
        if ticket.applicant_deadline is None or ticket.applicant_deadline > now:
            raise NotAllowed("errors.deadline_not_passed")
        return
    if move.outcome is not Oc.CANCELLED:
        raise NotAllowed("errors.close_needs_cancelled")


@dataclass(frozen=True)
class MoveResult:
    """What a move changed, and the notice the applicant gets (None if the change is internal)."""

    old: Status
    new: Status
    notice: ApplicantMessage | None


def apply_move(
    session: Session,
    kb: KnowledgeBase,
    ticket: Ticket,
    move: Move,
    actor: str,
    *,
    config: IntakeConfig | None = None,
    notices: notify.NoticeOptions | None = None,
    now: dt.datetime | None = None,
) -> MoveResult:
    """Check and perform ``move``; record every changed field in the audit trail and notify the applicant."""
    config = config or IntakeConfig()
    now = now or utcnow()
    check_move(kb, ticket, move, now)
    old, new = Status(ticket.status), Status(move.to)
    missing = deficiencies(ticket)
    changes: dict[str, object] = {"status": new.value}
    if new is S.RECEIVED:
        if ticket.received_at is None:
            changes["received_at"] = now
        # The internal target runs from the day the file is complete in our hands, so it restarts
        # when a deficient file is completed.
        changes["due_at"] = now + dt.timedelta(days=config.due_days)
        changes["applicant_deadline"] = None
    elif new is S.WAITING_FOR_APPLICANT:
        changes["applicant_deadline"] = now + dt.timedelta(days=config.applicant_deadline_days)
    elif new is S.DECIDED:
        changes["outcome"] = move.outcome.value if move.outcome else None
        changes["refusal_ground"] = move.ground
    elif new is S.CLOSED:
        changes["closed_at"] = now
        if move.outcome is not None:
            changes["outcome"] = move.outcome.value
    for field, value in changes.items():
        before = getattr(ticket, field)
        if before == value:
            continue
        setattr(ticket, field, value)
        action = "transition" if field == "status" else "update"
        audit.record(session, ticket, actor, action, field, _show(before), _show(value))
    ticket.updated_at = now
    texts = notify.status_notice(kb, ticket, old, new, missing, timezone=config.timezone, now=now)
    notice = None
    if texts is not None:
        notice = notify.tell_applicant(session, kb, ticket, texts, notices or notify.NoticeOptions(), now=now)
        audit.record(session, ticket, actor, "notice", "applicant_message", None, new.value)
    return MoveResult(old, new, notice)


def _show(value: object) -> object:
    """Audit values as text: timestamps in ISO form, everything else as is."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value
