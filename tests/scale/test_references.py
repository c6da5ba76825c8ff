"""Reference numbers when the first tickets of a year are opened at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from intake.db import make_session_factory
from intake.tickets import next_reference

YEAR = 2099  # a year no other test opens tickets in: its numbering starts here


def test_transactions_opening_the_first_tickets_of_a_year_together_all_get_distinct_numbers(db_engine):
    # The first transaction of the year creates the year's numbering; the others arrive while it is
    # still open and must wait for it, not fail (a failure became a 500 once four retries ran out).
    sessions = make_session_factory(db_engine)
    first_holds_the_year = threading.Event()
    others_started = threading.Barrier(6)

    def first() -> str:
        with sessions.begin() as session:
            reference = next_reference(session, YEAR)
            first_holds_the_year.set()
            others_started.wait(timeout=10)
            threading.Event().wait(0.5)  # the others are now waiting on this transaction
            return reference

    def other() -> str:
        first_holds_the_year.wait(timeout=10)
        others_started.wait(timeout=10)
        with sessions.begin() as session:
            return next_reference(session, YEAR)

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(first)] + [pool.submit(other) for _ in range(5)]
        references = [future.result(timeout=60) for future in futures]
    assert len(set(references)) == 6
    assert all(reference.startswith(f"REQ-{YEAR}-") for reference in references)
