"""Database plumbing: the declarative base, engines and sessions.

Sessions are created at the edge (one transaction per incoming message or request); the domain
functions in ``intake`` take a session and never commit. SQLite is configured for a web server with
several writers: WAL journal, foreign keys on, a generous busy timeout, and ``BEGIN IMMEDIATE`` so a
transaction that will write takes the write lock up front instead of failing half-way.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table; constraint names are stable for Alembic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Primary keys are INTEGER columns: 32-bit on PostgreSQL. An id beyond this cannot exist (and would make
# the driver raise instead of finding nothing), so callers refuse it before asking the database.
MAX_ROW_ID = 2**31 - 1


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (every timestamp in the database is UTC)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails with SQLITE_BUSY when another
        # process wrote in between; taking the write lock at BEGIN makes writers queue instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL with the settings this app relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.drivername == "postgresql":  # plain postgresql:// means psycopg 3 here
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(parsed, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker:
    """Sessions that keep loaded objects usable after commit (replies are rendered after it)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


class UnitOfWork:
    """The one way the application opens a transaction: ``with units.begin() as session:``.

    The block commits when it ends normally and rolls back on any exception. SQLite allows one writer
    at a time and makes the others poll with growing sleeps, which under load turns into a convoy (p99
    of seconds): threads of one process queue on a lock instead and get the database the moment it is
    free; other processes still use the poll (``BEGIN IMMEDIATE`` and the busy timeout).
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = make_session_factory(engine)
        self._sqlite_writer = threading.RLock() if engine.dialect.name == "sqlite" else None

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction: commits when the block ends normally, rolls back on any exception."""
        if self._sqlite_writer is None:
            with self.sessions.begin() as session:
                yield session
            return
        with self._sqlite_writer, self.sessions.begin() as session:
            yield session


def ping(engine: Engine) -> None:
    """Raise unless the database answers (the health check); no transaction, no write lock."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def insert_ignoring_conflict(session: Session, model: Any, **values: Any) -> bool:
    """INSERT a row unless one with the same key exists (race-free across processes); True if it was inserted.

    RETURNING yields the row only for the insert that created it (rowcount is not reliable for
    INSERT … ON CONFLICT with every driver: psycopg 3 reports -1 there)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    primary_key = model.__table__.primary_key.columns.values()[0]
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(primary_key)
    return session.execute(statement).first() is not None
