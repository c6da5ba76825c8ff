"""A local stand-in for Slack's servers: the Web API over HTTP, and a Socket Mode WebSocket server.

``MockSlack`` is a real HTTP server on 127.0.0.1 in a thread. It records every Web API call (method,
parameters, token) and every POST to a ``/response/...`` URL (slash command and button response
URLs), answers ``auth.test`` and ``apps.connections.open``, and can be told to fail a method with
``ratelimited`` (HTTP 429 + Retry-After) or any other error, or to answer slowly.

``MockSocketMode`` is a WebSocket server speaking Slack's Socket Mode protocol: it sends ``hello``
to a new connection, then the envelopes a test pushes, and records the acks it gets back.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM = "T0TEAM01"


@dataclass
class Call:
    """One recorded request to the mock."""

    method: str  # "chat.postMessage", or "response" for a response_url POST
    params: dict[str, Any]
    token: str | None
    path: str
    at: float = field(default_factory=time.monotonic)


class MockSlack:
    """The Slack Web API (``{url}/api/<method>``) and response URLs (``{url}/response/<id>``)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Condition()
        self._failures: dict[str, list[tuple[str, float | None]]] = {}
        self._delays: dict[str, float] = {}
        self._hooks: dict[str, Callable[[Call], None]] = {}
        self._ts = itertools.count(1)
        self.socket_url: str | None = None
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                status, body, headers = mock._handle(self.path, raw, self.headers)
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.api_url = f"{self.url}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-slack", daemon=True)

    # ----- lifecycle ----------------------------------------------------------------------
    def start(self) -> MockSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ----- configuration -----------------------------------------------------------------
    def fail(self, method: str, error: str, *, times: int = 1, retry_after: float | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` with ``error`` (``ratelimited`` → HTTP 429)."""
        with self._lock:
            self._failures.setdefault(method, []).extend([(error, retry_after)] * times)

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds`` (a slow Slack)."""
        self._delays[method] = seconds

    def on(self, method: str, hook: Callable[[Call], None]) -> None:
        """Run ``hook(call)`` when ``method`` is called, before answering (to observe the world at that moment)."""
        self._hooks[method] = hook

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.url}/response/{name}"

    # ----- inspection --------------------------------------------------------------------
    def of(self, method: str) -> list[Call]:
        """The recorded calls of one method, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Wait until ``count`` matching calls were recorded; returns them (fails the test on timeout)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: "
                                         f"{[c.method for c in self.calls]}")
                self._lock.wait(remaining)

    def web_api_calls(self) -> list[Call]:
        """Every call except auth.test (the bot's own identity check)."""
        with self._lock:
            return [c for c in self.calls if c.method != "auth.test"]

    # ----- handling ----------------------------------------------------------------------
    def _handle(self, path: str, raw: str, headers: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
        content_type = headers.get("Content-Type", "")
        if "json" in content_type:
            params = json.loads(raw or "{}")
        else:
            params = dict(parse_qsl(raw, keep_blank_values=True))
            for key in ("blocks", "view", "attachments"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        auth = headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        path = path.split("?", 1)[0]
        method = "response" if path.startswith("/response/") else path.removeprefix("/api/")
        if method in self._delays:
            time.sleep(self._delays[method])
        call = Call(method=method, params=params, token=token, path=path)
        if method in self._hooks:
            self._hooks[method](call)
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
            pending = self._failures.get(method)
            failure = pending.pop(0) if pending else None
        if failure is not None:
            error, retry_after = failure
            if error == "ratelimited":
                return 429, {"ok": False, "error": error}, {"Retry-After": str(int(retry_after or 1))}
            return 200, {"ok": False, "error": error}, {}
        return 200, self._answer(method, params), {}

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {"ok": True, "url": "https://example.slack.com/", "team": "Example", "user": "madoguchi",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X")).removeprefix("U")}}
        if method in ("chat.postMessage", "chat.update"):
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts") or ts,
                    "message": {"text": params.get("text", ""), "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": "V" + ts.replace(".", ""), **(params.get("view") or {})}}
        return {"ok": True}
