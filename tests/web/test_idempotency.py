"""A retried request gets the first answer: ``Idempotency-Key`` on ``POST /api/requests`` and a message
id (``message_id`` or the same header) on ``POST /api/chat``. A reply lost on the way (a crash after the
commit, a dropped connection) therefore never costs the applicant their access code or a second ticket."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from intake.models import Ticket

REQUEST = {"kind": "disclosure", "requester": "self", "name": "再送 太郎", "email": "retry@example.org"}


def _tickets(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def _key() -> str:
    return str(uuid.uuid4())


def test_a_retried_idempotency_key_gives_one_ticket_and_the_same_answer(client, ctx):
    key = _key()
    first = client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": key})
    again = client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _tickets(ctx) == 1
    body = again.json()
    status = client.get(f"/api/requests/{body['reference']}", headers={"X-Access-Code": body["access_code"]})
    assert status.status_code == 200  # the code in the replayed answer is the ticket's code


def test_without_a_key_every_post_is_a_new_request(client, ctx):
    client.post("/api/requests", json=REQUEST)
    client.post("/api/requests", json=REQUEST)
    assert _tickets(ctx) == 2


def test_the_same_key_for_a_different_request_is_refused(client, ctx):
    key = _key()
    assert client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": key}).status_code == 201
    other = client.post("/api/requests", json={**REQUEST, "kind": "deletion"}, headers={"Idempotency-Key": key})
    assert other.status_code == 422
    [error] = other.json()["detail"]
    assert error["loc"] == ["header", "Idempotency-Key"] and "different request" in error["msg"]
    assert _tickets(ctx) == 1


@pytest.mark.parametrize("key", ["1", "short-key", "x" * 256, "has space in it ....", "nul\x00-in-the-key-here"])
def test_an_unusable_key_is_a_422_naming_the_header(client, ctx, key):
    response = client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": key.encode("latin-1")})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert _tickets(ctx) == 0


def test_concurrent_retries_with_one_key_open_one_ticket(client, ctx):
    key = _key()
    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda _: client.post("/api/requests", json=REQUEST,
                                                       headers={"Idempotency-Key": key}), range(12)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["reference"] for r in responses}) == 1
    assert len({r.json()["access_code"] for r in responses}) == 1
    assert _tickets(ctx) == 1


def test_the_stored_answer_does_not_hold_the_access_code_in_clear(client, ctx, db_engine):
    key = _key()
    code = client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": key}).json()["access_code"]
    with db_engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM idempotent_replies")).all()
    assert rows and not any(code in str(value) or key in str(value) for row in rows for value in row)


def _chat(client, message: str, session_id=None, message_id=None, headers=None):
    body = {"session_id": session_id, "message": message}
    if message_id:
        body["message_id"] = message_id
    return client.post("/api/chat", json=body, headers=headers or {})


def test_a_retried_chat_message_returns_the_first_reply_and_opens_no_second_ticket(client, ctx):
    session = None
    for step in ["intake:start", "intake:kind:deletion", "intake:requester:self", "再送 花子", "h@example.org",
                 "intake:skip", "intake:skip"]:
        session = _chat(client, step, session, _key()).json()["session_id"]
    confirm = _key()
    first = _chat(client, "intake:confirm", session, confirm)
    again = _chat(client, "intake:confirm", session, confirm)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    ticket = first.json()["messages"][-1]["ticket"]
    assert ticket["reference"].startswith("REQ-") and ticket["access_code"]
    assert _tickets(ctx) == 1
    # The same message sent anew (a new id) is a new message: the dialog is over, no ticket is opened.
    _chat(client, "intake:confirm", session, _key())
    assert _tickets(ctx) == 1


def test_a_retried_skip_does_not_skip_twice(client):
    session = None
    for step in ["intake:start", "intake:kind:deletion", "intake:requester:self", "再送 花子", "h@example.org"]:
        session = _chat(client, step, session).json()["session_id"]
    skip = _key()
    first = _chat(client, "intake:skip", session, skip).json()
    assert _chat(client, "intake:skip", session, skip).json() == first
    # Still at the second optional question: the retry did not skip it as well.
    next_prompt = _chat(client, "intake:skip", session).json()["messages"][-1]
    assert any(o["value"] == "intake:confirm" for o in next_prompt["options"])


def test_the_chat_takes_the_message_id_from_the_header_too(client):
    key = _key()
    first = _chat(client, "開示請求の手数料は？", headers={"Idempotency-Key": key}).json()
    assert _chat(client, "開示請求の手数料は？", headers={"Idempotency-Key": key}).json() == first
    clash = _chat(client, "開示請求の手数料は？", message_id=_key(), headers={"Idempotency-Key": key})
    assert clash.status_code == 422 and clash.json()["detail"][0]["loc"][-1] in ("message_id", "Idempotency-Key")
    reused = _chat(client, "別の質問です", headers={"Idempotency-Key": key})
    assert reused.status_code == 422


def test_erasing_the_applicants_data_forgets_the_stored_answers(client, ctx, db_engine):
    from intake.retention import erase_applicant_data
    from intake.tickets import get_by_reference

    reference = client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": _key()}).json()["reference"]
    with ctx.transaction() as session:
        erase_applicant_data(session, get_by_reference(session, reference), "admin@example.org")
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM idempotent_replies")).scalar() == 0


def test_stored_answers_are_purged_after_the_conversation_lifetime(client, ctx, db_engine):
    import datetime as dt

    from sqlalchemy import update

    from bot.maintenance import run_purge
    from intake.models import IdempotentReply

    client.post("/api/requests", json=REQUEST, headers={"Idempotency-Key": _key()})
    client.post("/api/chat", json={"message": "こんにちは", "message_id": _key()})
    hours = ctx.settings.conversation_ttl_hours
    with ctx.transaction() as session:
        session.execute(update(IdempotentReply).values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours, minutes=1)))
    run_purge(ctx)
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM idempotent_replies")).scalar() == 0
