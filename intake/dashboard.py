"""Figures for the back office's dashboard: questions per day and their outcome, the helpful rate, the
topics asked about, requests per kind and status, overdue tickets, days from receipt to decision, and
the last evaluation scores. Read-only; days are local days in the deployment's time zone."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.db import utcnow
from intake.learning_models import EvalRun, Feedback, UsageCount
from intake.models import AuditEvent, Ticket
from intake.queue import count_overdue


@dataclass(frozen=True)
class Day:
    """One local day of questions: answered, not answered (declined or only suggestions), ratings."""

    day: dt.date
    answered: int = 0
    declined: int = 0
    rated: int = 0
    helpful: int = 0

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful / self.rated if self.rated else None


@dataclass(frozen=True)
class Figures:
    days: list[Day]
    topics: list[tuple[str, int]]
    requests: dict[str, dict[str, int]]  # kind -> status -> count
    overdue: int
    median_days_to_decision: float | None
    decisions: int  # how many decisions the median is over
    evals: list[EvalRun]


def questions_per_day(session: Session, *, days: int, timezone: str, now: dt.datetime) -> list[Day]:
    """The last ``days`` local days, oldest first, each with its counts (days without questions included)."""
    tz = ZoneInfo(timezone)
    today = now.astimezone(tz).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), tz).astimezone(dt.UTC)
    answered: Counter[dt.date] = Counter()
    declined: Counter[dt.date] = Counter()
    rows = session.execute(select(UsageCount.hour, UsageCount.key, UsageCount.count)
                           .where(UsageCount.kind == "decision", UsageCount.hour >= start)).all()
    for hour, key, count in rows:
        day = hour.astimezone(tz).date()
        decision = key.split(":", 1)[0]
        if decision == "answer":
            answered[day] += count
        elif decision in ("decline", "suggest"):
            declined[day] += count
    rated: Counter[dt.date] = Counter()
    helpful: Counter[dt.date] = Counter()
    for at, was_helpful in session.execute(select(Feedback.at, Feedback.helpful).where(Feedback.at >= start)).all():
        day = at.astimezone(tz).date()
        rated[day] += 1
        helpful[day] += int(bool(was_helpful))
    span = [first + dt.timedelta(days=n) for n in range(days)]
    return [Day(d, answered[d], declined[d], rated[d], helpful[d]) for d in span]


def top_topics(session: Session, *, days: int, now: dt.datetime, limit: int = 8) -> list[tuple[str, int]]:
    """The topics asked about most in the last ``days`` days (topic id, questions)."""
    total = func.sum(UsageCount.count)
    rows = session.execute(select(UsageCount.key, total).where(
        UsageCount.kind == "topic", UsageCount.hour >= now - dt.timedelta(days=days))
        .group_by(UsageCount.key).order_by(total.desc(), UsageCount.key).limit(limit)).all()
    return [(key, int(count)) for key, count in rows]


def requests_by_kind_and_status(session: Session) -> dict[str, dict[str, int]]:
    """Every ticket counted by kind and status."""
    found: dict[str, dict[str, int]] = {}
    for kind, status, count in session.execute(
            select(Ticket.kind, Ticket.status, func.count()).group_by(Ticket.kind, Ticket.status)).all():
        found.setdefault(kind, {})[status] = int(count)
    return found


def days_to_decision(session: Session) -> list[float]:
    """For every decided ticket, days from the receipt of its mail to its (first) decision."""
    decided = func.min(AuditEvent.at)
    rows = session.execute(
        select(Ticket.received_at, decided).join(AuditEvent, AuditEvent.ticket_id == Ticket.id)
        .where(AuditEvent.field == "status", AuditEvent.new_value == "decided", Ticket.received_at.is_not(None))
        .group_by(Ticket.id, Ticket.received_at)).all()
    result = []
    for received, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # min() of a UTC column comes back naive on SQLite
        result.append(max(0.0, (at - received).total_seconds() / 86400))
    return result


def last_evals(session: Session, limit: int = 5) -> list[EvalRun]:
    """The latest ``kb eval`` runs, newest first."""
    return list(session.scalars(select(EvalRun).order_by(EvalRun.at.desc(), EvalRun.id.desc()).limit(limit)))


def figures(session: Session, *, timezone: str, days: int = 14, now: dt.datetime | None = None) -> Figures:
    """Everything the dashboard shows."""
    now = now or utcnow()
    waits = days_to_decision(session)
    return Figures(days=questions_per_day(session, days=days, timezone=timezone, now=now),
                   topics=top_topics(session, days=30, now=now),
                   requests=requests_by_kind_and_status(session), overdue=count_overdue(session, now=now),
                   median_days_to_decision=statistics.median(waits) if waits else None, decisions=len(waits),
                   evals=last_evals(session))
