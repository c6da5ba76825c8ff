"""Wiring: builds the long-lived pieces once per process and hands them to every front end."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.connector import Connectors
from bot.core.conversation import ConversationCore
from bot.core.kit import Links
from bot.delivery import Dispatcher
from bot.live_knowledge import KnowledgeWatcher, LiveKnowledge
from bot.settings import Settings
from intake.db import UnitOfWork, make_engine
from intake.notify import NoticeOptions
from intake.tickets import IntakeConfig
from intake.usage import UsageCounter
from knowledge.engine import AnswerEngine
from knowledge.loader import load_cached
from knowledge.models import KnowledgeBase

logger = logging.getLogger(__name__)

# The channel of notices e-mailed to the ticket's address (registered by ``bot.mailer.setup``).
EMAIL_CHANNEL = "email"


@dataclass
class AppContext:
    """Everything a front end needs: settings, knowledge, the core, the database, delivery, the front ends."""

    settings: Settings
    kb: KnowledgeBase
    answers: AnswerEngine
    core: ConversationCore
    db: Engine
    units: UnitOfWork
    dispatcher: Dispatcher
    connectors: Connectors
    intake_config: IntakeConfig
    links: Links
    usage: UsageCounter  # this process's question counts, written by the knowledge watcher
    live: LiveKnowledge | None = None  # the secretariat's changes in force here (bot.live_knowledge)
    watcher: KnowledgeWatcher | None = None  # the background loop that keeps ``live`` current

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends normally, rolls back on any exception."""
        with self.units.begin() as session:
            yield session

    @property
    def sessions(self) -> sessionmaker:
        """Plain sessions, for reading back what was stored (tests, tools); the application writes and
        reads through :meth:`transaction` only."""
        return self.units.sessions

    def notice_options(self) -> NoticeOptions:
        """E-mail notices only when SMTP is configured; links point at the public status page."""
        return NoticeOptions(email_channel=EMAIL_CHANNEL if self.settings.smtp_url else None,
                             status_url=self.links.status_page)

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
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
    units = UnitOfWork(db)
    dispatcher = Dispatcher(units)
    return AppContext(settings=settings, kb=kb, answers=answers, core=core, db=db, units=units,
                      dispatcher=dispatcher, connectors=Connectors(dispatcher), intake_config=intake_config,
                      links=links, usage=usage)
