"""Another organisation's policy is a data directory: the fictional foundation of tests/fixtures/knowledge_tiny
runs the whole request lifecycle — the web chat, Slack and the API open requests; the secretariat takes one
to withdrawal, refuses one on a ground of its own policy and decides the third — and every output (chat,
kit, .docx forms, status page and API, back office, Slack posts and DMs, e-mails) speaks of its policy
only: nothing of the bundled policy's names, sections, amounts or documents shows anywhere."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.slack.app import get_slack
from bot.web.backoffice import service
from intake.db import utcnow
from intake.models import Ticket
from tests.backoffice.conftest import login
from tests.forms.docx_reading import read_form
from tests.second_org.conftest import foreign_words
from tests.slack import payloads
from tests.slack.conftest import TRIAGE, SlackHttp

SLACK_USER = "U0TINY001"


class Outputs:
    """Everything a person would read, by where it was shown."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def keep(self, where: str, text: str) -> str:
        self.seen.append((where, text))
        return text

    def foreign(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for where, text in self.seen:
            for word in foreign_words(text):
                found.setdefault(where, []).append(word)
        return found


def chat(web, out: Outputs, messages: list[str]) -> dict:
    session_id, body = None, {}
    for message in messages:
        response = web.post("/api/chat", json={"session_id": session_id, "message": message})
        assert response.status_code == 200, response.text
        out.keep(f"chat {message}", response.text)
        body = response.json()
        session_id = body["session_id"]
    return body


def staff(web, accounts):
    headers = accounts.headers()

    def move(reference: str, expect: int = 200, **body: object) -> dict:
        response = web.post(f"/api/staff/tickets/{reference}/transitions", json=body, headers=headers)
        assert response.status_code == expect, response.text
        return response.json()

    def tick(reference: str, key: str, amount: int | None = None) -> None:
        body = {"checked": True} if amount is None else {"checked": True, "received_amount_yen": amount}
        response = web.post(f"/api/staff/tickets/{reference}/checklist/{key}", json=body, headers=headers)
        assert response.status_code == 200, response.text

    return move, tick


def open_on_slack(slack: SlackHttp, out: Outputs) -> str:
    home = {"id": "V0HOME01", "type": "home", "blocks": []}
    slack.interactive(payloads.block_actions({"action_id": "home:start:ja", "block_id": "home_start",
                                              "value": "intake:start"}, user=SLACK_USER, view=home))
    view = slack.mock.wait_for("views.open")[-1].params["view"]
    kinds = next(b for b in view["blocks"] if b.get("block_id") == "kind")["element"]["options"]
    assert [o["text"]["text"] for o in kinds] == ["照会", "抹消"]  # the foundation's kinds, in its words
    values = {"kind": "deletion", "requester": "self", "name": "佐藤 花子",
              "postal_address": "〒999-0001 架空県架空市星町2-3-4"}
    response = slack.interactive(payloads.view_submission(payloads.fill_view(view, values), user=SLACK_USER))
    assert response.status_code == 200 and response.json()["response_action"] == "update"
    out.keep("slack modal answer", response.text)
    with slack.ctx.sessions() as session:
        return session.scalars(select(Ticket.reference).where(Ticket.channel == "slack")).one()


def test_the_whole_lifecycle_runs_on_the_second_organisation(web, live_server, mock_slack, smtp_server, accounts):
    ctx, out = live_server.ctx, Outputs()
    assert ctx.kb.meta.organization.name_ja == "架空市民サポート財団"
    ctx.dispatcher.stop()  # deliver in this thread, deterministically
    move, tick = staff(web, accounts)

    # A: the web chat answers from the foundation's data, then takes an enquiry by the person.
    body = chat(web, out, ["手数料はいくらですか", "申込書はどこに送ればいい", "今日の天気は？"])
    kit = chat(web, out, ["intake:start", "intake:kind:disclosure", "intake:requester:self", "山田 太郎",
                          "taro@example.org", "intake:skip", "intake:skip", "intake:confirm"])["messages"][-1]["ticket"]
    assert "desk@fictional.invalid" in body["messages"][0]["text"]  # the decline names the foundation's desk
    assert kit["form_name"] == "個人データ照会申込書" and kit["fee_yen"] == 700
    assert any("定額小為替" in line for line in kit["checklist"]) and kit["mail_to"].startswith("〒999-9999")
    ref_a, code_a = kit["reference"], kit["access_code"]

    # B: Slack's request form (real signed requests) opens an erasure; the kit goes by DM.
    slack = SlackHttp(web, ctx, mock_slack)
    ref_b = open_on_slack(slack, out)
    slack.event(payloads.app_home_opened(SLACK_USER))

    # C: the API, in English, an enquiry by an agent.
    created = web.post("/api/requests", headers={"Accept-Language": "en"}, json={
        "kind": "disclosure", "requester": "agent", "name": "Jane Roe", "email": "jane@example.org",
        "agent_name": "John Doe"})
    assert created.status_code == 201, created.text
    out.keep("api create", created.text)
    ref_c, code_c = created.json()["reference"], created.json()["access_code"]
    assert [i["key"] for i in created.json()["checklist"]] == ["letter", "agent_id_copy", "form", "money_order"]

    # A is deficient (the money order is short) and withdrawn when the deadline passes (B.3).
    move(ref_a, to="received")
    tick(ref_a, "id_copy")
    tick(ref_a, "form")
    tick(ref_a, "money_order", 500)
    move(ref_a, expect=409, to="verified")
    move(ref_a, to="waiting_for_applicant")
    assert service.expire(ctx, now=utcnow() + dt.timedelta(days=60)) == [ref_a]

    # B is refused on a ground of the foundation's own policy; a ground of the other kind is not one.
    move(ref_b, to="received")
    tick(ref_b, "id_copy")
    tick(ref_b, "form")
    move(ref_b, to="verified")
    refused = web.post(f"/api/staff/tickets/{ref_b}/transitions", headers=accounts.headers(),
                       json={"to": "decided", "outcome": "refused", "ground": "C.1"})
    assert refused.status_code == 409 and "D.2" in refused.json()["detail"]
    decided = move(ref_b, to="decided", outcome="refused", ground="D.2")
    assert [m["outcomes"] for m in decided["moves"]] == [[]]  # only "send the notice" is left
    move(ref_b, to="notified")
    move(ref_b, to="closed")

    # C is decided (an outcome the kind does not have is refused) and notified, in English.
    move(ref_c, to="received")
    for key in ("letter", "agent_id_copy", "form"):
        tick(ref_c, key)
    tick(ref_c, "money_order", 700)
    move(ref_c, to="verified")
    move(ref_c, expect=409, to="decided", outcome="corrected")
    move(ref_c, to="decided", outcome="disclosed")
    move(ref_c, to="notified")
    assert ctx.dispatcher.run_pending() >= 12  # triage posts, Slack DMs and e-mails

    # E-mails: the foundation's name and desk, its policy's sections, in the applicant's language.
    mails = smtp_server.wait_for(6)
    assert sorted(m["X-Envelope-To"] for m in mails) == ["jane@example.org"] * 3 + ["taro@example.org"] * 3
    for mail in mails:
        out.keep(f"e-mail to {mail['X-Envelope-To']}", f"{mail['Subject']}\n{mail.get_content()}")
        assert "架空市民サポート財団" in mail["Subject"] or "Fictional Citizens Support Foundation" in mail["Subject"]
    withdrawn = next(m.get_content() for m in mails if "返送" in m.get_content() and "期限までに" in m.get_content())
    assert "個人データ取扱方針 B.3「申込書類の不備」" in withdrawn and "desk@fictional.invalid" in withdrawn
    missing = next(m.get_content() for m in mails if "不足があります" in m.get_content())
    assert "定額小為替" in missing and "不足 200円" in missing

    # Slack: the triage posts, the kit and the notices in the applicant's DM.
    posts = mock_slack.of("chat.postMessage")
    triage = [p for p in posts if p.params["channel"] == TRIAGE]
    assert len(triage) == 3 and "抹消 / erasure" in json.dumps(triage, default=vars, ensure_ascii=False)
    dms = [p.params["text"] for p in posts if p.params["channel"] != TRIAGE]
    refusal = next(text for text in dms if "応じない" in text)
    assert ref_b in refusal and "個人データ取扱方針 D.2「法令による保存義務」" in refusal
    assert get_slack(ctx) is not None
    for call in mock_slack.calls:
        out.keep(f"slack {call.method}", json.dumps(call.params, ensure_ascii=False))

    # The applicant's status (API and page) and the .docx forms.
    for reference, code in ((ref_a, code_a), (ref_c, code_c)):
        status = web.get(f"/api/requests/{reference}", headers={"X-Access-Code": code})
        assert status.status_code == 200
        out.keep(f"status api {reference}", status.text)
        page = web.post(f"/requests/{reference}", data={"code": code})
        assert page.status_code == 200 and "架空市民サポート財団" in page.text
        out.keep(f"status page {reference}", page.text)
        form = web.post(f"/requests/{reference}/form.docx", data={"code": code})
        assert form.status_code == 200
        out.keep(f"form {reference}", read_form(form.content).text)
    assert "B.3" in web.post(f"/requests/{ref_a}", data={"code": code_a}).text
    agent_form = read_form(web.post(f"/requests/{ref_c}/form.docx", data={"code": code_c}).content).text
    assert "個人データ照会申込書" in agent_form and "代理権授与書" in agent_form and "700円の定額小為替" in agent_form
    for form_key in ("main_form", "erasure_form"):
        blank = web.get(f"/forms/{form_key}.docx")
        assert blank.status_code == 200
        out.keep(f"blank {form_key}", read_form(blank.content).text)

    # The back office shows the foundation's kinds, grounds and enclosures.
    login(web)
    for path in ("/staff", f"/staff/tickets/{ref_a}", f"/staff/tickets/{ref_b}", f"/staff/tickets/{ref_c}"):
        page = web.get(path)
        assert page.status_code == 200
        out.keep(f"back office {path}", page.text)
    assert "D.2" in out.seen[-2][1] and "法令による保存義務" in out.seen[-2][1]

    assert len(out.seen) > 40
    assert out.foreign() == {}


def test_the_check_sees_the_bundled_policy_where_it_is():
    from knowledge.engine import AnswerEngine
    from knowledge.loader import load_cached

    answer = AnswerEngine(load_cached()).answer("開示請求の手数料はいくら？書類は？").text
    assert {"1,000円", "切手", "Ⅶ"} <= set(foreign_words(answer))
    assert foreign_words("個人データ取扱方針 B.3「申込書類の不備」、700円の定額小為替") == []
