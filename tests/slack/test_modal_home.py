"""The request form (views.open → view_submission) and the App Home tab."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from intake.db import make_engine
from intake.models import Ticket
from intake.requests import TicketRequest
from intake.status import Status
from intake.tickets import find_for_applicant
from tests.slack import payloads
from tests.slack.conftest import TRIAGE, posted_text

PERSON = {"name": "山田 太郎", "email": "taro.yamada@example.org", "postal_address": "東京都千代田区丸の内1-1-1",
          "organization": "株式会社サンプル商事", "details": "2023年の面談記録"}


def _open_form_from_home(slack, lang: str = "ja", user: str = "U0ALICE01") -> dict:
    home = {"id": "V0HOME01", "type": "home", "blocks": []}
    slack.interactive(payloads.block_actions({"action_id": f"home:start:{lang}", "block_id": "home_start",
                                              "value": "intake:start"}, user=user, view=home))
    return slack.mock.wait_for("views.open")[-1].params["view"]


def _submit(slack, view: dict, values: dict, user: str = "U0ALICE01"):
    return slack.interactive(payloads.view_submission(payloads.fill_view(view, values), user=user))


def _tickets(slack) -> int:
    with slack.ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def test_invalid_fields_are_shown_inline_and_nothing_is_created(slack):
    view = _open_form_from_home(slack)
    response = _submit(slack, view, {"kind": "disclosure", "requester": "agent", "name": "山田 太郎",
                                     "email": "taro-at-example", "details": "番号は 1234 5678 9012 です"})
    assert response.status_code == 200
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"email", "agent_name", "details"}
    # In the form's language (the Japanese form from the Japanese button), never the validator's English.
    assert "メールアドレス" in body["errors"]["email"] and "e-mail" not in body["errors"]["email"]
    assert "マイナンバー" in body["errors"]["details"]
    assert _tickets(slack) == 0
    assert slack.mock.of("chat.postMessage") == [] and slack.mock.of("conversations.open") == []


def test_a_reply_address_is_required(slack):
    view = _open_form_from_home(slack, "en")
    body = _submit(slack, view, {"kind": "correction", "requester": "self", "name": "Taro"}).json()
    assert body["response_action"] == "errors" and list(body["errors"]) == ["postal_address"]
    assert body["errors"]["postal_address"].startswith("Please check")


def test_a_forged_kind_is_refused(slack):
    view = _open_form_from_home(slack)
    state_view = payloads.fill_view(view, {"kind": "disclosure", "requester": "self", "name": "x",
                                           "email": "x@example.org"})
    state_view["state"]["values"]["kind"]["value"]["selected_option"] = {"value": "free_money"}
    body = slack.interactive(payloads.view_submission(state_view)).json()
    assert list(body["errors"]) == ["kind"]
    assert _tickets(slack) == 0


def test_a_valid_form_opens_the_ticket_then_dms_the_kit(slack, database_url):
    committed_when_dm_sent: list[bool] = []

    def ticket_visible_elsewhere(call) -> None:
        if str(call.params.get("channel", "")).startswith("D"):
            engine = make_engine(database_url)  # another connection: sees only committed rows
            with engine.connect() as connection:
                committed_when_dm_sent.append(connection.scalar(select(func.count()).select_from(Ticket)) == 1)
            engine.dispose()

    slack.mock.on("chat.postMessage", ticket_visible_elsewhere)
    view = _open_form_from_home(slack)
    response = _submit(slack, view, {"kind": "disclosure", "requester": "self", **PERSON})
    body = response.json()
    assert body["response_action"] == "update"
    with slack.ctx.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.channel, ticket.channel_user, ticket.name, ticket.lang) == ("slack", "U0ALICE01", "山田 太郎", "ja")
        reference = ticket.reference
    assert reference in json.dumps(body["view"], ensure_ascii=False)
    assert "アクセスコード" in json.dumps(body["view"], ensure_ascii=False)  # "sent by DM", not the code itself

    [opened] = slack.mock.wait_for("conversations.open")
    assert opened.params["users"] == "U0ALICE01"
    dm = slack.mock.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "D0ALICE01")[0]
    assert committed_when_dm_sent == [True]
    fields = dm.params["blocks"][1]["fields"]
    assert reference in fields[0]["text"]
    code = fields[1]["text"].split("`")[1]
    with slack.ctx.sessions() as session:
        assert find_for_applicant(session, reference, code) is not None  # the DM'd code opens the ticket
    assert "運転免許証" in fields[2]["text"]  # the checklist of what to mail

    triage = slack.mock.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)[0]
    assert reference in posted_text(triage)
    home = slack.mock.wait_for("views.publish")[-1]
    assert home.params["user_id"] == "U0ALICE01" and reference in json.dumps(home.params["view"])


def test_home_lists_only_the_users_open_slack_requests(slack, slack_ctx):
    def open_ticket(user: str, channel: str = "slack", status: str | None = None) -> str:
        request = TicketRequest(kind="disclosure", requester="self", name="山田 太郎", email="t@example.org")
        with slack_ctx.transaction() as session:
            created, _ = slack_ctx.core.open_request(session, request, channel=channel, channel_user=user, lang="ja")
            if status:
                created.ticket.status = status
            return created.ticket.reference

    mine, closed = open_ticket("U0ALICE01"), open_ticket("U0ALICE01", status=Status.CLOSED.value)
    other, web = open_ticket("U0BOB0001"), open_ticket("U0ALICE01", channel="web")
    slack.event(payloads.app_home_opened("U0ALICE01"))
    [call] = slack.mock.wait_for("views.publish")
    assert call.params["user_id"] == "U0ALICE01"
    shown = json.dumps(call.params["view"], ensure_ascii=False)
    assert mine in shown and "受付（郵送待ち）" in shown
    assert closed not in shown and other not in shown and web not in shown
    assert "山田" not in shown and "t@example.org" not in shown
    buttons = [e for b in call.params["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["action_id"] for b in buttons} == {"home:start:ja", "home:start:en"}


def test_home_says_when_there_are_no_requests(slack):
    slack.event(payloads.app_home_opened("U0NEW0001"))
    [call] = slack.mock.wait_for("views.publish")
    assert "受付中の請求はありません" in json.dumps(call.params["view"], ensure_ascii=False)


def test_an_unexpected_form_is_refused_without_logging_what_was_typed(slack, caplog):
    view = payloads.fill_view(_open_form_from_home(slack), {"kind": "disclosure", "requester": "self", **PERSON})
    view["callback_id"] = "some_other_form"
    with caplog.at_level("DEBUG"):
        response = slack.interactive(payloads.view_submission(view))
    assert response.status_code == 404  # Bolt: no listener for it
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Unhandled request" in logged  # the warning is kept, what the user typed is not
    for value in PERSON.values():
        assert value not in logged
    assert _tickets(slack) == 0
