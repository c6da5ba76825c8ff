"""The staff API as a script uses it: tickets, moves, checklist, notes, claims and staff management."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from intake.models import AuditEvent, Ticket
from tests.backoffice.conftest import ADMIN_EMAIL, STAFF_EMAIL, chat_ticket

API = "/api/staff/tickets"


def test_a_chat_request_worked_through_the_api(client, accounts):
    reference = chat_ticket(client)
    h = accounts.headers()
    listed = client.get(API, headers=h).json()
    assert [t["reference"] for t in listed["tickets"]] == [reference]
    assert "name" not in listed["tickets"][0]  # the queue carries no personal data
    ticket = client.get(f"{API}/{reference.lower()}", headers=h).json()
    assert ticket["applicant"]["email"] == "taro@example.org"
    assert [i["key"] for i in ticket["checklist"]] == ["id_copy", "form", "stamps"]
    assert [m["to"] for m in ticket["moves"]] == ["awaiting_mail", "received", "closed"]

    refused = client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "verified"})
    assert refused.status_code == 409 and "cannot move" in refused.json()["detail"]
    for status in ("awaiting_mail", "received"):
        assert client.post(f"{API}/{reference}/transitions", headers=h, json={"to": status}).status_code == 200
    incomplete = client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "verified"})
    assert incomplete.status_code == 409 and "ID document" in incomplete.json()["detail"]
    for key in ("id_copy", "form"):
        assert client.post(f"{API}/{reference}/checklist/{key}", headers=h, json={"checked": True}).status_code == 200
    no_amount = client.post(f"{API}/{reference}/checklist/stamps", headers=h, json={"checked": True})
    assert no_amount.status_code == 422 and "amount" in no_amount.json()["detail"]
    body = client.post(f"{API}/{reference}/checklist/stamps", headers=h,
                       json={"checked": True, "received_amount_yen": 1000}).json()
    assert body["deficiencies"] == []
    verified = client.post(f"{API}/{reference}/transitions", headers=h,
                           json={"to": "verified", "note": "ID matches the form"})
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert verified.json()["notes"][-1]["text"] == "ID matches the form"
    locked = client.post(f"{API}/{reference}/checklist/form", headers=h, json={"checked": False})
    assert locked.status_code == 409
    no_ground = client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "decided", "outcome": "refused"})
    assert no_ground.status_code == 409 and "ground" in no_ground.json()["detail"]
    decided = client.post(f"{API}/{reference}/transitions", headers=h,
                          json={"to": "decided", "outcome": "refused", "ground": "Ⅳ(1)"}).json()
    assert (decided["outcome"], decided["refusal_ground"]) == ("refused", "Ⅳ(1)")
    history = [(e["actor"], e["field"], e["old"], e["new"]) for e in decided["history"]]
    assert (STAFF_EMAIL, "status", "verified", "decided") in history
    assert (STAFF_EMAIL, "refusal_ground", None, "Ⅳ(1)") in history
    assert (STAFF_EMAIL, "checklist.stamps.received_amount_yen", None, "1000") in history


def test_bad_input_gets_clear_answers_and_writes_nothing(client, ctx, accounts):
    reference = chat_ticket(client)
    h = accounts.headers()
    with ctx.sessions() as session:
        before = len(session.scalars(select(AuditEvent)).all())
    assert client.get(f"{API}/REQ-1999-000001", headers=h).status_code == 404
    assert client.post(f"{API}/REQ-1999-000001/transitions", headers=h, json={"to": "received"}).status_code == 404
    assert client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "finished"}).status_code == 422
    assert client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "received", "x": 1}).status_code == 422
    assert client.post(f"{API}/{reference}/transitions", headers=h, content="{", ).status_code == 422
    assert client.post(f"{API}/{reference}/checklist/nothing", headers=h, json={"checked": True}).status_code == 404
    assert client.post(f"{API}/{reference}/checklist/stamps", headers=h,
                       json={"checked": True, "received_amount_yen": -5}).status_code == 422
    assert client.post(f"{API}/{reference}/checklist/form", headers=h,
                       json={"checked": True, "received_amount_yen": 100}).status_code == 422
    assert client.post(f"{API}/{reference}/notes", headers=h, json={"text": ""}).status_code == 422
    assert client.get(API, headers=h, params={"status": "bogus"}).status_code == 422
    with ctx.sessions() as session:
        assert len(session.scalars(select(AuditEvent)).all()) == before


def test_claims_name_the_holder_and_only_one_of_two_wins(client, accounts):
    reference = chat_ticket(client)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda who: client.post(f"{API}/{reference}/claim", headers=accounts.headers(who)),
                                ["admin", "staff"]))
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409]
    winner = next(r for r in results if r.status_code == 200).json()["assigned_to"]
    loser = next(r for r in results if r.status_code == 409).json()["detail"]
    assert winner in (ADMIN_EMAIL, STAFF_EMAIL) and winner in loser
    # Assigning hands it over; the trail shows both steps.
    other = STAFF_EMAIL if winner == ADMIN_EMAIL else ADMIN_EMAIL
    assert client.post(f"{API}/{reference}/assign", headers=accounts.headers(), json={"email": other}).json() == {
        "reference": reference, "assigned_to": other}
    assert client.post(f"{API}/{reference}/assign", headers=accounts.headers(),
                       json={"email": "nobody@example.org"}).status_code == 422
    mine = client.get(API, headers=accounts.headers("staff" if other == STAFF_EMAIL else "admin"),
                      params={"mine": "true"}).json()["tickets"]
    assert [t["reference"] for t in mine] == [reference]
    history = client.get(f"{API}/{reference}", headers=accounts.headers()).json()["history"]
    assert [(e["action"], e["new"]) for e in history if e["field"] == "assigned_to"] == [
        ("claimed", winner), ("assigned", other)]


def test_notes_are_internal(client, accounts):
    reference = chat_ticket(client)
    response = client.post(f"{API}/{reference}/notes", headers=accounts.headers(), json={"text": "電話で確認済み"})
    assert response.status_code == 201 and response.json()["author"] == STAFF_EMAIL
    ticket = client.get(f"{API}/{reference}", headers=accounts.headers()).json()
    assert ticket["notes"][0]["text"] == "電話で確認済み"
    assert ticket["history"][-1]["new"].startswith("note #")  # the trail does not copy the text


def test_staff_management_is_for_admins(client, ctx, accounts):
    admin, clerk = accounts.headers("admin"), accounts.headers("staff")
    assert client.get("/api/staff/users", headers=clerk).status_code == 403
    new = {"email": "New.Person@Example.org", "password": "long enough password", "role": "staff"}
    assert client.post("/api/staff/users", headers=clerk, json=new).status_code == 403
    created = client.post("/api/staff/users", headers=admin, json=new)
    assert created.status_code == 201 and created.json()["email"] == "new.person@example.org"
    assert "password" not in str(created.json())
    duplicate = client.post("/api/staff/users", headers=admin, json=new)
    assert duplicate.status_code == 422 and "already exists" in duplicate.json()["detail"]
    weak = client.post("/api/staff/users", headers=admin, json={**new, "email": "x@example.org", "password": "short"})
    assert weak.status_code == 422 and "at least" in weak.json()["detail"]
    users = {u["email"]: u for u in client.get("/api/staff/users", headers=admin).json()["users"]}
    admin_id = users[ADMIN_EMAIL]["id"]
    last = client.post(f"/api/staff/users/{admin_id}", headers=admin, json={"role": "staff"})
    assert last.status_code == 422 and "last active admin" in last.json()["detail"]
    promoted = client.post(f"/api/staff/users/{users['new.person@example.org']['id']}", headers=admin,
                           json={"role": "admin"})
    assert promoted.json()["role"] == "admin"
    assert client.post("/api/staff/users/99999", headers=admin, json={"active": False}).status_code == 404
    with ctx.sessions() as session:
        trail = session.scalars(select(AuditEvent).where(AuditEvent.ticket_id.is_(None))).all()
        assert {"staff_added", "staff_role"} <= {e.action for e in trail}
        assert all(e.actor == ADMIN_EMAIL for e in trail if e.action in ("staff_added", "staff_role"))


def test_tokens_are_stored_as_hashes_only(client, ctx, accounts):
    from intake.models import ApiToken

    with ctx.sessions() as session:
        hashes = session.scalars(select(ApiToken.token_hash)).all()
    assert accounts.staff_token not in hashes and len(hashes) == 2
    assert client.get("/api/staff/me", headers=accounts.headers()).json() == {"email": STAFF_EMAIL, "role": "staff"}
    assert client.get("/api/staff/me", headers={"Authorization": f"Basic {accounts.staff_token}"}).status_code == 401


def test_ticket_api_reflects_purged_and_closed_states(client, ctx, accounts):
    reference = chat_ticket(client)
    h = accounts.headers()
    closed = client.post(f"{API}/{reference}/transitions", headers=h, json={"to": "closed", "outcome": "cancelled"})
    assert closed.status_code == 200 and closed.json()["moves"] == []
    assert client.get(API, headers=h).json()["tickets"] == []  # the default queue shows open tickets
    assert [t["reference"] for t in client.get(API, headers=h, params={"status": "all"}).json()["tickets"]] == [
        reference]
    with ctx.sessions() as session:
        assert session.scalars(select(Ticket.outcome)).one() == "cancelled"
