"""NUL and other bytes PostgreSQL refuses in text never turn into a 500 (found by the fuzzer on PostgreSQL)."""

from __future__ import annotations


def test_odd_session_ids_start_a_new_conversation(client):
    for session_id in ["\x00", "abc\x00def", "a" * 129, "../../etc/passwd", "slack:T1:C1:U1"]:
        response = client.post("/api/chat", json={"session_id": session_id, "message": "こんにちは"})
        assert response.status_code == 200
        assert response.json()["session_id"] != session_id or session_id == "slack:T1:C1:U1"


def test_odd_references_are_simply_not_found(client):
    for reference in ["REQ-2026-000001\x00", "%00", "REQ\x00"]:
        response = client.get("/api/requests/" + reference.replace("\x00", "%00"), params={"code": "A\x00B"})
        assert response.status_code in (404, 429)


def test_nul_in_a_chat_message_or_request_field_is_handled(client):
    assert client.post("/api/chat", json={"message": "開示\x00請求の手数料"}).status_code == 200
    created = client.post("/api/requests", json={"kind": "deletion", "requester": "self", "name": "山\x00田",
                                                  "email": "a@example.org", "details": "x\x00y"})
    # Refused, naming the field, rather than silently dropped (see test_control_characters.py).
    assert created.status_code == 422
    assert {e["loc"][-1] for e in created.json()["detail"]} == {"name", "details"}


def test_a_value_the_database_refuses_is_a_422_not_a_500(app, ctx, monkeypatch):
    from fastapi.testclient import TestClient
    from sqlalchemy.exc import DataError

    def refuse(*_args, **_kwargs):
        raise DataError("INSERT", {}, ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"))

    monkeypatch.setattr(ctx.core, "handle", refuse)
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/api/chat", json={"message": "x"})
    assert response.status_code == 422 and "nothing was saved" in response.json()["detail"]
