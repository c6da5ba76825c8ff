"""The secretariat's knowledge changes in the database: recorded, audited, revertible, versioned.

Changes are applied to the bundled knowledge by :mod:`knowledge.overlay` (a pure function); here they
are only stored. Every change that goes live or is reverted raises the one version number in
``knowledge_state`` in the same transaction, which every process polls to rebuild its answer engine.
A transaction that changes knowledge first locks that row (:func:`lock`), so changes are validated and
written one after the other and two staff members cannot each add half of a contradiction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.db import MAX_ROW_ID, insert_ignoring_conflict, utcnow
from intake.learning_models import KnowledgeChange, KnowledgeState
from intake.privacy import mask_personal
from knowledge.overlay import Change, NewAnswer, new_entry_id
from knowledge.taught_models import TaughtQuestion

STATE_ID = 1
MAX_QUESTION_CHARS = 500


def current_version(session: Session) -> int:
    """The version of the live knowledge (0: the bundled data, no change ever went live)."""
    return int(session.scalar(select(KnowledgeState.version).where(KnowledgeState.id == STATE_ID)) or 0)


def lock(session: Session) -> KnowledgeState:
    """Lock the version row for the rest of the transaction (created when missing); returns it."""
    insert_ignoring_conflict(session, KnowledgeState, id=STATE_ID, version=0, changed_at=utcnow())
    return session.scalars(select(KnowledgeState).where(KnowledgeState.id == STATE_ID).with_for_update()
                           .execution_options(populate_existing=True)).one()


def _bump(session: Session, state: KnowledgeState) -> int:
    state.version += 1
    state.changed_at = utcnow()
    return state.version


def as_change(row: KnowledgeChange) -> Change:
    """The overlay change a stored row stands for."""
    if row.kind == "new_answer":
        return Change(row.id, new_answer=NewAnswer.model_validate(row.payload or {}))
    target = {"entry": None, "fact": None, "out_of_scope": None, row.target_kind or "entry": row.target_id}
    return Change(row.id, teach=TaughtQuestion(question=row.question or "", note=f"change #{row.id}", **target))


def live_changes(session: Session) -> list[KnowledgeChange]:
    """The changes in force, oldest first (the order they are applied in)."""
    return list(session.scalars(select(KnowledgeChange).where(KnowledgeChange.status == "live")
                                .order_by(KnowledgeChange.id)))


def get_change(session: Session, change_id: int, *, for_update: bool = False) -> KnowledgeChange | None:
    if not 0 < change_id <= MAX_ROW_ID:
        return None
    query = select(KnowledgeChange).where(KnowledgeChange.id == change_id)
    return session.scalars(query.with_for_update() if for_update else query).first()


def list_changes(session: Session, *, limit: int = 200) -> list[KnowledgeChange]:
    """Every change, newest first (the audit trail of the knowledge)."""
    return list(session.scalars(select(KnowledgeChange).order_by(KnowledgeChange.id.desc()).limit(limit)))


def summary(row: KnowledgeChange) -> str:
    """What the change does, in a few words for the audit trail (no personal data: questions are masked)."""
    if row.kind == "new_answer":
        return f"new answer {new_entry_id(row.id)}: {(row.payload or {}).get('title_ja', '')}"
    return f"{row.question!r} -> {row.target_kind}:{row.target_id}"


def teach(session: Session, *, question: str, target_kind: str, target_id: str, actor: str,
          item_id: int | None = None) -> KnowledgeChange:
    """Record a taught question, live at once (the caller validated the knowledge with it first)."""
    row = KnowledgeChange(kind="teach", status="live", question=mask_personal(question[:MAX_QUESTION_CHARS]),
                          target_kind=target_kind, target_id=target_id, item_id=item_id, created_by=actor,
                          created_at=utcnow(), decided_by=actor, decided_at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, None, actor, "knowledge_taught", f"knowledge_change:{row.id}", None, summary(row))
    return row


def propose(session: Session, *, answer: NewAnswer, actor: str, item_id: int | None = None) -> KnowledgeChange:
    """Record a new answer drafted by staff; it goes live only when an admin approves it."""
    payload: dict[str, Any] = answer.model_dump(mode="json")
    payload["questions"] = [mask_personal(q[:MAX_QUESTION_CHARS]) for q in answer.questions]
    row = KnowledgeChange(kind="new_answer", status="proposed", payload=payload, item_id=item_id,
                          created_by=actor, created_at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, None, actor, "knowledge_proposed", f"knowledge_change:{row.id}", None, summary(row))
    return row


def go_live(session: Session, state: KnowledgeState, row: KnowledgeChange, actor: str) -> int:
    """Approve a proposed answer (``state`` locked by :func:`lock`); returns the new version."""
    row.status, row.decided_by, row.decided_at = "live", actor, utcnow()
    audit.record(session, None, actor, "knowledge_approved", f"knowledge_change:{row.id}", "proposed", "live")
    return _bump(session, state)


def published(session: Session, state: KnowledgeState) -> int:
    """A taught question just recorded went live: raise the version."""
    return _bump(session, state)


def reject(session: Session, row: KnowledgeChange, actor: str) -> None:
    """Turn down a proposed answer (it never went live)."""
    row.status, row.decided_by, row.decided_at = "rejected", actor, utcnow()
    audit.record(session, None, actor, "knowledge_rejected", f"knowledge_change:{row.id}", "proposed", "rejected")


def revert(session: Session, state: KnowledgeState, row: KnowledgeChange, actor: str,
           now: dt.datetime | None = None) -> int:
    """Take a live change out again; returns the new version."""
    row.status, row.reverted_by, row.reverted_at = "reverted", actor, now or utcnow()
    audit.record(session, None, actor, "knowledge_reverted", f"knowledge_change:{row.id}", "live", "reverted")
    return _bump(session, state)
