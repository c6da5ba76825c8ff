"""The tables of the teaching loop: the curation queue, feedback, knowledge changes and their version,
usage counts for the dashboard, and evaluation runs. Every question stored here is masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import Base, UTCDateTime, utcnow


class CurationItem(Base):
    """One question to look at (declined, low confidence, rated unhelpful), near-duplicates counted together."""

    __tablename__ = "curation_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # of the question's folded form
    # What the engine understood (topics and facets): near-duplicates must agree on it (開示 ≠ 訂正).
    signature: Mapped[str] = mapped_column(String(255), default="", index=True)
    question: Mapped[str] = mapped_column(Text)  # masked; the first wording seen
    lang: Mapped[str] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(16))  # "declined" | "low_confidence" | "unhelpful" (the strongest)
    channel: Mapped[str] = mapped_column(String(16))  # of the latest occurrence, as are the next three
    decision: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    top_entry: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Feedback(Base):
    """A rating of one answer. No user identity: the masked question and what answered it."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)  # masked
    question: Mapped[str] = mapped_column(Text)  # masked
    decision: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str | None] = mapped_column(String(64))
    facts: Mapped[list[str]] = mapped_column(JSON, default=list)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("curation_items.id", ondelete="SET NULL"), index=True)


class KnowledgeChange(Base):
    """A change to the knowledge by the secretariat: who, when, what; live, proposed, reverted or rejected."""

    __tablename__ = "knowledge_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "teach" | "new_answer"
    status: Mapped[str] = mapped_column(String(16), index=True)  # "proposed" | "live" | "reverted" | "rejected"
    question: Mapped[str | None] = mapped_column(Text)  # masked (a taught question)
    target_kind: Mapped[str | None] = mapped_column(String(16))  # "entry" | "fact" | "out_of_scope"
    target_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a new answer (knowledge.overlay.NewAnswer)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("curation_items.id", ondelete="SET NULL"), index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))  # the admin who approved or rejected it
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    reverted_by: Mapped[str | None] = mapped_column(String(200))
    reverted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class KnowledgeState(Base):
    """One row: the version of the live knowledge, raised by every change that goes live or is reverted.
    Every process polls it and rebuilds its answer engine when it moves."""

    __tablename__ = "knowledge_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UsageCount(Base):
    """Questions per hour by kind of count ("decision": answer/decline/… per channel, "topic": a topic id)."""

    __tablename__ = "usage_counts"

    hour: Mapped[dt.datetime] = mapped_column(UTCDateTime(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class EvalRun(Base):
    """One ``madoguchi kb eval`` run against the live knowledge."""

    __tablename__ = "eval_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    file: Mapped[str] = mapped_column(String(200))
    answered: Mapped[int] = mapped_column(Integer)
    in_scope: Mapped[int] = mapped_column(Integer)
    declined: Mapped[int] = mapped_column(Integer)
    out_of_scope: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)  # the knowledge version scored
