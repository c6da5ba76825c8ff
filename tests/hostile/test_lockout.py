"""Nobody can lock an applicant out of their own request by guessing at it from somewhere else.

Failures are counted per (reference, client) and per client, so a stranger's wrong codes slow down the
stranger only; and with ~79 bits in a code, the right code is always accepted, even while the client that
sends it is being slowed down. Clients are told apart by address (two TestClients with different peers).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

REQUEST = {"kind": "disclosure", "requester": "self", "name": "山田太郎", "email": "taro@example.org"}
WRONG = "AAAA-BBBB-CCCC-DDDD"


def _peer(app, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def _hammer(stranger: TestClient, reference: str, times: int = 6) -> list[int]:
    return [stranger.get(f"/api/requests/{reference}", headers={"X-Access-Code": WRONG}).status_code
            for _ in range(times)]


def test_the_right_code_answers_200_after_six_wrong_ones_from_another_client(app):
    with _peer(app, "198.51.100.7") as applicant, _peer(app, "203.0.113.66") as stranger:
        created = applicant.post("/api/requests", json=REQUEST).json()
        reference, code = created["reference"], created["access_code"]
        codes = _hammer(stranger, reference)
        assert codes[:5] == [404] * 5 and codes[-1] == 429  # the stranger is slowed down…
        # …the applicant is not: status API, status page and pre-filled form all open.
        assert applicant.get(f"/api/requests/{reference}", headers={"X-Access-Code": code}).status_code == 200
        page = applicant.post(f"/requests/{reference}", data={"code": code})
        assert page.status_code == 200 and created["checklist"][0]["label"] in page.text
        form = applicant.get(f"/requests/{reference}/form.docx", headers={"X-Access-Code": code})
        assert form.status_code == 200 and form.content[:2] == b"PK"


def test_the_right_code_is_accepted_even_from_a_throttled_client(app):
    # An applicant behind the same office NAT as the guesser, or one who mistyped six times.
    with _peer(app, "203.0.113.66") as shared:
        created = shared.post("/api/requests", json=REQUEST).json()
        reference = created["reference"]
        assert _hammer(shared, reference)[-1] == 429
        wrong_again = shared.get(f"/api/requests/{reference}", headers={"X-Access-Code": WRONG})
        assert wrong_again.status_code == 429 and int(wrong_again.headers["retry-after"]) >= 1
        right = shared.get(f"/api/requests/{reference}", headers={"X-Access-Code": created["access_code"]})
        assert right.status_code == 200 and right.json()["reference"] == reference


def test_a_client_guessing_across_many_references_is_slowed_down(app):
    with _peer(app, "203.0.113.66") as stranger, _peer(app, "198.51.100.7") as applicant:
        references = [applicant.post("/api/requests", json=REQUEST).json()["reference"] for _ in range(3)]
        codes = [stranger.get(f"/api/requests/{references[i % 3]}", headers={"X-Access-Code": WRONG}).status_code
                 for i in range(24)]
        assert codes[0] == 404 and codes[-1] == 429  # per client, whatever the reference
        assert applicant.get(f"/api/requests/{references[0]}",
                             headers={"X-Access-Code": WRONG}).status_code == 404  # others are unaffected


def _chat(client: TestClient, session_id: str | None, message: str) -> tuple[str, dict]:
    body = client.post("/api/chat", json={"session_id": session_id, "message": message}).json()
    return body["session_id"], body["messages"][-1]


def test_in_the_chat_the_right_code_shows_the_status_after_a_strangers_guesses(app):
    with _peer(app, "198.51.100.7") as applicant, _peer(app, "203.0.113.66") as stranger:
        created = applicant.post("/api/requests", json=REQUEST).json()
        reference = created["reference"]
        session = None
        for _ in range(6):
            session, last = _chat(stranger, session, f"{reference} {WRONG}")
        assert last["kind"] == "error" and ("秒" in last["text"] or "wait" in last["text"])
        _session, reply = _chat(applicant, None, f"{reference} {created['access_code']}")
        assert reply["kind"] == "status" and reply["ticket"]["reference"] == reference
