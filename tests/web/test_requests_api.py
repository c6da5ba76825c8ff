"""``POST /api/requests`` and the applicant's look-up ``GET /api/requests/{reference}``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from intake.models import AuditEvent, ChecklistItem, OutboxMessage, Ticket

VALID = {"kind": "disclosure", "requester": "agent", "name": "山田太郎", "email": "taro@example.org",
         "organization": "Example株式会社", "details": "相談記録", "agent_name": "山田花子"}


def test_created_request_has_the_postal_kit_from_the_knowledge_base(client, ctx):
    response = client.post("/api/requests", json=VALID)
    assert response.status_code == 201
    body = response.json()
    kb = ctx.kb
    kind = kb.requests.kind("disclosure")
    assert body["reference"].startswith("REQ-") and len(body["access_code"]) >= 16
    assert (body["status"], body["kind"], body["requester"], body["fee_yen"]) == (
        "opened", "disclosure", "agent", kind.fee_yen)
    assert body["form"]["name"] == kb.requests.form(kind.form).name_ja and body["form"]["url"]
    assert [line["label"] for line in body["checklist"]] == [
        line.label_ja for line in kb.requests.checklist("disclosure", "agent")]
    assert kb.meta.contact.postal_code in body["mail_to"]
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert ticket.access_code_hash != body["access_code"]  # only a hash is stored
        assert session.scalar(select(func.count()).select_from(ChecklistItem)) == len(body["checklist"])
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
        triage = session.scalars(select(OutboxMessage)).one()
        # The triage notice carries no personal data.
        assert not {"山田太郎", "taro@example.org", "相談記録", "山田花子"} & set(map(str, triage.payload.values()))


@pytest.mark.parametrize("kind", ["purpose_notice", "correction", "addition", "deletion", "suspension", "erasure",
                                  "third_party_stop"])
def test_every_kind_gets_its_form_and_fee(client, ctx, kind):
    body = client.post("/api/requests", json={**VALID, "kind": kind, "requester": "self", "agent_name": None}).json()
    rule = ctx.kb.requests.kind(kind)
    assert body["fee_yen"] == rule.fee_yen
    assert body["form"]["name"] == ctx.kb.requests.form(rule.form).name_ja
    has_stamps = any(line["amount_yen"] for line in body["checklist"])
    assert has_stamps == (rule.fee_yen > 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "everything"}, "kind"),
        ({"requester": "boss"}, "requester"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"email": None, "postal_address": None}, "postal_address"),
        ({"agent_name": None}, "agent_name"),
        ({"requester": "self"}, "agent_name"),
        ({"details": "マイナンバー 1234-5678-9012"}, "details"),
        ({"details": "x" * 2001}, "details"),
        ({"shoe_size": 27}, "shoe_size"),
    ],
)
def test_invalid_input_is_422_naming_the_field_and_stores_nothing(client, ctx, change, field):
    response = client.post("/api/requests", json={**VALID, **change})
    assert response.status_code == 422
    assert field in [error["loc"][-1] for error in response.json()["detail"]]
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_lookup_with_the_code_shows_the_applicant_view(client):
    created = client.post("/api/requests", json=VALID).json()
    for kwargs in ({"headers": {"X-Access-Code": created["access_code"]}},
                   {"params": {"code": created["access_code"].lower()}}):
        response = client.get(f"/api/requests/{created['reference']}", **kwargs)
        assert response.status_code == 200
        view = response.json()
        assert view["status"] == "opened" and view["next_step"]
        assert [c["label"] for c in view["checklist"]] == [c["label"] for c in created["checklist"]]
        assert "name" not in view and "email" not in view  # the view shows no personal data


def test_wrong_code_is_exactly_like_unknown_reference_and_gets_slowed_down(client):
    created = client.post("/api/requests", json=VALID).json()
    wrong = client.get(f"/api/requests/{created['reference']}", headers={"X-Access-Code": "AAAA-BBBB-CCCC-DDDD"})
    unknown = client.get("/api/requests/REQ-1999-000001", headers={"X-Access-Code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    statuses = [client.get(f"/api/requests/{created['reference']}", params={"code": "AAAA-BBBB-CCCC-DDDD"})
                for _ in range(8)]
    throttled = statuses[-1]
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    # The right code is still accepted: with ~79 bits it cannot be guessed, and its holder is never shut out.
    right = client.get(f"/api/requests/{created['reference']}", headers={"X-Access-Code": created["access_code"]})
    assert right.status_code == 200


def test_status_page_asks_for_the_code_and_shows_status(client):
    created = client.post("/api/requests", json=VALID).json()
    page = client.get(f"/requests/{created['reference']}")
    assert page.status_code == 200 and 'name="code"' in page.text
    shown = client.post(f"/requests/{created['reference']}", data={"code": created["access_code"]})
    assert shown.status_code == 200 and created["checklist"][0]["label"] in shown.text
    refused = client.post(f"/requests/{created['reference']}", data={"code": "nope"})
    assert refused.status_code == 404 and created["checklist"][0]["label"] not in refused.text


def test_references_are_unique_under_concurrent_requests(client, ctx):
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: client.post("/api/requests", json=VALID), range(40)))
    assert all(r.status_code == 201 for r in responses)
    references = {r.json()["reference"] for r in responses}
    assert len(references) == 40
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 40
