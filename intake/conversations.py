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
from knowledge.lang import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_LANG = DEFAULT_LANGUAGE
# A conversation in another language than the default is stored even without dialog state, so that its
# next replies (to a button, say, which carries no language) stay in that language.
REMEMBERED_LANGUAGES = frozenset(LANGUAGES) - {DEFAULT_LANGUAGE}
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
        if state or conversation.lang in REMEMBERED_LANGUAGES:
            conversation.state = copy.deepcopy(state)
            session.add(conversation)  # a concurrent first message under the same id is retried by the edge
        return
    if state != conversation.state:
        conversation.state = copy.deepcopy(state)  # a new object, so the JSON column is written
        conversation.updated_at = now
    elif now - conversation.updated_at > TOUCH_INTERVAL:
        conversation.updated_at = now


# A transcript keeps at most this many entries (the oldest go first); a chat session is short.
TRANSCRIPT_LIMIT = 300


def transcript_of(session: Session, conversation_id: str | None) -> list[dict[str, Any]]:
    """The stored transcript of a conversation ([] for an unknown id or one that kept none)."""
    if not conversation_id or not PLAUSIBLE_ID_RE.match(conversation_id):
        return []
    found = session.get(Conversation, conversation_id)
    return list(found.transcript or []) if found is not None else []


def shown_as(transcript: list[dict[str, Any]], message: str, greeting: list[dict[str, Any]] = ()) -> str:
    """What a message looked like to the user: an option's label when it is the value of a recent option
    (or of the greeting's, which the page shows without storing it)."""
    for entry in [*greeting, *transcript[-8:]][::-1]:  # the replies of the last turn or two
        for option in entry.get("options") or []:
            if option.get("value") == message:
                return str(option.get("label") or message)
    return message


def append_transcript(session: Session, conversation_id: str, channel: str, lang: str,
                      entries: list[dict[str, Any]]) -> None:
    """Add ``entries`` to the conversation's transcript, storing the conversation if it was not stored yet.

    Runs in the transaction that handled the message, after the core: the row is the one the core
    loaded (and locked), or a new one when the exchange itself needed no state.
    """
    conversation = session.get(Conversation, conversation_id)
    now = utcnow()
    if conversation is None:
        conversation = Conversation(id=conversation_id, channel=channel, state={}, lang=lang, created_at=now,
                                    updated_at=now)
        session.add(conversation)
    # A new list object, so the JSON column is written.
    conversation.transcript = [*(conversation.transcript or []), *entries][-TRANSCRIPT_LIMIT:]
    conversation.updated_at = now
