"""The curation queue: questions the bot declined, was unsure about, or whose answer was rated unhelpful.

Each question is stored masked. Occurrences of one question are counted on one item: the same
question after folding (see :func:`knowledge.taught.taught_key`), or a near-duplicate — a question
the engine read the same way (same topics and facets) that differs by a few characters
(開示の手数料はいくら / 開示の手数料っていくら). Staff resolve an item once; later occurrences still
count on it, and a reverted change opens it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from intake.db import MAX_ROW_ID, insert_ignoring_conflict, utcnow
from intake.learning_models import CurationItem, Feedback
from intake.privacy import mask_personal
from intake.questions import MAX_LOGGED_CHARS, log_question
from knowledge.taught import taught_key

REASONS = ("declined", "low_confidence", "unhelpful")
_RANK = {"low_confidence": 1, "declined": 2, "unhelpful": 3}  # an item keeps the strongest reason seen
STATUSES = ("open", "attached", "out_of_scope", "proposed", "dismissed")
NEAR_CANDIDATES = 200  # open items with the same reading compared for near-duplicates
MAX_SIGNATURE = 255
# An answer read with less confidence than this (a guessed topic, words read loosely) is worth a look.
LOW_CONFIDENCE = 0.75


def reason_for(decision: str, confidence: float, *, taught: bool = False) -> str | None:
    """Why a question belongs in the queue ("declined", "low_confidence"), or None when it does not:
    answered confidently, unreadable input, or answered or declined as the secretariat taught it."""
    if taught or decision == "invalid":
        return None
    if decision == "decline":
        return "declined"
    if decision == "suggest" or confidence < LOW_CONFIDENCE:
        return "low_confidence"
    return None


def signature_of(topics: Iterable[str], facets: Iterable[str]) -> str:
    """What the engine understood of a question, as stored for grouping ("t:a,b|f:c")."""
    text = "t:" + ",".join(sorted(set(topics))) + "|f:" + ",".join(sorted(set(facets)))
    return text[:MAX_SIGNATURE]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _near(session: Session, key: str, lang: str, signature: str) -> CurationItem | None:
    """An open item read the same way whose question is within a few edits of this one."""
    rows = session.scalars(
        select(CurationItem).where(CurationItem.status == "open", CurationItem.lang == lang,
                                   CurationItem.signature == signature)
        .order_by(CurationItem.last_seen.desc()).limit(NEAR_CANDIDATES)
    ).all()
    best: tuple[int, CurationItem] | None = None
    for row in rows:
        other = taught_key(row.question)
        # One edit per five characters: a particle or a typo, never a different word in a short question.
        allowed = max(1, min(len(key), len(other)) // 5)
        distance = Levenshtein.distance(key, other, score_cutoff=allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, row)
    return best[1] if best else None


def record(session: Session, *, channel: str, lang: str, question: str, decision: str, confidence: float,
           top_entry: str | None, reason: str, signature: str = "", now: dt.datetime | None = None,
           occurrence: bool = True) -> CurationItem | None:
    """Count one occurrence on its item (created if new); None for a question with no words to keep.
    ``occurrence=False``: the question was counted already (a declined answer rated unhelpful), only the
    reason may grow stronger."""
    now = now or utcnow()
    masked = mask_personal(question[:MAX_LOGGED_CHARS])
    key = taught_key(masked)
    if not key:
        return None
    key_hash = _hash(key)
    find = select(CurationItem).where(CurationItem.key_hash == key_hash).with_for_update()
    item = session.scalars(find).first() or _near(session, key, lang, signature)
    if item is None:
        # Race-free across processes: the loser of a concurrent insert counts on the winner's row.
        insert_ignoring_conflict(session, CurationItem, key_hash=key_hash, signature=signature, question=masked,
                                 lang=lang, reason=reason, channel=channel, decision=decision,
                                 confidence=round(float(confidence), 4), top_entry=top_entry, count=0,
                                 first_seen=now, last_seen=now, status="open")
        item = session.scalars(find.execution_options(populate_existing=True)).one()
    if occurrence or item.count == 0:
        item.count += 1
    item.last_seen = now
    item.channel, item.decision, item.confidence, item.top_entry = (
        channel, decision, round(float(confidence), 4), top_entry or item.top_entry)
    if _RANK.get(reason, 0) > _RANK.get(item.reason, 0):
        item.reason = reason
    return item


def record_question(session: Session, *, channel: str, lang: str, question: str, decision: str,
                    confidence: float, top_entry: str | None, reason: str, signature: str = "",
                    ) -> CurationItem | None:
    """Log a question the bot was not sure of (masked) and count it in the curation queue."""
    log_question(session, channel=channel, lang=lang, question=question, decision=decision, confidence=confidence,
                 top_entry=top_entry)
    return record(session, channel=channel, lang=lang, question=question, decision=decision,
                  confidence=confidence, top_entry=top_entry, reason=reason, signature=signature)


def get_item(session: Session, item_id: int, *, for_update: bool = False) -> CurationItem | None:
    """One item by id (None for an unknown or impossible id)."""
    if not 0 < item_id <= MAX_ROW_ID:
        return None
    query = select(CurationItem).where(CurationItem.id == item_id)
    return session.scalars(query.with_for_update() if for_update else query).first()


def list_items(session: Session, *, status: str | None = "open", decision: str | None = None,
               reason: str | None = None, limit: int = 200) -> list[CurationItem]:
    """Items, most asked first then most recent, masked again for display (never written back)."""
    query = select(CurationItem).order_by(CurationItem.count.desc(), CurationItem.last_seen.desc(),
                                          CurationItem.id.desc()).limit(limit)
    if status:
        query = query.where(CurationItem.status == status)
    if decision:
        query = query.where(CurationItem.decision == decision)
    if reason:
        query = query.where(CurationItem.reason == reason)
    rows = list(session.scalars(query))
    for row in rows:
        session.expunge(row)  # masking for display must never be written back
        row.question = mask_personal(row.question)
    return rows


def item_decisions(session: Session) -> list[str]:
    """The decisions present among the items (for the filter)."""
    return sorted(session.scalars(select(CurationItem.decision).distinct()))


def count_open(session: Session) -> int:
    """How many items wait for the secretariat."""
    return int(session.scalar(select(func.count()).where(CurationItem.status == "open")) or 0)


def resolve(session: Session, item: CurationItem, status: str, actor: str, *, now: dt.datetime | None = None) -> None:
    """Mark the item handled (``status`` one of STATUSES except open)."""
    if status not in STATUSES or status == "open":
        raise ValueError(status)
    item.status, item.resolved_by, item.resolved_at = status, actor, now or utcnow()


def reopen(session: Session, item_id: int | None) -> None:
    """Put an item back in the queue (its change was reverted or rejected)."""
    item = get_item(session, item_id, for_update=True) if item_id else None
    if item is not None:
        item.status, item.resolved_by, item.resolved_at = "open", None, None


def purge_before(session: Session, before: dt.datetime) -> int:
    """Delete items not seen since ``before``, and ratings older than it (the question log's retention)."""
    deleted = session.execute(delete(Feedback).where(Feedback.at < before)).rowcount or 0
    return deleted + (session.execute(delete(CurationItem).where(CurationItem.last_seen < before)).rowcount or 0)
