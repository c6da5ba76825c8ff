"""Which address is counted: X-Forwarded-For is believed only from proxies named in MADOGUCHI_TRUSTED_PROXIES.

By default nobody is trusted, so a client (even one on 127.0.0.1) cannot choose the address its wrong
guesses are counted against; behind a named proxy, each client behind it is counted on its own.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from intake.models import FailedAttempt

pytestmark = pytest.mark.slow

REQUEST = {"kind": "disclosure", "requester": "self", "name": "経路 太郎", "email": "r@example.org"}
WRONG = "AAAA-BBBB-CCCC-DDDD"


def _guess(server, reference: str, forwarded_for: str) -> int:
    return httpx.get(f"{server.url}/api/requests/{reference}", timeout=30,
                     headers={"X-Access-Code": WRONG, "X-Forwarded-For": forwarded_for}).status_code


def _keys(db_engine) -> list[str]:
    with db_engine.connect() as connection:
        return list(connection.scalars(select(FailedAttempt.key)))


def test_by_default_a_client_cannot_pick_the_address_it_is_counted_as(server_factory, db_engine):
    server = server_factory().start()
    references = [httpx.post(server.url + "/api/requests", json=REQUEST, timeout=30).json()["reference"]
                  for _ in range(24)]
    codes = [_guess(server, reference, f"203.0.113.{n}") for n, reference in enumerate(references)]
    assert codes[0] == 404 and codes[-1] == 429  # one client, however it calls itself
    assert not any("203.0.113." in key for key in _keys(db_engine))


def test_behind_a_named_proxy_each_forwarded_client_is_counted_on_its_own(server_factory, db_engine):
    server = server_factory(MADOGUCHI_TRUSTED_PROXIES="127.0.0.1").start()
    reference = httpx.post(server.url + "/api/requests", json=REQUEST, timeout=30).json()["reference"]
    codes = [_guess(server, reference, "198.51.100.20") for _ in range(6)]
    assert codes[-1] == 429
    assert _guess(server, reference, "198.51.100.21") == 404  # someone else behind the same proxy
    # The right-most address not belonging to a trusted proxy is the client (the left part is client-supplied).
    assert _guess(server, reference, "10.9.8.7, 198.51.100.20") == 429
    assert any(key.endswith("|198.51.100.20") for key in _keys(db_engine))
