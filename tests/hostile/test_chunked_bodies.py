"""A body over the limit gets 413 whether its size is announced (Content-Length) or not (chunked)."""

from __future__ import annotations

import httpx
import pytest

PATHS = ["/api/chat", "/api/requests", "/requests/REQ-2026-000001", "/staff/login"]


def _chunks(total: int, size: int = 8192):
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b"a" * piece


@pytest.mark.parametrize("path", PATHS)
def test_a_chunked_body_over_the_limit_is_413(live_server, ctx, path):
    limit = ctx.settings.max_body_bytes
    content_type = "application/json" if path.startswith("/api/") else "application/x-www-form-urlencoded"
    response = httpx.post(live_server.url + path, content=_chunks(limit + 10_000),
                          headers={"Content-Type": content_type}, timeout=30)
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413, response.text
    assert str(limit) in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_within_the_limit_is_read_normally(live_server):
    body = b'{"message": "\\u958b\\u793a\\u8acb\\u6c42\\u306e\\u624b\\u6570\\u6599\\u306f\\uff1f"}'
    response = httpx.post(live_server.url + "/api/chat", content=iter([body[:10], body[10:]]),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 200 and response.json()["messages"][0]["kind"] == "answer"


def test_an_announced_body_over_the_limit_is_413_before_it_is_sent(live_server, ctx):
    limit = ctx.settings.max_body_bytes
    response = httpx.post(live_server.url + "/api/chat", content=b"a" * (limit + 1),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
