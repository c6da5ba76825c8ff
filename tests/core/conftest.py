"""A small driver that talks to the conversation core the way a front end does."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.core.messages import IncomingMessage, Reply
from bot.units import run_turn


@dataclass
class ChatDriver:
    """Sends messages through ``run_turn`` (one transaction each) and remembers the conversation."""

    ctx: object
    channel: str = "web"
    conversation_id: str | None = None
    transcript: list[tuple[str, list[Reply]]] = field(default_factory=list)

    def say(self, text: str) -> list[Reply]:
        turn = run_turn(self.ctx, IncomingMessage(channel=self.channel, conversation_id=self.conversation_id,
                                                  text=text))
        self.conversation_id = turn.conversation_id
        self.transcript.append((text, turn.replies))
        return turn.replies

    def choose(self, replies: list[Reply], value_prefix: str) -> list[Reply]:
        """Press the first option whose value starts with ``value_prefix`` (it must be offered)."""
        for reply in reversed(replies):
            for option in reply.options:
                if option.value.startswith(value_prefix):
                    return self.say(option.value)
        offered = [o.value for r in replies for o in r.options]
        raise AssertionError(f"no option {value_prefix!r} offered; offered: {offered}")


def last_text(replies: list[Reply]) -> str:
    return replies[-1].text


def all_text(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


@pytest.fixture
def chat(ctx) -> ChatDriver:  # type: ignore[no-untyped-def]
    return ChatDriver(ctx)
