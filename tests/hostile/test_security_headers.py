"""Every page and API answer carries the security headers, whatever its status code."""

from __future__ import annotations

import re

from tests.routes import walk_routes

SAMPLE_PARAMS = {"reference": "REQ-2026-000001", "form_key": "disclosure_form", "key": "form", "path": "style.css"}


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: SAMPLE_PARAMS.get(m.group(1), "x"), path)


def test_every_get_route_sends_security_headers(app, client):
    paths = {concrete(route.path) for route in walk_routes(app.routes) if "GET" in (getattr(route, "methods", None) or ())}
    paths |= {"/static/style.css", "/no-such-page"}
    assert len(paths) > 10
    for path in sorted(paths):
        headers = client.get(path, follow_redirects=False).headers
        assert "content-security-policy" in headers, path
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        if path not in ("/docs", "/redoc"):
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "no-referrer", path


def test_post_answers_carry_them_too(client):
    for path, body in [("/api/chat", {"message": "こんにちは"}), ("/api/requests", {"kind": "?"})]:
        headers = client.post(path, json=body).headers
        assert headers["x-frame-options"] == "DENY" and "content-security-policy" in headers
