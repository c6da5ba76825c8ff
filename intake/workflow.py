"""The request workflow: which moves are allowed from which status, and the guards on each move.

The rules are pure: :func:`check_move` looks only at a ticket object (status, kind, fee, checklist,
dates) and raises :class:`NotAllowed` with a reason staff can act on. :func:`apply_move` then performs
an allowed move in the caller's session (never committing): it sets the dates the move implies,
appends audit events and, where the change matters to the applicant, writes the notice.

Life of a request::

    opened ─► awaiting_mail ─► received ─► verified ─► decided ─► notified ─► closed
       └──────────────────────────►┘  ▲ │
                                      │ ▼
                           waiting_for_applicant ─► closed (withdrawn: documents returned, Ⅶ.3)

Any request not yet decided can also be closed as cancelled (the applicant withdrew it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intake import audit, notify
from intake.db import utcnow
from intake.models import ApplicantMessage, Ticket
from intake.status import Outcome, Status
from intake.tickets import IntakeConfig
from knowledge.models import KnowledgeBase

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
_DISCLOSURE_GROUNDS = ("Ⅳ(1)", "Ⅳ(2)", "Ⅳ(3)")
# What each kind of request can end in. Kind keys are the knowledge base's; a test checks every kind has rules.
OUTCOMES_BY_KIND: dict[str, frozenset[Outcome]] = {
    "disclosure": frozenset({Oc.DISCLOSED, Oc.PARTIALLY_DISCLOSED, Oc.REFUSED}),
    "purpose_notice": frozenset({Oc.NOTICE_GIVEN, Oc.REFUSED}),
    "correction": frozenset({Oc.CORRECTED, Oc.REFUSED}),
    "addition": frozenset({Oc.ADDED, Oc.REFUSED}),
    "deletion": frozenset({Oc.DELETED, Oc.REFUSED}),
    "suspension": frozenset({Oc.STOPPED, Oc.ALTERNATIVE_MEASURE, Oc.REFUSED}),
    "erasure": frozenset({Oc.DELETED, Oc.ALTERNATIVE_MEASURE, Oc.REFUSED}),
    "third_party_stop": frozenset({Oc.STOPPED, Oc.ALTERNATIVE_MEASURE, Oc.REFUSED}),
}
# Citable policy sections a refusal may rest on. Disclosure (and the purpose notice, handled with it as a
# 開示等 request in Ⅶ) may be refused only on Ⅳ(1)-(3); a correction is made only when it is needed (Ⅴ.2);
# use is stopped only when the investigation under Ⅵ finds the reason given.
REFUSAL_GROUNDS_BY_KIND: dict[str, tuple[str, ...]] = {
    "disclosure": _DISCLOSURE_GROUNDS,
    "purpose_notice": _DISCLOSURE_GROUNDS,
    "correction": ("Ⅴ.2",),
    "addition": ("Ⅴ.2",),
    "deletion": ("Ⅴ.2",),
    "suspension": ("Ⅵ",),
    "erasure": ("Ⅵ",),
    "third_party_stop": ("Ⅵ",),
}
NEEDS_GROUND = frozenset({Oc.REFUSED, Oc.PARTIALLY_DISCLOSED})
DECISIONS = frozenset(o for o in Outcome if o not in (Oc.WITHDRAWN, Oc.CANCELLED))


class NotAllowed(Exception):
    """The workflow does not allow this (HTTP 409); ``str(exc)`` says why, in Japanese and English."""


@dataclass(frozen=True)
class Move:
    """A requested status change, with the decision details a few moves need."""

    to: Status
    outcome: Outcome | None = None
    ground: str | None = None


@dataclass(frozen=True)
class Deficiency:
    """Something the applicant still has to send: a missing enclosure, or stamps short by ``shortfall_yen``."""

    key: str
    label_ja: str
    label_en: str
    received_yen: int | None = None
    shortfall_yen: int | None = None


def allowed_targets(status: str) -> list[Status]:
    """Where a ticket in ``status`` may go next, in workflow order."""
    targets = TRANSITIONS[Status(status)]
    return [s for s in Status if s in targets]


def is_overdue(ticket: Ticket, now: dt.datetime) -> bool:
    """True when the secretariat holds the file and the internal target date has passed."""
    return ticket.status in CLOCK_RUNNING and ticket.due_at is not None and ticket.due_at < now


def deficiencies(ticket: Ticket) -> list[Deficiency]:
    """What keeps the file from being complete: unticked enclosures, and stamps short of the fee."""
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
        # The knowledge base always lists stamps for a fee; without that line the fee cannot be checked.
        missing.append(Deficiency("fee", "手数料（郵便切手）", "The fee (postal stamps)", None, ticket.fee_yen))
    return missing


def outcomes_for(kind: str) -> list[Outcome]:
    """The decisions that fit this kind of request, in display order."""
    allowed = OUTCOMES_BY_KIND.get(kind, frozenset())
    return [o for o in Outcome if o in allowed]


def grounds_for(kind: str) -> tuple[str, ...]:
    """Policy sections a refusal of this kind of request may cite."""
    return REFUSAL_GROUNDS_BY_KIND.get(kind, ())


def check_move(ticket: Ticket, move: Move, now: dt.datetime | None = None) -> None:
    """Raise :class:`NotAllowed` unless ``move`` is allowed for ``ticket`` right now."""
    now = now or utcnow()
    current, to = Status(ticket.status), Status(move.to)
    if to not in TRANSITIONS[current]:
        raise NotAllowed(f"「{current.value}」から「{to.value}」へは移せません / "
                         f"A ticket cannot move from {current.value} to {to.value}.")
    if move.ground is not None and move.outcome not in NEEDS_GROUND:
        raise NotAllowed("根拠は不開示・一部開示の決定にのみ記録します / "
                         "A ground is recorded only with a refusal or a partial disclosure.")
    if move.outcome is not None and to not in (S.DECIDED, S.CLOSED):
        raise NotAllowed("結果は決定または終了のときにのみ記録します / An outcome is recorded only when deciding or closing.")
    if to is S.VERIFIED:
        _check_complete(ticket)
    elif to is S.WAITING_FOR_APPLICANT and not deficiencies(ticket):
        raise NotAllowed("不足している書類がありません / Nothing is missing: every enclosure is ticked and the fee is paid.")
    elif to is S.DECIDED:
        _check_decision(ticket, move)
    elif to is S.CLOSED:
        _check_closing(ticket, move, current, now)


def _check_complete(ticket: Ticket) -> None:
    missing = deficiencies(ticket)
    if missing:
        labels_ja = "、".join(d.label_ja for d in missing)
        labels_en = "; ".join(d.label_en for d in missing)
        raise NotAllowed(f"本人確認・書類の確認が済んでいません（{labels_ja}） / "
                         f"Cannot verify: not everything is received and checked ({labels_en}).")


def _check_decision(ticket: Ticket, move: Move) -> None:
    if move.outcome is None:
        raise NotAllowed("決定の内容を選んでください / Choose the outcome of the decision.")
    fitting = outcomes_for(ticket.kind)
    if move.outcome not in fitting:
        raise NotAllowed(f"この種類の請求（{ticket.kind}）には「{move.outcome.value}」は選べません / "
                         f"Outcome {move.outcome.value} does not fit a {ticket.kind} request "
                         f"(possible: {', '.join(o.value for o in fitting) or 'none'}).")
    if move.outcome in NEEDS_GROUND:
        grounds = grounds_for(ticket.kind)
        if move.ground is None:
            raise NotAllowed(f"開示しない根拠を選んでください（{'・'.join(grounds)}） / "
                             f"A refusal needs a ground: one of {', '.join(grounds)}.")
        if move.ground not in grounds:
            raise NotAllowed(f"この請求の根拠には使えません: {move.ground} / "
                             f"{move.ground} is not a ground for this request (possible: {', '.join(grounds)}).")


def _check_closing(ticket: Ticket, move: Move, current: Status, now: dt.datetime) -> None:
    if current is S.NOTIFIED:
        if move.outcome is not None:
            raise NotAllowed("決定済みの結果は変更できません / The decided outcome cannot be changed when closing.")
        return
    if move.outcome is Oc.WITHDRAWN:
        if current is not S.WAITING_FOR_APPLICANT:
            raise NotAllowed("取下げ扱いは不足書類の期限切れのときだけです / "
                             "Only a deficient file whose deadline passed closes as withdrawn.")
        if ticket.applicant_deadline is None or ticket.applicant_deadline > now:
            raise NotAllowed("申請者の期限がまだ過ぎていません / The applicant's deadline has not passed yet.")
        return
    if move.outcome is not Oc.CANCELLED:
        raise NotAllowed("決定前に終了するときは「cancelled」（取下げ）を選んでください / "
                         "Closing before a decision needs the outcome cancelled (or withdrawn after the deadline).")


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
    check_move(ticket, move, now)
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
