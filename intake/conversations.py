"""Conversation state in the database, so a dialog survives restarts and spans several processes.

The row is locked for the length of the transaction that handles a message (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers), so two messages sent at once on one
session are handled one after the other, never interleaved.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.codes import new_token
from intake.db import insert_ignoring_conflict, utcnow
from intake.models import Conversation

MAX_ID_LENGTH = 128


def open_conversation(
    session: Session, conversation_id: str | None, channel: str, *, fixed_id: bool = False
) -> tuple[Conversation, bool]:
    """Load and lock a conversation, or start a new one; returns (conversation, is_new).

    Web clients get server-chosen ids: an unknown or malformed id starts a new conversation with a
    fresh id. ``fixed_id`` is for channels whose id is derived from the platform (Slack user and
    channel), where the row is created under exactly that id.
    """
    if fixed_id:
        if not conversation_id:
            raise ValueError("a fixed conversation id is required")
        insert_ignoring_conflict(session, Conversation, id=conversation_id, channel=channel, state={}, lang="ja")
    if conversation_id and len(conversation_id) <= MAX_ID_LENGTH:
        found = session.scalars(
            select(Conversation).where(Conversation.id == conversation_id).with_for_update()
        ).first()
        if found is not None:
            is_new = fixed_id and not found.state and found.version == 1
            return found, is_new
    conversation = Conversation(id=new_token(24), channel=channel, state={}, lang="ja")
    session.add(conversation)
    return conversation, True


def set_state(conversation: Conversation, state: dict[str, Any]) -> None:
    """Replace the stored state (a new object, so the JSON column is written) and touch the row."""
    conversation.state = copy.deepcopy(state)
    conversation.updated_at = utcnow()


def delete_idle(session: Session, older_than: dt.timedelta) -> int:
    """Delete conversations idle for longer than ``older_than``; returns how many went."""
    result = session.execute(delete(Conversation).where(Conversation.updated_at < utcnow() - older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
