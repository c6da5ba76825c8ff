"""Real ``madoguchi serve`` processes on one database, for the multi-process and crash tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import httpx
import pytest

from tests.conftest import REPO, free_port


@dataclass
class ServerProcess:
    """One ``madoguchi serve`` child process."""

    database_url: str
    port: int
    process: subprocess.Popen | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # settings for this server only
    # The server's stderr goes to a file: a pipe nobody reads fills up and stalls the server, and the
    # file can be shown when a test fails (see ``log_tail``).
    log: IO[bytes] = field(default_factory=tempfile.TemporaryFile)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServerProcess:
        env = {**os.environ, "MADOGUCHI_DATABASE_URL": self.database_url, "MADOGUCHI_BASE_URL": self.url,
               "MADOGUCHI_CHAT_RATE_PER_MINUTE": "100000", "MADOGUCHI_LOG_LEVEL": "WARNING"}
        for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MADOGUCHI_SMTP_URL",
                     "MADOGUCHI_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
            env.pop(name, None)
        env.update(self.extra_env)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(self.port), "--no-migrate"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.kill()  # not left running (and polling a database that the test then drops)
        raise RuntimeError(f"server did not become healthy in time: {self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        """The end of what the server wrote to stderr (its log), for a failing test's message."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-chars:]

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing — a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def servers(database_url: str) -> Iterator[list[ServerProcess]]:
    """Two server processes sharing the test database."""
    started: list[ServerProcess] = []
    try:
        for _ in range(2):
            started.append(ServerProcess(database_url, free_port()).start())
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def server_factory(database_url: str) -> Iterator:
    created: list[ServerProcess] = []

    def make(**extra_env: str) -> ServerProcess:
        server = ServerProcess(database_url, free_port(), extra_env=extra_env)
        created.append(server)
        return server

    yield make
    for server in created:
        server.stop()
