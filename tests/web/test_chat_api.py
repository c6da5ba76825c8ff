"""``POST /api/chat``: the JSON contract, limits, concurrency, and a database that is down."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from intake.models import Conversation, Ticket


def post(client, message, session_id=None):
    return client.post("/api/chat", json={"session_id": session_id, "message": message})


def test_reply_shape_and_option_selection(client):
    response = post(client, "代理人が請求するときに必要な書類は？")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["session_id"], str) and body["session_id"]
    message = body["messages"][-1]
    assert set(message) >= {"text", "sources", "options"}
    assert "委任状" in message["text"] and message["sources"][0]["section"]
    # Sending an option's value selects it.
    start = next(o for o in message["options"] if o["value"].startswith("intake:start"))
    follow = post(client, start["value"], body["session_id"]).json()
    assert follow["session_id"] == body["session_id"]
    assert follow["messages"][-1]["options"][0]["value"].startswith("intake:kind:")


def test_unknown_session_id_starts_a_new_conversation(client):
    body = post(client, "こんにちは", "definitely-not-a-session").json()
    assert body["session_id"] != "definitely-not-a-session"
    assert body["messages"]


def test_oversized_message_gets_422_and_oversized_body_413(client, ctx):
    limit = ctx.settings.max_message_chars
    response = post(client, "x" * (limit + 1))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "message"]
    huge = "x" * (ctx.settings.max_body_bytes + 10)
    response = client.post("/api/chat", content=f'{{"message": "{huge}"}}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_malformed_json_and_wrong_types_are_422(client):
    assert client.post("/api/chat", content="{not json", headers={"content-type": "application/json"}).status_code == 422
    assert client.post("/api/chat", json={"message": 42}).status_code == 422
    assert client.post("/api/chat", json={}).json()["detail"][0]["loc"] == ["body", "message"]


def test_two_messages_at_once_on_one_session_do_not_corrupt_it(client, ctx):
    session_id = post(client, "intake:start").json()["session_id"]
    post(client, "intake:kind:disclosure", session_id)
    post(client, "intake:requester:self", session_id)
    post(client, "山田", session_id)
    # Two different contacts sent at the same moment: one is applied, then the other to the next step.
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda m: post(client, m, session_id), ["a@example.org", "Example Corp"]))
    assert all(r.status_code == 200 for r in results)
    with ctx.sessions() as session:
        state = session.get(Conversation, session_id).state["intake"]
    assert state["email"] == "a@example.org" or state.get("postal_address") == "Example Corp"
    assert state["step"] in ("organization", "details")
    # The dialog still completes normally afterwards.
    for message in ["intake:skip", "intake:skip", "intake:skip"]:
        last = post(client, message, session_id).json()
        if last["messages"][-1]["options"] and last["messages"][-1]["options"][0]["value"] == "intake:confirm":
            break
    final = post(client, "intake:confirm", session_id).json()
    assert final["messages"][-1]["kind"] == "ticket"


def test_database_down_gives_503_and_writes_nothing(client, ctx, monkeypatch):
    from sqlalchemy.exc import OperationalError

    session_id = post(client, "intake:start").json()["session_id"]
    for message in ["intake:kind:disclosure", "intake:requester:self", "山田", "a@example.org", "intake:skip",
                    "intake:skip"]:
        post(client, message, session_id)
    original = ctx.sessions.begin

    class Down:
        def __enter__(self):
            raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(ctx.sessions, "begin", lambda: Down())
    response = post(client, "intake:confirm", session_id)
    assert response.status_code == 503
    assert "nothing was saved" in response.json()["detail"]
    monkeypatch.setattr(ctx.sessions, "begin", original)
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
    # Once the database is back, the same confirmation succeeds: the intake was not lost.
    assert post(client, "intake:confirm", session_id).json()["messages"][-1]["kind"] == "ticket"


def test_failure_in_the_middle_of_a_transaction_leaves_no_half_ticket(app, ctx, monkeypatch):
    """A crash after the ticket row was flushed but before commit rolls everything back."""
    from fastapi.testclient import TestClient

    import intake.outbox

    client = TestClient(app, raise_server_exceptions=False)  # see the 500 the user would see

    session_id = post(client, "intake:start").json()["session_id"]
    for message in ["intake:kind:deletion", "intake:requester:self", "山田", "a@example.org", "intake:skip",
                    "intake:skip"]:
        post(client, message, session_id)

    def explode(*args, **kwargs):
        raise RuntimeError("simulated crash after the ticket row was written")

    monkeypatch.setattr(intake.outbox, "enqueue", explode)
    response = post(client, "intake:confirm", session_id)
    assert response.status_code == 500 and "nothing was saved" in response.json()["detail"]
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
        assert session.get(Conversation, session_id).state["intake"]["step"] == "confirm"


def test_chat_rate_limit_answers_429_with_retry_after(client, ctx):
    client.app.state.chat_limiter.limit = 3
    codes = [post(client, "こんにちは").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
    response = post(client, "こんにちは")
    assert int(response.headers["retry-after"]) >= 1


def test_security_headers_on_pages_and_api(client):
    for path in ["/", "/healthz", "/requests/REQ-2026-000001"]:
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_healthz_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/api/chat", "/api/requests", "/api/requests/{reference}", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_a_database_server_that_is_really_down_gives_503(settings):
    """Not a mock: the configured PostgreSQL server does not exist (nothing listens on the port)."""
    from fastapi.testclient import TestClient

    from bot.context import build_context
    from bot.web.app import create_app
    from tests.conftest import free_port

    down = settings.model_copy(update={"database_url": f"postgresql+psycopg://u:p@127.0.0.1:{free_port()}/none"})
    context = build_context(down)
    client = TestClient(create_app(context=context))
    assert client.get("/healthz").status_code == 503
    started = client.post("/api/chat", json={"message": "intake:start"})
    assert started.status_code == 503 and "nothing was saved" in started.json()["detail"]
    created = client.post("/api/requests", json={"kind": "deletion", "requester": "self", "name": "A",
                                                 "email": "a@example.org"})
    assert created.status_code == 503 and created.headers["retry-after"]
    context.close()
