"""The connector contract: what a front end (web, Slack, Teams, LINE…) implements to talk to the core.

A front end is one package with one :class:`Connector` and one registration (``ctx.connectors.add``,
from its start-up hook in ``bot.frontends``). The contract has four parts:

- **incoming**: its own input (a Slack event, a web JSON body) becomes one neutral
  :class:`~bot.core.messages.IncomingMessage` (``channel`` = the connector's name, a conversation id,
  the text, the user's platform id, and ``public`` when others read along);
- **render**: a :class:`~bot.core.messages.Reply` becomes what the surface shows (Block Kit, JSON, HTML);
- **privacy**: :meth:`Connector.is_private` says which places only the user can read, lastingly: only
  those may show an access code (a kit with one is sent there, or not at all);
- **notices**: :meth:`Connector.deliver` sends a notice to an applicant at an address of this channel
  (the user id the front end gave the ticket as ``channel_user``). A front end whose users are not
  reachable afterwards (the web chat: notices are on the status page) sets ``delivers_notices = False``.

Intake never names a channel: a notice is queued as ``applicant.message`` with the ticket's channel and
address, and the dispatcher hands it to the delivery registered for that channel.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from bot.core.messages import IncomingMessage, Reply

if TYPE_CHECKING:
    from bot.delivery import Dispatcher

PlaceT = TypeVar("PlaceT")
RenderedT = TypeVar("RenderedT")
C = TypeVar("C")


@dataclass(frozen=True)
class Notice:
    """One ``applicant.message``: a notice to the applicant of ``reference`` at ``address`` of ``channel``."""

    channel: str
    address: str
    reference: str
    lang: str
    text: str
    status_url: str = ""

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Notice:
        """The notice an outbox payload describes (see ``intake.outbox.enqueue_notice``)."""
        return cls(channel=str(payload["channel"]), address=str(payload["address"]),
                   reference=str(payload["reference"]), lang=str(payload.get("lang") or ""),
                   text=str(payload["text"]), status_url=str(payload.get("status_url") or ""))


class NoticeDelivery(Protocol):
    """Sends notices of one channel (a front end's, or e-mail's); raises ``RetryLater`` to try again."""

    channel: str

    def deliver(self, notice: Notice) -> None: ...


class Connector(ABC, Generic[PlaceT, RenderedT]):
    """A front end: ``PlaceT`` is where a conversation happens on it, ``RenderedT`` what it shows."""

    channel: str  # the name tickets and conversations carry ("web", "slack")
    delivers_notices: bool = True

    @abstractmethod
    def incoming(self, place: PlaceT, text: str, **extra: Any) -> IncomingMessage:
        """The neutral message for ``text`` typed (or an option chosen) at ``place``."""

    @abstractmethod
    def render(self, reply: Reply) -> RenderedT:
        """``reply`` as this surface shows it."""

    @abstractmethod
    def is_private(self, place: PlaceT) -> bool:
        """Whether only the user reads ``place``, lastingly: the only places an access code may be shown."""

    def deliver(self, notice: Notice) -> None:
        """Send ``notice`` to its address on this channel (only when ``delivers_notices``)."""
        raise NotImplementedError(f"{self.channel} does not deliver notices")


class Connectors:
    """The front ends and notice deliveries of this process; registering one wires its deliveries."""

    def __init__(self, dispatcher: Dispatcher):
        self._dispatcher = dispatcher
        self._connectors: dict[str, Connector[Any, Any]] = {}

    def add(self, connector: Connector[Any, Any]) -> None:
        """Register a front end (once per process); its notices go through :meth:`Connector.deliver`."""
        if connector.channel in self._connectors:
            raise ValueError(f"a connector for {connector.channel!r} is already registered")
        self._connectors[connector.channel] = connector
        if connector.delivers_notices:
            self._dispatcher.register_channel(connector.channel, connector.deliver)

    def add_delivery(self, delivery: NoticeDelivery) -> None:
        """Register a channel that only delivers notices (e-mail)."""
        self._dispatcher.register_channel(delivery.channel, delivery.deliver)

    def get(self, kind: type[C]) -> C | None:
        """The registered connector of type ``kind`` (e.g. the Slack app), if this process has one."""
        return next((c for c in self._connectors.values() if isinstance(c, kind)), None)

    @property
    def channels(self) -> list[str]:
        return sorted(self._connectors)
