"""The neutral message types every front end speaks.

A front end turns its input (web JSON, a Slack event, a terminal line) into one
:class:`IncomingMessage`, and renders each :class:`Reply` its own way (HTML, Block Kit, plain text).
Choosing an option means sending its ``value`` back as the message text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from intake.feedback import Rated


@dataclass(frozen=True)
class IncomingMessage:
    """One message from a user, whatever the channel."""

    channel: str  # the front end's name (its connector's channel: "web", "slack", "cli", …)
    conversation_id: str | None
    text: str
    user_id: str | None = None  # the platform's user id (Slack), to link requests to their owner
    fixed_conversation: bool = False  # the id is derived from the platform, not issued by us
    public: bool = False  # others can read the replies (a Slack channel thread): no intake dialog here
    # Who is sending, as the front end knows it (web: the client address; Slack: "slack:<user id>"), so
    # wrong access codes are counted against the sender whichever conversation they start.
    client: str | None = None
    # The access code for a ticket this message may open, when a retry must get the same one again
    # (a message id, see ``intake.idempotency``); None: a new random code.
    access_code: str | None = None


@dataclass(frozen=True)
class Option:
    """A quick reply: shown as ``label``; choosing it sends ``value``."""

    label: str
    value: str


@dataclass(frozen=True)
class SourceRef:
    """A citation of the policy: section id (e.g. ``Ⅶ.3``) and its title."""

    section: str
    title: str


@dataclass(frozen=True)
class TicketInfo:
    """What the applicant needs after a ticket was created: reference, code and the postal kit."""

    reference: str
    access_code: str | None
    status: str
    status_label: str
    kind: str
    kind_label: str
    requester: str
    fee_yen: int
    form_name: str
    form_url: str
    checklist: list[str]
    mail_to: str
    status_url: str
    filled_form_url: str | None = None
    next_step: str | None = None  # what happens next, for a card that shows the status link as a button


@dataclass(frozen=True)
class Reply:
    """One bot message: text, the policy sections it rests on, and quick replies."""

    text: str
    sources: list[SourceRef] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    kind: str = "answer"  # answer | suggest | decline | prompt | ticket | status | info | error
    lang: str = "ja"
    ticket: TicketInfo | None = None
    rating: Rated | None = None  # an answer to a question, which the user may rate (役に立った／役に立たなかった)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``POST /api/chat`` messages (text, sources, options, plus extras)."""
        data: dict[str, Any] = {
            "text": self.text,
            # Built by hand: dataclasses.asdict deep-copies recursively, a tenth of a chat request's time.
            "sources": [{"section": s.section, "title": s.title} for s in self.sources],
            "options": [{"label": o.label, "value": o.value} for o in self.options],
            "kind": self.kind,
            "lang": self.lang,
        }
        if self.ticket is not None:
            data["ticket"] = asdict(self.ticket)
        if self.rating is not None:
            data["rateable"] = True  # POST /api/chat/feedback rates it (the last one of the session)
        return data


@dataclass
class Turn:
    """The outcome of handling one message: the replies, and what the edge must do after commit."""

    conversation_id: str
    replies: list[Reply]
    created_tickets: list[str] = field(default_factory=list)  # references, to kick delivery after commit
