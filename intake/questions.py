"""The log of questions the bot declined or was unsure about, so staff can improve the knowledge base."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake.models import QuestionLog
from intake.privacy import mask_personal

MAX_LOGGED_CHARS = 500


def log_question(
    session: Session, *, channel: str, lang: str, question: str, decision: str, confidence: float,
    top_entry: str | None,
) -> None:
    """Store a masked copy of a question that was not answered confidently."""
    session.add(
        QuestionLog(
            channel=channel,
            lang=lang,
            question=mask_personal(question[:MAX_LOGGED_CHARS]),
            decision=decision,
            confidence=round(float(confidence), 4),
            top_entry=top_entry,
        )
    )
