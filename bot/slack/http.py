"""Slack HTTP mode: ``POST /slack/events`` for events, slash commands and interactivity.

The signature is checked before anything else (401, nothing runs); Bolt checks it again. Bolt's
dispatch is synchronous and may call ``auth.test`` or the database, so it runs in the thread pool,
never on the event loop; it returns as soon as the listener acknowledged, and the listener's slow
work continues in the Slack executor.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt import BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot.context import AppContext
from bot.slack.app import SlackBot, build_slack, get_slack

logger = logging.getLogger(__name__)
router = APIRouter()

NOT_CONFIGURED = {
    "detail": "Slack is not configured on this server: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
    "(or run 'madoguchi slack' with SLACK_APP_TOKEN for Socket Mode). / Slack連携は設定されていません。"
}
BAD_SIGNATURE = {"detail": "invalid or expired Slack request signature"}


def setup(ctx: AppContext) -> None:
    """Start-up hook: build the Bolt app when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set."""
    if not ctx.settings.slack_http_enabled:
        return
    if get_slack(ctx) is None:
        build_slack(ctx)
        logger.info("Slack HTTP mode enabled at POST /slack/events")


def _signed_by_slack(bot: SlackBot, body: bytes, timestamp: str, signature: str) -> bool:
    if bot.verifier is None or not timestamp.isdigit() or not signature.startswith("v0="):
        return False
    try:
        return bot.verifier.is_valid(body, timestamp, signature)
    except ValueError:  # a malformed header is just an invalid signature
        return False


@router.post("/slack/events", include_in_schema=False)
async def slack_events(request: Request) -> Response:
    """Slack's Request URL for events, slash commands and interactivity."""
    ctx = getattr(request.app.state, "ctx", None)
    bot = get_slack(ctx) if ctx is not None else None
    if bot is None or not ctx.settings.slack_http_enabled:
        return JSONResponse(status_code=404, content=NOT_CONFIGURED)
    body = await request.body()
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    signature = request.headers.get("x-slack-signature", "")
    # SignatureVerifier also refuses timestamps more than five minutes away (replays).
    if not _signed_by_slack(bot, body, timestamp, signature):
        logger.warning("refused a Slack request with an invalid or stale signature")
        return JSONResponse(status_code=401, content=BAD_SIGNATURE)
    bolt_request = BoltRequest(body=body.decode("utf-8"), query=request.query_params,  # type: ignore[arg-type]
                               headers=request.headers)  # type: ignore[arg-type]
    bolt_response = await run_in_threadpool(bot.app.dispatch, bolt_request)
    return to_starlette_response(bolt_response)
