"""The thread pool Bolt runs listeners in, with a way to wait until it is idle (tests, shutdown)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class TrackingExecutor(ThreadPoolExecutor):
    """A ``ThreadPoolExecutor`` that counts unfinished work so callers can wait for it deterministically.

    Bolt acknowledges Slack first and runs the listener body afterwards in this pool; a test (or a
    graceful shutdown) calls :meth:`wait_idle` instead of sleeping and hoping the work is done.
    """

    def __init__(self, max_workers: int = 8):
        super().__init__(max_workers=max_workers, thread_name_prefix="slack-listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(lambda _f: self._done())
        return future

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no submitted work is queued or running; False if ``timeout`` passed first.

        Listener work can submit more work (a lazy function), so idleness is re-checked after a
        short settle time.
        """
        deadline = time.monotonic() + timeout
        with self._idle:
            while True:
                remaining = deadline - time.monotonic()
                if self._pending == 0:
                    self._idle.wait(0.02)
                    if self._pending == 0:
                        return True
                    continue
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
