"""The front ends and notice channels a process starts: the one registration a new front end needs.

Each entry is a start-up hook ``setup(ctx)`` that checks its own settings and, when enabled, registers
its connector (``ctx.connectors.add``, see ``bot.connector``) or its notice delivery. The web server
runs all of them; ``madoguchi slack`` builds Slack in Socket Mode and runs the deliveries; the CLI's
``staff expire`` runs the deliveries to send what it queued. Adding Microsoft Teams or LINE is a package
``bot/teams/`` with a ``setup`` and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.context import AppContext

Setup = Callable[["AppContext"], None]


def web_setups() -> list[Setup]:
    """Every hook the web server runs at start-up (the web chat, Slack over HTTP, e-mail)."""
    from bot.slack.http import setup as slack_http
    from bot.web.connector import setup as web_chat

    return [web_chat, slack_http, *delivery_setups()]


def delivery_setups() -> list[Setup]:
    """Channels that only deliver notices, for every process that sends what is queued (e-mail)."""
    from bot.mailer import setup as email

    return [email]
