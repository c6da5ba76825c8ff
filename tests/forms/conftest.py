"""Fixtures for the form tests: tickets opened through the real intake on the test database."""

from __future__ import annotations

import datetime as dt

import pytest

from intake.requests import TicketRequest
from intake.tickets import create_ticket

# 20:00 UTC on 31 March is already 1 April in Tokyo: the form must show the Japanese date.
OPENED_AT = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)
PERSON = {"name": "山田 太郎", "email": "taro@example.org", "postal_address": "東京都千代田区丸の内1-1-1\nテストビル3階",
          "organization": "株式会社サンプル", "details": "人事評価の記録(2024年度)\n面談メモ"}
AGENT_NAME = "佐藤 花子"


def request_for(kind: str, requester: str, **changes: object) -> TicketRequest:
    fields = {**PERSON, "kind": kind, "requester": requester,
              "agent_name": AGENT_NAME if requester == "agent" else None, **changes}
    return TicketRequest(**fields)


@pytest.fixture
def open_ticket(ctx):  # type: ignore[no-untyped-def]
    """open_ticket(kind, requester, **fields) -> (reference, access_code), committed."""

    def opener(kind: str = "disclosure", requester: str = "self", **changes: object) -> tuple[str, str]:
        with ctx.transaction() as session:
            created = create_ticket(session, ctx.kb, request_for(kind, requester, **changes), channel="web",
                                    now=OPENED_AT)
            return created.ticket.reference, created.access_code

    return opener
