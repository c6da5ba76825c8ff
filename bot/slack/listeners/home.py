"""The App Home tab, published each time the user opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.home import publish_home
from bot.slack.incoming import from_a_bot


def register(app: App) -> None:
    """Register the App Home listeners."""
    app.event("app_home_opened")(on_home_opened)


def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Show what the bot can do, "Start a request", and the user's open requests."""
    if event.get("tab", "home") != "home" or from_a_bot(event, context.bot_user_id) or not event.get("user"):
        return
    publish_home(context["madoguchi"].ctx, client, event["user"])
