"""Live knowledge: every process answers from the bundled data plus the secretariat's changes in force.

Each process (web worker, Slack worker) polls the one version row in ``knowledge_state`` every
``MADOGUCHI_KNOWLEDGE_POLL_SECONDS`` (1 s). When it moved, the process loads the live changes, applies
them to the bundled knowledge (:mod:`knowledge.overlay`, validated as ``kb check`` does), builds a new
answer engine and conversation core off the request path, and swaps them into the context in one
assignment each. The new core has a new answer cache, so nothing answered from the old knowledge is
served again. Polling was chosen over PostgreSQL LISTEN/NOTIFY: it works on SQLite as well, survives
dropped connections without a reconnect protocol, and the rebuild (~0.3 s), not the detection, is most
of the pick-up time (figures in the README). The worker that made a change refreshes at once.

The same loop writes the process's question counts (:mod:`intake.usage`) every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.conversation import ConversationCore
from bot.units import in_transaction
from intake import knowledge_overlay
from intake.usage import write_counts
from knowledge.engine import AnswerEngine
from knowledge.loader import DEFAULT_DATA_DIR, KnowledgeError, load_cached
from knowledge.models import KnowledgeBase
from knowledge.overlay import Change, knowledge_with

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0  # how often the question counts are written


@dataclass
class LiveKnowledge:
    """What this process answers from: the bundled knowledge, and which changes are applied on top."""

    bundled: KnowledgeBase
    data_dir: Path
    version: int = 0
    applied: tuple[int, ...] = ()  # ids of the live changes in the engine now
    skipped: dict[int, str] = field(default_factory=dict)  # live changes that no longer validate, and why
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    last_reload_seconds: float = 0.0


def live_of(ctx: AppContext) -> LiveKnowledge:
    """This process's live knowledge state (created on first use from the bundled data)."""
    if ctx.live is None:
        directory = ctx.settings.knowledge_dir
        ctx.live = LiveKnowledge(load_cached(str(directory) if directory else None),
                                 Path(directory or DEFAULT_DATA_DIR))
    return ctx.live


def install(ctx: AppContext, kb: KnowledgeBase) -> None:
    """Answer from ``kb`` from now on: a new engine and core (and so a new answer cache), swapped in."""
    settings = ctx.settings
    answers = AnswerEngine(kb, max_chars=settings.max_message_chars)
    core = ConversationCore(kb, answers, ctx.links, intake_config=ctx.intake_config,
                            max_chars=settings.max_message_chars, usage=ctx.usage)
    ctx.kb, ctx.answers, ctx.core = kb, answers, core


def _applicable(live: LiveKnowledge, changes: list[Change]) -> tuple[KnowledgeBase, dict[int, str]]:
    """The knowledge with every change that validates; a change that broke since it went live (the bundled
    data changed under it) is left out and named, instead of stopping the process from answering."""
    try:
        return knowledge_with(live.bundled, changes, live.data_dir), {}
    except KnowledgeError:
        pass
    kept: list[Change] = []
    skipped: dict[int, str] = {}
    for change in changes:
        try:
            knowledge_with(live.bundled, [*kept, change], live.data_dir)
            kept.append(change)
        except KnowledgeError as exc:
            skipped[change.number] = "; ".join(str(p) for p in exc.problems)
            logger.error("knowledge change #%s is not applied: %s", change.number, skipped[change.number])
    return knowledge_with(live.bundled, kept, live.data_dir), skipped


def refresh(ctx: AppContext) -> bool:
    """Bring this process up to the stored version; True when the knowledge was rebuilt."""
    live = live_of(ctx)
    with live.lock:  # one rebuild at a time (the poller and a request that changed the knowledge)
        version = in_transaction(ctx, knowledge_overlay.current_version)
        if version == live.version:
            return False
        rows = in_transaction(ctx, knowledge_overlay.live_changes)
        changes = [knowledge_overlay.as_change(row) for row in rows]
        ids = tuple(change.number for change in changes)
        if ids == live.applied:
            live.version = version
            return False
        started = time.perf_counter()
        kb, skipped = _applicable(live, changes)
        install(ctx, kb)
        live.version, live.applied, live.skipped = version, ids, skipped
        live.last_reload_seconds = time.perf_counter() - started
        logger.info("knowledge version %s live (%s change(s)) in %.2f s", version, len(ids), live.last_reload_seconds)
        return True


def flush_usage(ctx: AppContext) -> None:
    """Write this process's pending question counts (put back if the write fails)."""
    counter = ctx.usage
    taken = counter.take()
    if not taken:
        return
    try:
        in_transaction(ctx, lambda session: write_counts(session, taken))
    except Exception:
        counter.restore(taken)
        raise


class KnowledgeWatcher:
    """The background loop of one process: poll the knowledge version, write question counts."""

    def __init__(self, ctx: AppContext, interval: float):
        self.ctx = ctx
        self.interval = max(0.05, interval)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> KnowledgeWatcher:
        """Catch up once now (a restarted worker answers with the changes from its first request), then poll."""
        try:
            refresh(self.ctx)
        except Exception:  # the database is down or not migrated: answer from the bundled data meanwhile
            logger.exception("could not load the live knowledge; answering from the bundled data for now")
        self._thread = threading.Thread(target=self._loop, name="knowledge-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            flush_usage(self.ctx)
        except Exception:
            logger.warning("question counts could not be written at shutdown")

    def _loop(self) -> None:
        flushed = time.monotonic()
        while not self._stop.wait(self.interval):
            try:
                refresh(self.ctx)
                if time.monotonic() - flushed >= FLUSH_SECONDS:
                    flush_usage(self.ctx)
                    flushed = time.monotonic()
            except Exception:  # keep polling: the next round may find the database back
                logger.warning("knowledge watcher: database unavailable, retrying", exc_info=False)


def start_watcher(ctx: AppContext) -> KnowledgeWatcher:
    """Start this process's watcher (``madoguchi serve`` workers, ``madoguchi slack``)."""
    ctx.watcher = KnowledgeWatcher(ctx, ctx.settings.knowledge_poll_seconds).start()
    return ctx.watcher
