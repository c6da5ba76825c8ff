"""Ratings of answers (役に立った／役に立たなかった), with an optional comment.

A rating keeps the masked question, the decision and what answered it (entry, facts) — no user
identity. An unhelpful rating counts the question in the curation queue. The web chat rates the last
answer of a conversation from its transcript: the front end stores, with each rateable reply, what
the answer was (``RATING``); the id of the rating given is kept next to it (``RATED``), so rating the
same answer again changes that rating instead of adding one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import curation
from intake.conversations import PLAUSIBLE_ID_RE
from intake.db import MAX_ROW_ID
from intake.learning_models import Feedback
from intake.models import Conversation
from intake.privacy import mask_personal
from knowledge.lang import supported

RATING = "rating"  # transcript key: what the answer was (see :class:`Rated`)
RATED = "rated"  # transcript key: the id of the feedback given to it
MAX_COMMENT_CHARS = 1000
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Rated:
    """What a rated answer was: the question and how the engine answered it."""

    question: str
    lang: str
    decision: str
    entry_id: str | None = None
    facts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    confidence: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rated | None:
        """From a transcript entry or a Slack button; None when it is not one (a forged or stale value)."""
        try:
            return cls(str(data["question"])[:MAX_QUESTION_CHARS], supported(data.get("lang")),
                       str(data["decision"])[:16], str(data["entry_id"])[:64] if data.get("entry_id") else None,
                       tuple(str(f)[:64] for f in data.get("facts") or ())[:20],
                       tuple(str(t)[:64] for t in data.get("topics") or ())[:20],
                       tuple(str(f)[:64] for f in data.get("facets") or ())[:20],
                       float(data.get("confidence") or 0.0))
        except (KeyError, TypeError, ValueError):
            return None

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "lang": self.lang, "decision": self.decision, "entry_id": self.entry_id,
                "facts": list(self.facts), "topics": list(self.topics), "facets": list(self.facets),
                "confidence": round(self.confidence, 3)}


@dataclass
class Outcome:
    """The stored rating, and whether it was new."""

    feedback: Feedback
    created: bool = True


def record(session: Session, *, channel: str, rated: Rated, helpful: bool, comment: str | None) -> Feedback:
    """Store a rating; an unhelpful one counts its question in the curation queue."""
    row = Feedback(channel=channel, lang=rated.lang, helpful=helpful, comment=_comment(comment),
                   question=mask_personal(rated.question), decision=rated.decision, entry_id=rated.entry_id,
                   facts=list(rated.facts))
    if not helpful:
        row.item_id = _count_unhelpful(session, channel, rated)
    session.add(row)
    session.flush()
    return row


def update(session: Session, feedback_id: int, *, helpful: bool, comment: str | None,
           channel: str | None = None) -> Feedback | None:
    """Change a rating given before (the same answer rated again, or a comment added)."""
    if not 0 < feedback_id <= MAX_ROW_ID:
        return None
    row = session.scalars(select(Feedback).where(Feedback.id == feedback_id).with_for_update()).first()
    if row is None or (channel is not None and row.channel != channel):
        return None
    if not helpful and row.helpful:  # changed its mind: now it counts in the queue
        rated = Rated(row.question, row.lang, row.decision, row.entry_id, tuple(row.facts or ()))
        row.item_id = _count_unhelpful(session, row.channel, rated)
    row.helpful = helpful
    if comment is not None:
        row.comment = _comment(comment)
    return row


def rate_last_answer(session: Session, conversation_id: str, *, helpful: bool, comment: str | None,
                     channel: str = "web") -> Outcome | None:
    """Rate the last rateable answer of a conversation's transcript; None when there is none."""
    if not conversation_id or not PLAUSIBLE_ID_RE.match(conversation_id):
        return None
    conversation = session.scalars(select(Conversation).where(Conversation.id == conversation_id)
                                   .with_for_update()).first()
    entries = copy.deepcopy(conversation.transcript or []) if conversation is not None else []
    for entry in reversed(entries):
        if entry.get("role") != "bot" or not isinstance(entry.get(RATING), dict):
            continue
        previous = entry.get(RATED)
        if isinstance(previous, int):
            row = update(session, previous, helpful=helpful, comment=comment, channel=channel)
            if row is not None:
                return Outcome(row, created=False)
        rated = Rated.from_json(entry[RATING])
        if rated is None:
            return None
        row = record(session, channel=channel, rated=rated, helpful=helpful, comment=comment)
        entry[RATED] = row.id
        conversation.transcript = entries  # type: ignore[union-attr]  # a new list: the JSON column is written
        return Outcome(row)
    return None


def _comment(comment: str | None) -> str | None:
    text = (comment or "").strip()[:MAX_COMMENT_CHARS]
    return mask_personal(text) if text else None


def _count_unhelpful(session: Session, channel: str, rated: Rated) -> int | None:
    item = curation.record(session, channel=channel, lang=rated.lang, question=rated.question,
                           decision=rated.decision, confidence=rated.confidence, top_entry=rated.entry_id,
                           reason="unhelpful", signature=curation.signature_of(rated.topics, rated.facets),
                           occurrence=curation.reason_for(rated.decision, rated.confidence) is None)
    return item.id if item else None
