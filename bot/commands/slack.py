"""``madoguchi slack``: run the Slack app in Socket Mode (no public URL needed).

It builds the same context and the same Bolt listeners as the web app's HTTP mode, opens the
WebSocket through ``apps.connections.open`` on ``MADOGUCHI_SLACK_API_URL``, and runs the outbox
dispatcher, so triage posts and applicant DMs go out from this worker. Stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

logger = logging.getLogger("madoguchi")


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``slack`` arguments."""
    parser.add_argument("--no-migrate", action="store_true", help="do not apply database migrations at start")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Connect to Slack over Socket Mode and serve until interrupted."""
    from bot.commands.serve import prepare_database
    from bot.logging_setup import configure_logging
    from bot.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level)
    missing = [name for name, value in (("SLACK_BOT_TOKEN", settings.slack_bot_token),
                                        ("SLACK_APP_TOKEN", settings.slack_app_token)) if not value]
    if missing:
        print(f"Socket Mode needs {' and '.join(missing)} (see slack/README-section.md).", file=sys.stderr)
        return 2
    prepare_database(settings.database_url, migrate=not args.no_migrate)

    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_bolt.error import BoltError

    from bot.context import build_context
    from bot.frontends import delivery_setups
    from bot.slack.app import build_slack

    ctx = build_context(settings)
    try:
        bot = build_slack(ctx, verify_token=True)  # fail fast on a wrong token, with Slack's reason
        for setup in delivery_setups():  # the notices of other channels (e-mail) go out from here too
            setup(ctx)
    except BoltError as exc:
        print(f"Slack refused the bot token: {exc}", file=sys.stderr)
        ctx.close()
        return 1
    handler = SocketModeHandler(bot.app, app_token=settings.slack_app_token, web_client=bot.client)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    ctx.dispatcher.start()
    ctx.dispatcher.kick()  # deliver what queued up while no Slack worker was running
    from bot.live_knowledge import start_watcher

    watcher = start_watcher(ctx)  # the secretariat's knowledge changes reach Slack too
    handler.connect()
    logger.info("connected to Slack in Socket Mode; press Ctrl+C to stop")
    try:
        while not stop.wait(1.0):  # a timed wait keeps the signal handlers responsive
            pass
    finally:
        logger.info("stopping the Slack worker")
        handler.close()
        watcher.stop()
        bot.close()
        ctx.close()
    return 0
