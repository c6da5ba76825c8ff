"""Slack HTTP mode: ``POST /slack/events`` for events, slash commands and interactivity.

The signature is checked before anything else (401, nothing runs); Bolt checks it again. Bolt's
dispatch is synchronous and may call ``auth.test`` or the database, so it runs in the thread pool,
never on the event loop; it returns as soon as the listener acknowledged, and the listener's slow
work continues in the Slack executor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt import BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot.context import AppContext
from bot.slack.app import SlackBot, build_slack, get_slack
from bot.wording import in_every_language

logger = logging.getLogger(__name__)
router = APIRouter()

NOT_CONFIGURED = {"detail": in_every_language("slack.http_not_configured", " / ")}
BAD_SIGNATURE = {"detail": "invalid or expired Slack request signature"}
MALFORMED = {"detail": in_every_language("slack.http_malformed", " / ")}
# Where Slack's payloads carry an object (or nothing); Bolt reads into them without checking.
_OBJECTS = ("event", "view", "team", "channel", "container", "message", "state", "enterprise", "user")
_INTERACTIVE = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action", "block_suggestion"}


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
    if abs(time.time() - int(timestamp)) > 5 * 60:  # a replay, or a clock far off
        return False
    # Slack's v0 scheme over the exact bytes received (slack_sdk's verifier would first decode them as
    # UTF-8 and fail on a signed body that is not: that is a malformed request, 400, not a forged one).
    expected = hmac.new(bot.verifier.signing_secret.encode(), f"v0:{timestamp}:".encode() + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"v0={expected}".encode(), signature.encode("utf-8", "replace"))


def well_formed(body: bytes, content_type: str) -> bool:
    """True when the body has the shape of something Slack sends: a JSON object (events), form fields
    (slash commands), or form fields whose ``payload`` is a JSON object (interactivity), with objects
    where Slack puts objects. Bolt trusts a signed body's shape; this makes a malformed one a 400."""
    try:
        text = body.decode("utf-8")
        if "application/json" in content_type or text.lstrip().startswith("{"):
            payload: Any = json.loads(text)
        else:
            fields = parse_qs(text, keep_blank_values=True)
            if "payload" not in fields:
                return all(len(values) == 1 for values in fields.values())
            payload = json.loads(fields["payload"][0])
    except (UnicodeDecodeError, ValueError):
        return False
    if not isinstance(payload, dict):
        return False
    for key in _OBJECTS:
        value = payload.get(key)
        if value is not None and not isinstance(value, dict) and not (key in ("user", "team", "channel")
                                                                     and isinstance(value, str)):
            return False
    kind = payload.get("type")
    if kind == "event_callback":
        return isinstance(payload.get("event"), dict) and isinstance(payload["event"].get("type"), str)
    if kind in _INTERACTIVE:
        user = payload.get("user")
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            return False
        if kind in ("view_submission", "view_closed") and not isinstance(payload.get("view"), dict):
            return False
        actions = payload.get("actions", [])
        return isinstance(actions, list) and all(isinstance(a, dict) for a in actions)
    return True


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
    if not well_formed(body, request.headers.get("content-type", "")):
        logger.warning("refused a signed Slack request with a malformed body")
        return JSONResponse(status_code=400, content=MALFORMED)
    try:
        bolt_request = BoltRequest(body=body.decode("utf-8"), query=request.query_params,  # type: ignore[arg-type]
                                   headers=request.headers)  # type: ignore[arg-type]
        bolt_response = await run_in_threadpool(bot.app.dispatch, bolt_request)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        # A shape the check above let through and Bolt could not read: still the sender's fault.
        logger.warning("refused a Slack request Bolt could not read (%s)", type(exc).__name__)
        return JSONResponse(status_code=400, content=MALFORMED)
    return to_starlette_response(bolt_response)
