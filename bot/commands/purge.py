"""``madoguchi purge``: apply the retention policy now (it also runs periodically in the server)."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run)


def run(_args: argparse.Namespace) -> int:
    from bot.context import build_context
    from bot.maintenance import run_purge
    from bot.settings import get_settings

    ctx = build_context(get_settings())
    try:
        print(run_purge(ctx))
    finally:
        ctx.close()
    return 0
