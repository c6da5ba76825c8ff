"""Calling the Slack Web API without ever crashing a listener or an outbox worker.

Listeners call :func:`call`: a ``ratelimited`` answer is retried once after Retry-After (if that is
short), other errors are logged and reported as ``None``. Outbox handlers call :func:`call_or_retry_later`,
which turns a rate limit or an unreachable channel into :class:`bot.delivery.RetryLater`, so the
dispatcher backs off and tries again. Only the method name and Slack's error code are logged: never
the message text, which may carry personal data, nor the token.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

from bot.delivery import RetryLater

logger = logging.getLogger(__name__)

LISTENER_RETRY_CAP = 5.0  # seconds a listener may wait for a rate limit before giving up
CONFIG_ERRORS = {"channel_not_found", "not_in_channel", "is_archived", "user_not_found", "cannot_dm_bot"}


def retry_after(exc: SlackApiError, default: float = 30.0) -> float:
    """Seconds Slack asked us to wait (the Retry-After header of a ``ratelimited`` answer)."""
    headers = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else default
    except (TypeError, ValueError):
        return default


def error_code(exc: SlackApiError) -> str:
    """Slack's error code (``ratelimited``, ``channel_not_found`` ...)."""
    try:
        return str(exc.response.get("error") or "unknown_error")
    except Exception:  # a malformed response object: still report something useful
        return "unknown_error"


def _name(method: Callable[..., Any]) -> str:
    return getattr(method, "__name__", "api_call").replace("_", ".", 1)


def call(method: Callable[..., SlackResponse], **kwargs: Any) -> SlackResponse | None:
    """Call a WebClient method from a listener; None (logged) when it failed."""
    for attempt in range(2):
        try:
            return method(**kwargs)
        except SlackApiError as exc:
            code = error_code(exc)
            wait = retry_after(exc) if code == "ratelimited" else 0.0
            if code == "ratelimited" and attempt == 0 and wait <= LISTENER_RETRY_CAP:
                logger.warning("Slack %s rate limited; retrying in %.1fs", _name(method), wait)
                time.sleep(wait)
                continue
            if code in CONFIG_ERRORS:
                logger.error("Slack %s failed: %s (is the bot invited to the channel?)", _name(method), code)
            else:
                logger.error("Slack %s failed: %s", _name(method), code)
            return None
        except (SlackClientError, OSError):
            logger.exception("Slack %s could not be called", _name(method))
            return None
    return None


def call_or_retry_later(method: Callable[..., SlackResponse], **kwargs: Any) -> SlackResponse:
    """Call a WebClient method from an outbox handler; failures become RetryLater (the dispatcher backs off)."""
    try:
        return method(**kwargs)
    except SlackApiError as exc:
        code = error_code(exc)
        if code == "ratelimited":
            raise RetryLater(f"Slack {_name(method)}: ratelimited", retry_after(exc)) from None
        hint = " (invite the bot to the channel / check MADOGUCHI_TRIAGE_CHANNEL)" if code in CONFIG_ERRORS else ""
        raise RetryLater(f"Slack {_name(method)}: {code}{hint}") from None
    except (SlackClientError, OSError) as exc:
        raise RetryLater(f"Slack {_name(method)}: {type(exc).__name__}") from None
