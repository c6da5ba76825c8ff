"""Status look-ups in chat: "REQ-2026-000123 の状況は？" → ask for the access code → show the status.

A wrong code answers exactly like an unknown reference, and repeated failures are slowed down per
(reference, client) and per client — the same counters as the web look-ups (``bot.web.applicant_auth``) —
in the database so every process sees them. The right code is always accepted.
"""

from __future__ import annotations

import math
import re
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.kit import Links, ticket_info
from bot.core.messages import Reply, SourceRef
from bot.wording import say
from intake import throttle
from intake.codes import CODE_ALPHABET, normalize_code
from intake.models import Ticket
from intake.tickets import find_for_applicant, notices_of
from knowledge.models import KnowledgeBase

REFERENCE_RE = re.compile(r"REQ[-ー－]?\s?(\d{4})[-ー－]?\s?(\d{6})", re.IGNORECASE)
_SYMBOL = f"[{CODE_ALPHABET}]"
# Four groups of four code symbols; the alphabet has no I, L, O, 0 or 1, so words like "code" don't match.
CODE_RE = re.compile(
    rf"(?<![A-Za-z0-9])({_SYMBOL}{{4}}(?:[-\s]?{_SYMBOL}{{4}}){{3}})(?![A-Za-z0-9])", re.IGNORECASE
)


def find_reference(body: str) -> str | None:
    """The first reference number in a message, in canonical form."""
    match = REFERENCE_RE.search(body)
    return f"REQ-{match.group(1)}-{match.group(2)}" if match else None


class StatusLookup:
    """The two-step status dialog (reference, then access code)."""

    def __init__(self, kb: KnowledgeBase, links: Links, timezone: str = "Asia/Tokyo"):
        self.kb = kb
        self.links = links
        self.tz = ZoneInfo(timezone)  # notice dates are the days their texts name

    def mentions_reference(self, body: str) -> bool:
        return find_reference(body) is not None

    def handle(self, session: Session, state: dict[str, Any], body: str, lang: str,
               client: str) -> list[Reply] | None:
        """Continue a pending look-up; None when the message is about something else."""
        if body == "status:start":
            state["status_lookup"] = {"reference": None}
            return [Reply(say("chat.ask_reference", lang), kind="prompt", lang=lang)]
        pending = state.get("status_lookup") or {}
        reference = find_reference(body)
        if reference and (not pending.get("reference") or reference != pending.get("reference")):
            state["status_lookup"] = {"reference": reference}
            pending = state["status_lookup"]
            code_match = CODE_RE.search(REFERENCE_RE.sub(" ", body))
            if code_match is None:
                return [Reply(say("chat.ask_code", lang, reference=reference), kind="prompt", lang=lang)]
            return self._check(session, state, reference, code_match.group(1), lang, client)
        if not pending.get("reference"):
            state.pop("status_lookup", None)
            return None
        code_match = CODE_RE.search(body)
        if code_match is None:
            state.pop("status_lookup", None)  # the user moved on: treat the message normally
            return None
        return self._check(session, state, pending["reference"], code_match.group(1), lang, client)

    def _check(self, session: Session, state: dict[str, Any], reference: str, code: str, lang: str,
               client: str) -> list[Reply]:
        state.pop("status_lookup", None)
        guard = throttle.guard("code", reference, client)
        wait = guard.wait(session)
        ticket = find_for_applicant(session, reference, normalize_code(code))
        if ticket is not None:  # checked even while throttled: a code of ~79 bits cannot be guessed
            guard.succeed(session)
            return [self.status_reply(session, ticket, lang)]
        guard.fail(session)
        # The next message may be the code typed again: keep asking for it (the right one is always taken).
        state["status_lookup"] = {"reference": reference}
        if wait > 0:
            return [Reply(say("chat.throttled", lang, seconds=math.ceil(wait)), kind="error", lang=lang)]
        return [Reply(say("chat.not_found", lang), kind="error", lang=lang)]

    def status_reply(self, session: Session, ticket: Ticket, lang: str) -> Reply:
        """The applicant's view of a ticket as a chat reply."""
        info = ticket_info(self.kb, ticket, lang, self.links, access_code=None)
        lines = [say("chat.status_head", lang, reference=ticket.reference, status=info.status_label)]
        for notice in notices_of(session, ticket)[-3:]:
            lines.append(f"・{notice.at.astimezone(self.tz):%Y-%m-%d} {notice.text(lang)}")
        lines.append(info.status_url)
        sources = [SourceRef(s, self.kb.section_title(s, lang)) for s in self.kb.requests.kind(ticket.kind).sources[:1]]
        return Reply("\n".join(lines), sources=sources, kind="status", lang=lang, ticket=info)
