"""The web chat's connector: a browser session talks to the core through ``POST /api/chat``.

A place is one browser session (its conversation id and the client address, which wrong access codes
are counted against); replies are rendered as the JSON the page's script draws. Only the person at the
browser reads the chat, so it is private and a kit with the access code is shown in it. The web chat
cannot reach the applicant afterwards: notices are on the status page (and, when configured, e-mailed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.connector import Connector
from bot.core.messages import IncomingMessage, Reply

if TYPE_CHECKING:
    from bot.context import AppContext

CHANNEL = "web"


@dataclass(frozen=True)
class BrowserSession:
    """Where a web conversation happens: the session id (None for a new one) and the client address."""

    conversation_id: str | None
    client: str


class WebConnector(Connector[BrowserSession, dict[str, Any]]):
    """The web chat (``/`` and ``POST /api/chat``)."""

    channel = CHANNEL
    delivers_notices = False  # the status page shows them; nobody is there to push them to

    def incoming(self, place: BrowserSession, text: str, **extra: Any) -> IncomingMessage:
        """``extra`` may carry ``access_code``: the code a retried message's ticket must get again."""
        return IncomingMessage(channel=CHANNEL, conversation_id=place.conversation_id, text=text,
                               client=place.client, access_code=extra.get("access_code"))

    def render(self, reply: Reply) -> dict[str, Any]:
        """The ``messages`` entry of ``POST /api/chat`` (see :meth:`Reply.to_json`)."""
        return reply.to_json()

    def is_private(self, place: BrowserSession) -> bool:
        return True


def setup(ctx: AppContext) -> None:
    """Start-up hook: register the web chat's connector (once per process)."""
    if ctx.connectors.get(WebConnector) is None:
        ctx.connectors.add(WebConnector())


def web_connector(ctx: AppContext) -> WebConnector:
    """The web chat's connector of this process (registered on first use)."""
    setup(ctx)
    found = ctx.connectors.get(WebConnector)
    assert found is not None
    return found
