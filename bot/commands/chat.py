"""``madoguchi chat``: talk to the bot in a terminal, through the same conversation core as the web.

Options are shown numbered; type the number to choose one. The conversation (and any request you
open) is stored in the configured database, exactly as from the web chat.
"""

from __future__ import annotations

import argparse
import sys


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-migrate", action="store_true", help="do not apply database migrations first")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from bot.context import build_context
    from bot.core.messages import IncomingMessage
    from bot.settings import get_settings
    from bot.units import DatabaseUnavailable, run_turn
    from intake.migrate import upgrade

    settings = get_settings()
    ctx = build_context(settings)
    if not args.no_migrate:
        upgrade(ctx.db)
    conversation_id: str | None = None
    options: list = []
    print(ctx.core.welcome("ja").text)
    print("（終了は Ctrl-D / quit with Ctrl-D）")
    try:
        for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("> "), None):
            text = line.strip()
            if text.isdigit() and 0 < int(text) <= len(options):
                text = options[int(text) - 1].value
            try:
                turn = run_turn(ctx, IncomingMessage(channel="cli", conversation_id=conversation_id, text=text))
            except DatabaseUnavailable:
                print("データベースに接続できません。 / The database is unavailable.", file=sys.stderr)
                continue
            conversation_id = turn.conversation_id
            options = []
            for reply in turn.replies:
                print(reply.text)
                if reply.sources:
                    print("  出典/Sources: " + ", ".join(f"{s.section} {s.title}" for s in reply.sources))
                for option in reply.options:
                    options.append(option)
                    print(f"  [{len(options)}] {option.label}")
            ctx.dispatcher.run_pending()
    except (EOFError, KeyboardInterrupt):
        print()
    finally:
        ctx.close()
    return 0
