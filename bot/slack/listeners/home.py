"""The App Home tab, published each time the user opens it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.home import build_home
from bot.slack.incoming import from_a_bot
from bot.slack.replies import publish_home

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)


def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Show what the bot can do, "Start a request", and the user's open requests."""
    if event.get("tab", "home") != "home" or from_a_bot(event, context.bot_user_id) or not event.get("user"):
        return
    try:
        view = build_home(context["madoguchi"].ctx, event["user"])
    except Exception:  # the database is down: keep the previous tab rather than fail loudly
        logger.exception("could not build the App Home view")
        return
    publish_home(client, event["user"], view)
