"""From Slack's message format to the plain text the core reads, and where a conversation lives."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# <@U123>, <@U123|name>, <!here>, <!subteam^S1|@team>, <#C123|general>: not part of the question.
MENTION_RE = re.compile(r"<[@!#][^>]*>")
# <mailto:a@b.jp|a@b.jp>, <https://x|label>, <https://x>: keep what the user typed.
LINK_RE = re.compile(r"<((?:mailto:|https?://)[^>|]*)(?:\|([^>]*))?>")


def clean_text(text: str) -> str:
    """Strip mentions, unwrap links (Slack turns a typed e-mail into ``<mailto:…|…>``), unescape &amp; &lt; &gt;."""
    text = MENTION_RE.sub(" ", text or "")
    text = LINK_RE.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    return re.sub(r"[ \t]{2,}", " ", html.unescape(text)).strip()


@dataclass(frozen=True)
class Place:
    """Where a conversation happens and where its replies go.

    ``thread_ts`` is the thread root (mentions are answered in a thread); ``ephemeral`` places (a
    slash command's answer) are answered through the response URL, visible to the user only.
    """

    team: str
    channel: str
    user: str
    thread_ts: str | None = None
    ephemeral: bool = False

    @property
    def is_dm(self) -> bool:
        """A direct message with the bot (channel ids of DMs start with D)."""
        return self.channel.startswith("D")

    @property
    def conversation_id(self) -> str:
        """``slack:{team}:{channel}:{user}`` (plus ``:{thread_ts}`` in a thread): one state per user and place."""
        base = f"slack:{self.team}:{self.channel}:{self.user}"
        return f"{base}:{self.thread_ts}" if self.thread_ts else base


IGNORED_SUBTYPES = {"bot_message", "message_changed", "message_deleted", "message_replied", "channel_join",
                    "channel_leave", "thread_broadcast", "ekm_access_denied"}


def from_a_bot(event: dict, bot_user_id: str | None) -> bool:
    """True for our own messages and any other bot's: those are never answered (no reply loops)."""
    return bool(event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES
                or event.get("bot_profile") or (bot_user_id and event.get("user") == bot_user_id))
