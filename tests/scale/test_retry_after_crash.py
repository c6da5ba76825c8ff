"""``kill -9`` during a burst of keyed requests: every client that retries with its Idempotency-Key ends up
with exactly one ticket, and the one whose 201 was lost gets the access code it was never shown."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from intake.models import Ticket

pytestmark = pytest.mark.slow

REQUEST = {"kind": "disclosure", "requester": "self", "name": "再送 太郎", "email": "crash@example.org"}


def _post(server, key: str) -> dict | None:
    try:
        response = httpx.post(server.url + "/api/requests", json=REQUEST, headers={"Idempotency-Key": key}, timeout=30)
    except httpx.HTTPError:
        return None  # the connection died with the server: no answer
    return response.json() if response.status_code == 201 else None


def test_retrying_every_key_after_a_crash_gives_one_ticket_per_key(server_factory, db_engine):
    server = server_factory().start()
    keys = [str(uuid.uuid4()) for _ in range(240)]
    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(_post, server, key) for key in keys]
        answered_early = 0
        for future in futures:
            if future.result():
                answered_early += 1
            if answered_early >= 40:
                break
        server.kill()
        first = {key: f.result() for key, f in zip(keys, futures)}
    lost = [key for key, answer in first.items() if answer is None]
    assert 40 <= len(keys) - len(lost) < len(keys)

    restarted = server_factory().start()
    with ThreadPoolExecutor(8) as pool:
        retried = dict(zip(keys, pool.map(lambda key: _post(restarted, key), keys)))
    assert all(retried.values())  # every client now has its answer
    for key, answer in first.items():
        if answer is not None:  # an answered client asking again gets the very same answer
            assert retried[key] == answer
    with db_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Ticket)) == len(keys)  # one ticket per key
    # The answers that were lost, and got through only on the retry, carry a working access code.
    for key in lost[:5]:
        answer = retried[key]
        status = httpx.get(f"{restarted.url}/api/requests/{answer['reference']}",
                           headers={"X-Access-Code": answer["access_code"]}, timeout=30)
        assert status.status_code == 200
