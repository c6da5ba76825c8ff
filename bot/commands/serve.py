"""``madoguchi serve``: run the web app with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys

logger = logging.getLogger("madoguchi")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL for more than one)")
    parser.add_argument("--no-migrate", action="store_true", help="do not apply database migrations at start")
    parser.set_defaults(handler=run)


def prepare_database(url: str, *, migrate: bool) -> None:
    """Apply migrations (SQLite by default; PostgreSQL deployments run ``db upgrade`` as a release step)."""
    from intake.db import UnitOfWork, make_engine
    from intake.migrate import current_revision, upgrade
    from intake.staff import has_accounts

    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine)
        elif current_revision(engine) is None:
            print("The database has no schema yet: run 'madoguchi db upgrade'.", file=sys.stderr)
        with UnitOfWork(engine).begin() as session:
            if not has_accounts(session):
                print("No secretariat staff account yet. Create one with:\n"
                      "  madoguchi staff add you@example.org --role admin   (password read from stdin)",
                      file=sys.stderr)
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.logging_setup import configure_logging
    from bot.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level)
    is_sqlite = settings.database_url.startswith("sqlite")
    prepare_database(settings.database_url, migrate=not args.no_migrate)
    if args.workers > 1 and is_sqlite:
        logger.warning("several workers on SQLite work, but PostgreSQL is recommended for that")
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104 - comparing, not binding
    print(f"Madoguchi: web chat http://{shown_host}:{args.port}/  back office http://{shown_host}:{args.port}/staff",
          file=sys.stderr)
    # Forwarded headers are applied by the app itself, only from MADOGUCHI_TRUSTED_PROXIES: uvicorn's
    # own handling would believe any client on 127.0.0.1 by default.
    uvicorn.run("bot.web.asgi:app", host=args.host, port=args.port, workers=args.workers,
                proxy_headers=False, log_level=settings.log_level.lower(), access_log=False)
    return 0
