"""Slack HTTP mode (``POST /slack/events``). Placeholder: filled in by the Slack work (issue 4)."""

from fastapi import APIRouter

from bot.context import AppContext

router = APIRouter()


def setup(ctx: AppContext) -> None:
    """Start-up hook: build the Bolt app when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set."""
