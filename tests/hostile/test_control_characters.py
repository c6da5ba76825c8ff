"""Control characters are refused with a 422 naming the field, and what is accepted is stored exactly as sent.

A line break in an e-mail address is a header injection waiting for the mailer; NUL is refused by
PostgreSQL and silently kept by SQLite. Quietly dropping them changed what the applicant sent.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from intake.models import Ticket

BASE = {"kind": "disclosure", "requester": "self", "name": "山田太郎", "email": "taro@example.org"}


def _tickets(ctx) -> list[Ticket]:
    with ctx.sessions() as session:
        return list(session.scalars(select(Ticket)))


@pytest.mark.parametrize(("field", "value"), [
    ("email", "a@b.example\nX-Injected:1"),
    ("email", "a@b.example\r\nBcc: x@evil.example"),
    ("email", "a\x00b@x.io"),
    ("name", "山\x00田"),
    ("name", "山田\n太郎"),
    ("name", "\u202etnemyap"),  # a right-to-left override makes text read differently from what it is
    ("organization", "Example\x1b[31m株式会社"),
    ("details", "記録\x00"),
    ("postal_address", "東京都\x07千代田区"),
])
def test_a_control_character_is_a_422_naming_the_field(client, ctx, field, value):
    response = client.post("/api/requests", json={**BASE, field: value})
    assert response.status_code == 422, response.text
    [error] = [e for e in response.json()["detail"] if e["loc"][-1] == field]
    assert "control character" in error["msg"] and "U+" in error["msg"]
    assert _tickets(ctx) == []


def test_line_breaks_are_fine_where_text_has_lines_and_kept_as_sent(client, ctx):
    sent = {**BASE, "email": None, "postal_address": "〒100-0001\r\n東京都千代田区千代田1-1\n山田様方",
            "details": "人事記録\tと\n面談記録"}
    assert client.post("/api/requests", json=sent).status_code == 201
    [ticket] = _tickets(ctx)
    assert (ticket.postal_address, ticket.details) == (sent["postal_address"], sent["details"])


@pytest.mark.parametrize("email", ["pat.o'reilly@example.com", "user+tag@example.org", "\"john doe\"@example.com",
                                   "δοκιμή@παράδειγμα.δοκιμή", "x@sub.example.co.jp", "a!#$%&*/=?^_`{|}~-@example.org"])
def test_rfc_valid_addresses_are_accepted_exactly_as_sent(client, ctx, email):
    response = client.post("/api/requests", json={**BASE, "email": email})
    assert response.status_code == 201, response.text
    assert _tickets(ctx)[0].email == email


@pytest.mark.parametrize("email", ["plain", "a@b", "a@@b.example", ".a@b.example", "a..b@example.org", "a@-b.example",
                                   "a b@example.org", "a@b.example.", "<a@b.example>", "a@b_c.example",
                                   "x" * 65 + "@example.org"])
def test_invalid_addresses_are_refused(client, email):
    response = client.post("/api/requests", json={**BASE, "email": email})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "email"


def test_text_is_not_normalised_behind_the_applicants_back(client, ctx):
    sent = {**BASE, "name": "ﾔﾏﾀﾞ Ｔａｒｏ ①", "organization": "㈱ｴｸｻﾝﾌﾟﾙ"}
    assert client.post("/api/requests", json=sent).status_code == 201
    [ticket] = _tickets(ctx)
    assert (ticket.name, ticket.organization) == (sent["name"], sent["organization"])


def test_a_my_number_in_full_width_digits_is_still_refused(client):
    response = client.post("/api/requests", json={**BASE, "details": "個人番号は１２３４ ５６７８ ９０１２です"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "details"


@pytest.mark.parametrize("path", ["/api/chat", "/api/requests"])
def test_a_body_that_is_not_utf8_json_is_a_422_naming_the_body(client, path):
    response = client.post(path, content=b"\xff\xfe{\x00}", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
