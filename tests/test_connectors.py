"""The connector contract: a new front end is one connector and one registration, and its users get their
notices without intake knowing its name (Slack's delivery: tests/slack/test_triage.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bot.connector import Connector, Notice
from bot.core.messages import IncomingMessage, Reply
from bot.units import in_transaction, run_turn
from intake.status import Status
from intake.tickets import get_by_reference
from intake.workflow import Move, apply_move


@dataclass(frozen=True)
class Room:
    """Where a conversation happens in the made-up front end: a room, shared or one-to-one."""

    user: str
    shared: bool


class ExampleConnector(Connector[Room, str]):
    """A front end as small as the contract allows (what a Teams or LINE package would implement)."""

    channel = "example"

    def __init__(self) -> None:
        self.delivered: list[Notice] = []

    def incoming(self, place: Room, text: str, **extra: Any) -> IncomingMessage:
        return IncomingMessage(channel=self.channel, conversation_id=f"example:{place.user}", text=text,
                               user_id=place.user, fixed_conversation=True, public=place.shared)

    def render(self, reply: Reply) -> str:
        return reply.text

    def is_private(self, place: Room) -> bool:
        return not place.shared

    def deliver(self, notice: Notice) -> None:
        self.delivered.append(notice)


def test_a_new_front_end_is_one_registration_and_gets_its_notices(ctx):
    example = ExampleConnector()
    ctx.connectors.add(example)
    assert ctx.connectors.get(ExampleConnector) is example and "example" in ctx.dispatcher.channels
    one_to_one = Room("E-USER-1", shared=False)
    turn = None
    for text in ["intake:start", "intake:kind:correction", "intake:requester:self", "山田 太郎", "taro@example.org",
                 "intake:skip", "intake:skip", "intake:confirm"]:
        turn = run_turn(ctx, example.incoming(one_to_one, text))
    assert turn is not None and turn.created_tickets
    reference = turn.created_tickets[0]

    def received(session: Any) -> None:
        ticket = get_by_reference(session, reference)
        apply_move(session, ctx.kb, ticket, Move(Status.RECEIVED), "clerk@example.org", config=ctx.intake_config,
                   notices=ctx.notice_options())

    in_transaction(ctx, received)
    ctx.dispatcher.run_pending()
    [notice] = example.delivered
    assert (notice.channel, notice.address, notice.reference) == ("example", "E-USER-1", reference)
    assert "受領しました" in notice.text and notice.status_url.endswith(f"/requests/{reference}")


def test_a_shared_room_gets_no_intake_dialog(ctx):
    example = ExampleConnector()
    ctx.connectors.add(example)
    turn = run_turn(ctx, example.incoming(Room("E-USER-2", shared=True), "intake:start"))
    assert [o.value for o in turn.replies[0].options] == ["intake:start"]  # the private way, not the dialog


def test_a_channel_is_registered_once(ctx):
    ctx.connectors.add(ExampleConnector())
    with pytest.raises(ValueError, match="already registered"):
        ctx.connectors.add(ExampleConnector())
