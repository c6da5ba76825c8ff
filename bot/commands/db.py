"""``madoguchi db upgrade`` / ``db current``: database migrations (Alembic)."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help="apply migrations up to the latest (or --revision)")
    up.add_argument("--revision", default="head")
    up.set_defaults(handler=upgrade)
    cur = sub.add_parser("current", help="print the schema revision of the database")
    cur.set_defaults(handler=current)


def upgrade(args: argparse.Namespace) -> int:
    from bot.settings import get_settings
    from intake.db import make_engine
    from intake.migrate import current_revision
    from intake.migrate import upgrade as apply

    engine = make_engine(get_settings().database_url)
    try:
        apply(engine, args.revision)
        print(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def current(_args: argparse.Namespace) -> int:
    from bot.settings import get_settings
    from intake.db import make_engine
    from intake.migrate import current_revision

    engine = make_engine(get_settings().database_url)
    try:
        print(current_revision(engine) or "(no schema)")
    finally:
        engine.dispose()
    return 0
