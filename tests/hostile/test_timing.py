"""An unknown reference and a known one with a wrong code cost the same: timing tells a guesser nothing."""

from __future__ import annotations

import statistics
import time

from fastapi.testclient import TestClient
from sqlalchemy import event

from intake.requests import TicketRequest
from intake.tickets import find_for_applicant

WRONG = "AAAA-BBBB-CCCC-DDDD"


def _open(ctx) -> str:
    request = TicketRequest(kind="disclosure", requester="self", name="時間 太郎", email="t@example.org")
    with ctx.transaction() as session:
        created, _reply = ctx.core.open_request(session, request, channel="api", channel_user=None, lang="ja")
        return created.ticket.reference


def _statements(ctx, fn) -> list[str]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement.split()[0].upper())

    event.listen(ctx.db, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(ctx.db, "before_cursor_execute", count)
    return seen


def test_both_paths_run_the_same_database_work(app, ctx):
    reference = _open(ctx)
    with TestClient(app, client=("198.51.100.1", 1)) as one, TestClient(app, client=("198.51.100.2", 1)) as two:
        known = _statements(ctx, lambda: one.get(f"/api/requests/{reference}", headers={"X-Access-Code": WRONG}))
        unknown = _statements(ctx, lambda: two.get("/api/requests/REQ-2026-999999", headers={"X-Access-Code": WRONG}))
        malformed = _statements(ctx, lambda: two.get("/api/requests/not-a-ref", headers={"X-Access-Code": WRONG}))
    assert known == unknown == malformed


def test_the_median_times_match(ctx):
    reference = _open(ctx)
    known, unknown = [], []
    with ctx.sessions() as session:
        for _ in range(300):  # interleaved, so load from elsewhere hits both alike
            for ref, samples in ((reference, known), ("REQ-2026-999999", unknown)):
                started = time.perf_counter()
                assert find_for_applicant(session, ref, WRONG) is None
                samples.append(time.perf_counter() - started)
    ratio = statistics.median(known) / statistics.median(unknown)
    # Before the fix a known reference also loaded its checklist: ~2.3 times as long.
    assert 0.75 < ratio < 1.33, f"known/unknown median ratio {ratio:.2f}"
