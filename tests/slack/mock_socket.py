"""A local Socket Mode server: ``hello``, then envelopes pushed by the test; acks are recorded."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class MockSocketMode:
    """Speaks Slack's Socket Mode protocol to one app connection at a time."""

    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connections = 0
        self._outgoing: queue.Queue[dict[str, Any]] = queue.Queue()
        self._cond = threading.Condition()
        self._server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=test"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-socket", daemon=True)

    def start(self) -> MockSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def wait_connected(self, timeout: float = 20.0, alive: Any = None) -> None:
        """Wait for the app to connect; ``alive()`` returning False (a dead process) fails at once."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.connections == 0:
                if time.monotonic() > deadline or (alive is not None and not alive()):
                    raise AssertionError("the Socket Mode app never connected")
                self._cond.wait(0.2)

    def send(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Push an envelope (``events_api``, ``slash_commands`` or ``interactive``); returns its id."""
        envelope_id = str(uuid.uuid4())
        self._outgoing.put({"envelope_id": envelope_id, "type": kind, "payload": payload,
                            "accepts_response_payload": kind != "events_api",
                            "retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""})
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The ack the app sent for ``envelope_id`` (with its response payload, if any)."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self.acks, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id}")
            return self.acks[envelope_id]

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "debug_info": {"host": "mock", "approximate_connection_time": 3600},
                                    "connection_info": {"app_id": "A0MADOGUCHI"}}))
        with self._cond:
            self.connections += 1
            self._cond.notify_all()
        try:
            while True:
                with contextlib.suppress(queue.Empty):
                    connection.send(json.dumps(self._outgoing.get_nowait()))
                try:
                    raw = connection.recv(timeout=0.05)
                except TimeoutError:
                    continue
                message = json.loads(raw)
                if "envelope_id" in message:
                    with self._cond:
                        self.acks[message["envelope_id"]] = message
                        self._cond.notify_all()
        except ConnectionClosed:
            return
