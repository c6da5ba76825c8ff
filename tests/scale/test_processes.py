"""Several server processes on one database: nothing lost, nothing duplicated."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from intake.models import ChecklistItem, Ticket

pytestmark = pytest.mark.slow

REQUEST = {"kind": "disclosure", "requester": "self", "name": "並行 太郎", "email": "p@example.org"}


def test_200_requests_at_once_to_two_processes_get_200_distinct_references(servers, db_engine):
    def post(i: int) -> httpx.Response:
        server = servers[i % 2]
        return httpx.post(server.url + "/api/requests", json=REQUEST, timeout=60)

    with ThreadPoolExecutor(64) as pool:
        responses = list(pool.map(post, range(200)))
    odd = [(r.status_code, r.text[:300]) for r in responses if r.status_code != 201]
    assert odd == [], "\n".join(server.log_tail() for server in servers)
    references = {r.json()["reference"] for r in responses}
    assert len(references) == 200
    with db_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Ticket)) == 200
        assert connection.scalar(select(func.count(func.distinct(Ticket.reference)))) == 200


def test_one_conversation_alternating_between_processes_stays_consistent(servers):
    session_id = None
    steps = ["intake:start", "intake:kind:correction", "intake:requester:self", "交互 花子", "k@example.org",
             "intake:skip", "intake:skip", "intake:confirm"]
    last = None
    for i, message in enumerate(steps):
        response = httpx.post(servers[i % 2].url + "/api/chat", json={"session_id": session_id, "message": message},
                              timeout=30)
        assert response.status_code == 200
        last = response.json()
        session_id = last["session_id"]
    ticket = last["messages"][-1]["ticket"]
    assert ticket["kind"] == "correction" and ticket["reference"].startswith("REQ-")


def test_sigkill_mid_burst_loses_no_acknowledged_ticket_and_leaves_none_half_written(server_factory, db_engine, ctx):
    server = server_factory().start()
    expected_lines = len(ctx.kb.requests.checklist("disclosure", "self"))

    def post(_: int) -> str | None:
        try:
            response = httpx.post(server.url + "/api/requests", json=REQUEST, timeout=30)
        except httpx.HTTPError:
            return None  # the connection died with the server: not acknowledged
        return response.json()["reference"] if response.status_code == 201 else None

    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(post, i) for i in range(300)]
        # Kill once some requests have been acknowledged, while the rest are in flight.
        acknowledged_early = 0
        for future in futures:
            if future.result():
                acknowledged_early += 1
            if acknowledged_early >= 40:
                break
        server.kill()
        acknowledged = {f.result() for f in futures} - {None}
    assert 40 <= len(acknowledged) < 300

    restarted = server_factory().start()
    assert httpx.get(restarted.url + "/healthz").status_code == 200
    with db_engine.connect() as connection:
        stored = dict(connection.execute(select(Ticket.reference, Ticket.id)).all())
        lines = dict(connection.execute(
            select(ChecklistItem.ticket_id, func.count()).group_by(ChecklistItem.ticket_id)).all())
    assert acknowledged <= set(stored)  # every 201 has its ticket
    # No half-written ticket: every stored ticket has its complete checklist.
    assert all(lines.get(ticket_id) == expected_lines for ticket_id in stored.values())
    # And the restarted server keeps numbering without reusing a reference.
    new = httpx.post(restarted.url + "/api/requests", json=REQUEST, timeout=30).json()["reference"]
    assert new not in stored


def test_two_staff_claim_one_ticket_through_two_processes_exactly_one_wins(servers, db_engine):
    import threading

    from sqlalchemy.orm import Session

    from intake import staff

    with Session(db_engine) as session, session.begin():
        tokens = {}
        for email in ("a@example.org", "b@example.org"):
            member = staff.create_staff(session, email, "correct horse battery staple")
            session.flush()
            tokens[email] = staff.issue_api_token(session, member)
    reference = httpx.post(servers[0].url + "/api/requests", json=REQUEST, timeout=30).json()["reference"]
    barrier = threading.Barrier(2)
    results: dict[str, httpx.Response] = {}

    def claim(email: str, server) -> None:
        barrier.wait()
        results[email] = httpx.post(f"{server.url}/api/staff/tickets/{reference}/claim",
                                    headers={"Authorization": f"Bearer {tokens[email]}"}, timeout=30)

    threads = [threading.Thread(target=claim, args=(email, server)) for email, server in zip(tokens, servers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409]
    winner = next(email for email, r in results.items() if r.status_code == 200)
    loser = next(r for r in results.values() if r.status_code == 409)
    assert winner in loser.json()["detail"]  # the loser is told who has it
    with db_engine.connect() as connection:
        assert connection.scalar(select(Ticket.assigned_to).where(Ticket.reference == reference)) == winner
