"""Shared fixtures: a real database (SQLite file, or PostgreSQL when MADOGUCHI_TEST_DB=postgresql),
migrated with Alembic, the application context and the FastAPI app on top of it.

One setting switches the backend: ``MADOGUCHI_TEST_DB=postgresql`` with ``MADOGUCHI_TEST_POSTGRES_URL``
(default ``postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres``). Each test gets a fresh database:
a new SQLite file, or a PostgreSQL database cloned from a migrated template.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from intake.db import make_engine
from intake.migrate import upgrade

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
BACKEND = os.environ.get("MADOGUCHI_TEST_DB", "sqlite").lower()
POSTGRES_URL = os.environ.get(
    "MADOGUCHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres"
)
# One template per xdist worker, so parallel workers never drop each other's template.
TEMPLATE_DB = f"madoguchi_test_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def pytest_report_header(config: pytest.Config) -> str:
    return f"madoguchi test database backend: {BACKEND}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # In CI (scripts/test sets MADOGUCHI_NO_SKIPS=1) a skipped test fails the run: nothing may silently not run.
    if os.environ.get("MADOGUCHI_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        names = ", ".join(getattr(r, "nodeid", "?") for r in skipped[:10])
        print(f"\nFAIL: {len(skipped)} test(s) skipped, which CI does not allow: {names}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests that touch the database are marked "db", so CI can run just those on PostgreSQL.
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


def _admin_engine() -> Engine:
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated template database that each test clones (fast: CREATE DATABASE … TEMPLATE)."""
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{TEMPLATE_DB}"'))
    url = admin.url.set(database=TEMPLATE_DB).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield TEMPLATE_DB
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a fresh, migrated database for this test."""
    if BACKEND == "sqlite":
        url = f"sqlite:///{tmp_path / 'madoguchi.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    if BACKEND not in ("postgresql", "postgres"):
        raise pytest.UsageError(f"unknown MADOGUCHI_TEST_DB={BACKEND!r}")
    template = request.getfixturevalue("postgres_template")
    name = f"madoguchi_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings for tests: the test database, no Slack, no SMTP, generous rate limits."""
    from bot.settings import Settings

    return Settings(
        database_url=database_url,
        base_url="http://testserver",
        slack_bot_token=None,
        slack_signing_secret=None,
        slack_app_token=None,
        triage_channel=None,
        smtp_url=None,
        chat_rate_per_minute=1000,
    )


@pytest.fixture
def ctx(settings, db_engine):  # type: ignore[no-untyped-def]
    """The application context on the test database."""
    from bot.context import build_context

    context = build_context(settings, engine=db_engine)
    yield context
    context.dispatcher.stop()


@pytest.fixture
def app(ctx):  # type: ignore[no-untyped-def]
    from bot.web.app import create_app

    return create_app(context=ctx)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep screenshots and generated files for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """A running server: its base URL and the application context behind it."""

    url: str
    ctx: object


@pytest.fixture
def live_port() -> int:
    """The port ``live_server`` will listen on (known in advance, e.g. to put it in ``base_url``)."""
    return free_port()


@pytest.fixture
def live_server(app, ctx, live_port):  # type: ignore[no-untyped-def]
    """The app served by a real uvicorn server on a free loopback port (for the browser tests)."""
    import threading
    import time

    import uvicorn

    port = live_port
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield LiveServer(f"http://127.0.0.1:{port}", ctx)
    server.should_exit = True
    thread.join(timeout=10)


CHROMIUM = os.environ.get("MADOGUCHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright (Playwright's own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 420, "height": 860}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()
