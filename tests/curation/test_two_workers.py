"""The must-show, end to end with real server processes: two web workers (``madoguchi serve``) on one
database. A declined question appears in the queue; staff attach it to an entry through the API; within
10 s both workers answer it from that entry without a restart; the change is in the audit trail and can be
reverted (both workers decline again); ``kb export`` writes data ``kb check`` accepts, holding the example."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import staff
from intake.models import AuditEvent
from tests.curation.conftest import DECLINED
from tests.curation.test_kb_cli import run
from tests.scale.conftest import ServerProcess, servers  # noqa: F401 - two `madoguchi serve` processes

pytestmark = pytest.mark.slow
ENTRY = "how_to_disclosure"
PICKUP_LIMIT = 10.0


def kind_of(server: ServerProcess) -> tuple[str, str]:
    reply = httpx.post(f"{server.url}/api/chat", json={"message": DECLINED}, timeout=10).json()["messages"][0]
    return reply["kind"], reply["text"]


def wait_until(workers: list[ServerProcess], wanted: str, since: float) -> dict[str, float]:
    """Seconds until each worker answers with ``wanted`` (fails past the limit)."""
    seen: dict[str, float] = {}
    while len(seen) < len(workers):
        for server in workers:
            if server.url not in seen and kind_of(server)[0] == wanted:
                seen[server.url] = time.monotonic() - since
        assert time.monotonic() - since < PICKUP_LIMIT, f"not every worker says {wanted!r} after {PICKUP_LIMIT}s: {seen}"
        time.sleep(0.05)
    return seen


def test_two_workers_learn_an_attached_question_within_seconds(servers, db_engine, tmp_path,  # noqa: F811
                                                               artifacts_dir, database_url):
    first, second = servers
    with Session(db_engine) as session, session.begin():
        clerk = staff.create_staff(session, "clerk@example.org", "correct horse battery staple", "staff")
        session.flush()
        token = staff.issue_api_token(session, clerk)
    headers = {"Authorization": f"Bearer {token}"}
    reference_answer = httpx.post(f"{first.url}/api/chat", json={"message": f"ask:{ENTRY}"}).json()["messages"][0]

    assert kind_of(first)[0] == "decline" and kind_of(second)[0] == "decline"
    queued = httpx.get(f"{second.url}/api/staff/questions", headers=headers).json()["questions"]
    [item] = [q for q in queued if q["question"] == DECLINED]
    assert item["count"] == 2 and item["reason"] == "declined"  # asked on both workers, one item

    started = time.monotonic()
    attached = httpx.post(f"{first.url}/api/staff/questions/{item['id']}/resolve", headers=headers, timeout=30,
                          json={"action": "attach", "entry_id": ENTRY})
    assert attached.status_code == 200 and attached.json()["status"] == "attached"
    pickup = wait_until(servers, "answer", started)
    for server in servers:
        assert kind_of(server)[1] == reference_answer["text"]  # answered from that entry, on both

    changes = httpx.get(f"{second.url}/api/staff/knowledge/changes", headers=headers).json()
    [change] = changes["changes"]
    assert (change["status"], change["created_by"], change["target"]) == ("live", "clerk@example.org", f"entry:{ENTRY}")
    with Session(db_engine) as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "knowledge_taught")).all()
        assert event.actor == "clerk@example.org" and DECLINED in event.new_value and event.at is not None

    exported = run(database_url, "kb", "export", str(tmp_path / "kb"))
    assert exported.returncode == 0, exported.stderr
    assert run(database_url, "kb", "check", "--data-dir", str(tmp_path / "kb")).returncode == 0
    assert DECLINED in (tmp_path / "kb" / "taught.yaml").read_text(encoding="utf-8")

    started = time.monotonic()
    reverted = httpx.post(f"{second.url}/api/staff/knowledge/changes/{change['id']}/revert", headers=headers, timeout=30)
    assert reverted.status_code == 200 and reverted.json()["reverted_by"] == "clerk@example.org"
    back = wait_until(servers, "decline", started)
    (artifacts_dir / "knowledge_pickup.json").write_text(json.dumps(
        {"attach": sorted(pickup.values()), "revert": sorted(back.values())}, indent=1))
