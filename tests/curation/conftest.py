"""Fixtures for the teaching loop: the back office's accounts, and helpers to ask and to read the queue."""

from __future__ import annotations

from tests.backoffice.conftest import accounts, password_hash  # noqa: F401 - fixtures shared with the back office

DECLINED = "会議室の予約はどうすればいいですか"  # the policy says nothing about it: declined


def ask(client, text: str, **extra) -> dict:
    """One chat message; the first reply."""
    response = client.post("/api/chat", json={"message": text, **extra})
    assert response.status_code == 200, response.text
    body = response.json()
    return {**body["messages"][0], "session_id": body["session_id"]}


def queue(client, staff, **params) -> list[dict]:
    """The curation queue as the staff API lists it (``staff``: the ``accounts`` fixture)."""
    response = client.get("/api/staff/questions", headers=staff.headers(), params=params)
    assert response.status_code == 200, response.text
    return response.json()["questions"]


def decide(client, staff, reference: str) -> None:
    """Work a disclosure request through to its decision (disclosed), as the secretariat does."""
    api, h = f"/api/staff/tickets/{reference}", staff.headers()
    for status in ("awaiting_mail", "received"):
        assert client.post(f"{api}/transitions", headers=h, json={"to": status}).status_code == 200
    for key, body in (("id_copy", {"checked": True}), ("form", {"checked": True}),
                      ("stamps", {"checked": True, "received_amount_yen": 1000})):
        assert client.post(f"{api}/checklist/{key}", headers=h, json=body).status_code == 200
    assert client.post(f"{api}/transitions", headers=h, json={"to": "verified"}).status_code == 200
    moved = client.post(f"{api}/transitions", headers=h, json={"to": "decided", "outcome": "disclosed"})
    assert moved.status_code == 200, moved.text
