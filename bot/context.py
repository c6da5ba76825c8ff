"""Wiring: builds the long-lived pieces once per process and hands them to every front end."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.conversation import ConversationCore
from bot.core.kit import Links
from bot.delivery import Dispatcher
from bot.settings import Settings
from intake.db import make_engine, make_session_factory
from intake.tickets import IntakeConfig
from intake.usage import UsageCounter
from knowledge.engine import AnswerEngine
from knowledge.loader import load_cached
from knowledge.models import KnowledgeBase

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Everything a front end needs: settings, knowledge, the core, the database, delivery."""

    settings: Settings
    kb: KnowledgeBase
    answers: AnswerEngine
    core: ConversationCore
    db: Engine
    sessions: sessionmaker
    dispatcher: Dispatcher
    intake_config: IntakeConfig
    links: Links
    extras: dict[str, object] = field(default_factory=dict)  # per-surface singletons (Slack app, mailer)
    _sqlite_writer: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends normally, rolls back on any exception."""
        if self.db.dialect.name != "sqlite":
            with self.sessions.begin() as session:
                yield session
            return
        # SQLite allows one writer at a time and makes the others poll with growing sleeps, which
        # under load turns into a convoy (p99 of seconds). Threads of this process queue on a lock
        # instead and get the database the moment it is free; other processes still use the poll.
        with self._sqlite_writer, self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.dispatcher.stop()
        self.db.dispose()


def build_context(settings: Settings, *, engine: Engine | None = None) -> AppContext:
    """Load the knowledge base, connect the database and assemble the core."""
    kb = load_cached(str(settings.knowledge_dir) if settings.knowledge_dir else None)
    answers = AnswerEngine(kb, max_chars=settings.max_message_chars)
    links = Links(settings.base_url)
    intake_config = IntakeConfig(due_days=settings.due_days, applicant_deadline_days=settings.applicant_deadline_days,
                                 timezone=settings.timezone)
    usage = UsageCounter()  # questions counted for the dashboard; see bot.live_knowledge
    core = ConversationCore(kb, answers, links, intake_config=intake_config, max_chars=settings.max_message_chars,
                            usage=usage)
    db = engine or make_engine(settings.database_url)
    sessions = make_session_factory(db)
    return AppContext(settings=settings, kb=kb, answers=answers, core=core, db=db, sessions=sessions,
                      dispatcher=Dispatcher(sessions), intake_config=intake_config, links=links,
                      extras={"usage": usage})
