"""How many questions were asked, per hour: answered, declined, …, and about which topics (for the dashboard).

Counting a question must not cost a database write (a plain question writes nothing), so each process
counts in memory and adds its counts to ``usage_counts`` every few seconds (:func:`write_counts`, run
in each process's background loop and before the dashboard is drawn). A crash loses at most the counts
since the last flush; counts are never personal data.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from intake.db import utcnow
from intake.learning_models import UsageCount

MAX_KEY = 64


def hour_of(moment: dt.datetime) -> dt.datetime:
    """The UTC hour a moment falls in (counts are kept per hour, shown per local day)."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


class UsageCounter:
    """Thread-safe in-memory counts of one process, written out by :meth:`flush`."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[dt.datetime, str, str]] = Counter()
        self._lock = threading.Lock()

    def count(self, decision: str, channel: str, topics: Iterable[str] = (), *, now: dt.datetime | None = None) -> None:
        """One question answered with ``decision`` on ``channel``, about ``topics``."""
        hour = hour_of(now or utcnow())
        with self._lock:
            self._counts[(hour, "decision", f"{decision}:{channel}"[:MAX_KEY])] += 1
            for topic in dict.fromkeys(topics):
                self._counts[(hour, "topic", topic[:MAX_KEY])] += 1

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def take(self) -> Counter[tuple[dt.datetime, str, str]]:
        """The pending counts, removed from the counter (write them with :func:`write_counts`)."""
        with self._lock:
            taken, self._counts = self._counts, Counter()
        return taken

    def restore(self, taken: Counter[tuple[dt.datetime, str, str]]) -> None:
        """Put back counts whose transaction was rolled back."""
        with self._lock:
            self._counts.update(taken)


def write_counts(session: Session, taken: Counter[tuple[dt.datetime, str, str]]) -> int:
    """Add counts to ``usage_counts`` in the caller's transaction; returns how many questions they hold."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for (hour, kind, key), number in sorted(taken.items()):
        statement = insert(UsageCount).values(hour=hour, kind=kind, key=key, count=number)
        session.execute(statement.on_conflict_do_update(
            index_elements=["hour", "kind", "key"], set_={"count": UsageCount.count + statement.excluded.count}))
    return sum(n for (_hour, kind, _key), n in taken.items() if kind == "decision")
