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
    from bot.wording import in_every_language
    from intake.migrate import upgrade

    settings = get_settings()
    ctx = build_context(settings)
    if not args.no_migrate:
        upgrade(ctx.db)
    from bot.live_knowledge import refresh

    refresh(ctx)  # the secretariat's changes in force, as in the web chat
    conversation_id: str | None = None
    # The greeting offers its choices like every reply: numbered, so "下のボタンから" has something below.
    options = _show([ctx.core.welcome("ja")])
    print(in_every_language("cli.how_to_choose", " / "))
    try:
        for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("> "), None):
            text = line.strip()
            if text.isdigit() and 0 < int(text) <= len(options):
                text = options[int(text) - 1].value
            try:
                turn = run_turn(ctx, IncomingMessage(channel="cli", conversation_id=conversation_id, text=text))
            except DatabaseUnavailable:
                print(in_every_language("cli.unavailable", " / "), file=sys.stderr)
                continue
            conversation_id = turn.conversation_id
            options = _show(turn.replies)
            ctx.dispatcher.run_pending()
    except (EOFError, KeyboardInterrupt):
        print()
    finally:
        ctx.close()
    return 0


def _show(replies: list) -> list:
    """Print replies with their numbered choices; returns the choices in number order."""
    options: list = []
    for reply in replies:
        print(reply.text)
        for option in reply.options:
            options.append(option)
            print(f"  [{len(options)}] {option.label}")
    return options
