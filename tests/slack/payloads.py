"""Real-shaped Slack payloads (as Slack sends them), and request signing (v0 HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from tests.slack.mock_slack import BOT_ID, BOT_USER, TEAM

APP_ID = "A0MADOGUCHI"
_ts = itertools.count(1)


def next_ts() -> str:
    return f"{int(time.time())}.{next(_ts):06d}"


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds: ``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` (v0)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An Events API envelope as Slack posts it."""
    return {
        "token": "legacy-verification-token", "team_id": TEAM, "api_app_id": APP_ID, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()), "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
        "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }


def message_im(text: str, *, user: str = "U0ALICE01", channel: str = "D0ALICE01", **extra: Any) -> dict[str, Any]:
    ts = next_ts()
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
             "channel_type": "im", "team": TEAM, "client_msg_id": str(uuid.uuid4()),
             "blocks": [{"type": "rich_text", "block_id": "b1", "elements": [
                 {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]}
    event.update(extra)
    return event


def app_mention(text: str, *, user: str = "U0ALICE01", channel: str = "C0GENERAL", **extra: Any) -> dict[str, Any]:
    ts = next_ts()
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts,
             "team": TEAM, "client_msg_id": str(uuid.uuid4())}
    event.update(extra)
    return event


def app_home_opened(user: str = "U0ALICE01") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home",
            "event_ts": next_ts()}


def slash_command(text: str, response_url: str, *, user: str = "U0ALICE01", channel: str = "C0GENERAL") -> dict[str, str]:
    """The form fields of a slash command request."""
    return {"token": "legacy-verification-token", "team_id": TEAM, "team_domain": "example",
            "channel_id": channel, "channel_name": "general", "user_id": user, "user_name": "alice",
            "command": "/privacy", "text": text, "api_app_id": APP_ID, "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": f"{next_ts()}.trigger"}


def block_actions(action: dict[str, Any], *, user: str = "U0ALICE01", channel: str = "D0ALICE01",
                  message_ts: str | None = None, thread_ts: str | None = None, ephemeral: bool = False,
                  response_url: str = "https://hooks.slack.invalid/actions/x",
                  view: dict[str, Any] | None = None) -> dict[str, Any]:
    """A button click (``block_actions``) on a message, an ephemeral message or the App Home."""
    message_ts = message_ts or next_ts()
    payload: dict[str, Any] = {
        "type": "block_actions", "api_app_id": APP_ID, "token": "legacy-verification-token",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "team": {"id": TEAM, "domain": "example"}, "enterprise": None, "is_enterprise_install": False,
        "trigger_id": f"{next_ts()}.trigger", "response_url": response_url, "state": {"values": {}},
        "actions": [{"type": "button", "action_ts": next_ts(), "text": {"type": "plain_text", "text": "x"},
                     **action}],
    }
    if view is not None:  # App Home
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
        return payload
    payload["container"] = {"type": "message", "message_ts": message_ts, "channel_id": channel,
                            "is_ephemeral": ephemeral}
    payload["channel"] = {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"}
    if not ephemeral:
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": message_ts, "text": "…"}
        if thread_ts:
            message["thread_ts"] = thread_ts
            payload["container"]["thread_ts"] = thread_ts
        payload["message"] = message
    return payload


def fill_view(view: dict[str, Any], values: dict[str, str | None]) -> dict[str, Any]:
    """The ``view`` of a ``view_submission``: the opened modal with ``state.values`` filled like Slack does."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        value = values.get(block["block_id"])
        if element["type"] in ("static_select", "radio_buttons"):
            chosen = next((o for o in element["options"] if o["value"] == value), element.get("initial_option"))
            state[block["block_id"]] = {"value": {"type": element["type"], "selected_option": chosen}}
        else:
            state[block["block_id"]] = {"value": {"type": "plain_text_input", "value": value}}
    return {**view, "id": "V0MODAL01", "team_id": TEAM, "state": {"values": state}, "hash": "1700000000.abc",
            "app_id": APP_ID, "bot_id": BOT_ID, "root_view_id": "V0MODAL01", "previous_view_id": None}


def view_submission(view: dict[str, Any], *, user: str = "U0ALICE01") -> dict[str, Any]:
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "example"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": APP_ID, "token": "legacy-verification-token", "trigger_id": f"{next_ts()}.trigger",
            "view": view, "response_urls": [], "is_enterprise_install": False, "enterprise": None}


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def interactive_body(payload: dict[str, Any]) -> str:
    """Interactivity requests are form-encoded with one field, ``payload`` (JSON)."""
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
