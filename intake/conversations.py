"""Conversation state in the database, so a dialog survives restarts and spans several processes.

The row is locked for the length of the transaction that handles a message (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers), so two messages sent at once on one
session are handled one after the other, never interleaved.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from intake.codes import new_token
from intake.db import utcnow
from intake.models import Conversation

DEFAULT_LANG = "ja"
# Ids we issue are new_token(24): 32 URL-safe characters. Only ids of that shape are kept for a new
# conversation; anything else gets a fresh id.
ISSUED_ID_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
# Ids worth looking up at all (ours, or a platform's such as "slack:T1:C2:U3:1700000000.000100").
PLAUSIBLE_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
# An unchanged conversation's row is touched at most this often (it only feeds the idle purge).
TOUCH_INTERVAL = dt.timedelta(minutes=5)


def open_conversation(
    session: Session, conversation_id: str | None, channel: str, *, fixed_id: bool = False
) -> Conversation:
    """Load and lock a conversation, or start a new one that is not stored yet (see :func:`save_conversation`).

    Web clients get server-chosen ids: an unknown id of the shape we issue keeps its id (it may be a
    conversation that never needed storing); any other unknown or malformed id gets a fresh one.
    ``fixed_id`` is for channels whose id is derived from the platform (Slack user and channel).
    """
    if fixed_id and not conversation_id:
        raise ValueError("a fixed conversation id is required")
    if conversation_id and PLAUSIBLE_ID_RE.match(conversation_id):
        found = session.scalars(
            select(Conversation).where(Conversation.id == conversation_id).with_for_update()
        ).first()
        if found is not None:
            return found
    keep = conversation_id if conversation_id and (fixed_id or ISSUED_ID_RE.match(conversation_id)) else None
    now = utcnow()
    return Conversation(id=keep or new_token(24), channel=channel, state={}, lang=DEFAULT_LANG, created_at=now,
                        updated_at=now)


def save_conversation(session: Session, conversation: Conversation, state: dict[str, Any]) -> None:
    """Store what the dialog still needs. A stateless exchange (a plain question) writes nothing."""
    now = utcnow()
    if not inspect(conversation).persistent:
        if state or conversation.lang != DEFAULT_LANG:
            conversation.state = copy.deepcopy(state)
            session.add(conversation)  # a concurrent first message under the same id is retried by the edge
        return
    if state != conversation.state:
        conversation.state = copy.deepcopy(state)  # a new object, so the JSON column is written
        conversation.updated_at = now
    elif now - conversation.updated_at > TOUCH_INTERVAL:
        conversation.updated_at = now
