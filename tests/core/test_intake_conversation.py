"""The intake dialog, tested as a conversation: send a message, read the reply."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intake.models import AuditEvent, Conversation, Ticket
from tests.core.conftest import all_text, last_text


def ticket_count(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def test_whole_intake_as_agent_with_correction_and_a_question_midway(chat, ctx):
    kb = ctx.kb
    replies = chat.say("開示請求したい")
    kind_prompt = replies[-1]
    assert kind_prompt.kind == "prompt"
    # The detected kind is offered first and named in the question.
    assert kind_prompt.options[0].value == "intake:kind:disclosure"
    assert kb.requests.kind("disclosure").name_ja in kind_prompt.text

    replies = chat.choose(replies, "intake:kind:disclosure")
    replies = chat.choose(replies, "intake:requester:agent")
    assert "お名前" in last_text(replies)
    replies = chat.say("山田太郎")
    assert "代理人" in last_text(replies)

    # A question in the middle is answered, then the same step is asked again.
    replies = chat.say("手数料はいくらですか？")
    fee = f"{kb.requests.kind('disclosure').fee_yen:,}"
    assert fee in all_text(replies)
    assert any(s.section.startswith("Ⅶ") for r in replies for s in r.sources)
    assert "代理人" in last_text(replies) and replies[-1].kind == "prompt"

    replies = chat.say("山田花子")
    replies = chat.say("hanako@example.org")
    replies = chat.choose(replies, "intake:skip")  # organisation
    replies = chat.say("相談窓口の利用記録")
    summary = last_text(replies)
    assert "山田太郎" in summary and "山田花子" in summary and "hanako@example.org" in summary

    # Correct the person's name from the summary.
    replies = chat.choose(replies, "intake:edit")
    replies = chat.choose(replies, "intake:edit:name")
    replies = chat.say("山田次郎")
    summary = last_text(replies)
    assert "山田次郎" in summary and "山田太郎" not in summary
    assert ticket_count(ctx) == 0  # nothing is created before the user confirms

    replies = chat.choose(replies, "intake:confirm")
    ticket_reply = replies[-1]
    assert ticket_reply.kind == "ticket" and ticket_reply.ticket is not None
    info = ticket_reply.ticket
    assert info.reference.startswith("REQ-") and info.access_code
    expected = [line.label_ja for line in kb.requests.checklist("disclosure", "agent")]
    assert info.checklist == expected
    for line in expected:
        assert line in ticket_reply.text
    contact = kb.meta.contact
    assert contact.postal_code in ticket_reply.text and contact.address_ja in ticket_reply.text

    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.name, ticket.agent_name, ticket.email) == ("山田次郎", "山田花子", "hanako@example.org")
        assert ticket.requester == "agent" and ticket.fee_yen == kb.requests.kind("disclosure").fee_yen
        assert ticket.reference == info.reference
        # The dialog state is cleared once the ticket exists: no personal data lingers in it.
        conversation = session.get(Conversation, chat.conversation_id)
        assert "intake" not in conversation.state
        assert session.scalar(select(func.count()).select_from(AuditEvent)) >= 1


def test_person_request_in_english_for_a_free_kind(chat, ctx):
    replies = chat.say("Please delete my data, I want it erased")
    assert replies[-1].kind == "prompt"
    replies = chat.choose(replies, "intake:kind:deletion")
    replies = chat.choose(replies, "intake:requester:self")
    assert "name" in last_text(replies).lower()
    chat.say("Taro Yamada")
    replies = chat.say("〒150-0002 1-2-3 Shibuya, Shibuya-ku, Tokyo")  # a postal address instead of an e-mail
    replies = chat.choose(replies, "intake:skip")
    replies = chat.choose(replies, "intake:skip")
    replies = chat.choose(replies, "intake:confirm")
    info = replies[-1].ticket
    assert info is not None and info.fee_yen == 0
    assert replies[-1].lang == "en"
    assert not any("stamp" in line.lower() for line in info.checklist)  # no fee, no stamps
    assert "no fee" in replies[-1].text.lower()


def test_back_goes_to_the_previous_step_and_cancel_forgets_everything(chat, ctx):
    replies = chat.say("intake:start")
    replies = chat.choose(replies, "intake:kind:correction")
    replies = chat.choose(replies, "intake:requester:self")
    replies = chat.say("佐藤一郎")
    assert "連絡先" in last_text(replies)
    replies = chat.choose(replies, "intake:back")
    assert "お名前" in last_text(replies)
    replies = chat.choose(replies, "intake:cancel")
    assert "取りやめ" in last_text(replies)
    with ctx.sessions() as session:
        assert session.get(Conversation, chat.conversation_id).state == {}
    assert ticket_count(ctx) == 0
    # After cancelling, a question is just answered again.
    replies = chat.say("苦情はどこに言えばいい？")
    assert replies[-1].kind == "answer"


def test_typed_answers_work_like_buttons(chat, ctx):
    chat.say("訂正を請求したいです")
    replies = chat.say("訂正")
    assert "ご本人" in last_text(replies)
    replies = chat.say("本人です")
    assert "お名前" in last_text(replies)


@pytest.mark.parametrize("bad_contact", ["not-an-email@", "a@b"])
def test_invalid_contact_is_refused_with_a_reason_and_asked_again(chat, bad_contact):
    replies = chat.say("intake:start:disclosure")
    replies = chat.choose(replies, "intake:kind:disclosure")
    replies = chat.choose(replies, "intake:requester:self")
    chat.say("鈴木")
    replies = chat.say(bad_contact)
    assert replies[0].kind == "info" and "メール" in all_text(replies)
    assert replies[-1].kind == "prompt" and "連絡先" in last_text(replies)


def test_my_number_in_details_is_refused_and_not_stored(chat, ctx):
    replies = chat.say("intake:start")
    replies = chat.choose(replies, "intake:kind:disclosure")
    replies = chat.choose(replies, "intake:requester:self")
    chat.say("高橋")
    chat.say("t@example.org")
    chat.say("intake:skip")
    replies = chat.say("マイナンバーは 1234 5678 9012 です")
    # Said in the conversation's language, never as the validator's raw text.
    assert "マイナンバー" in all_text(replies) and "Value error" not in all_text(replies)
    with ctx.sessions() as session:
        state = session.get(Conversation, chat.conversation_id).state
    assert "1234" not in str(state)


def test_html_in_a_field_is_kept_as_plain_text(chat, ctx):
    payload = "<script>alert('x')</script>"
    replies = chat.say("intake:start:disclosure")
    replies = chat.choose(replies, "intake:kind:disclosure")
    replies = chat.choose(replies, "intake:requester:self")
    chat.say(payload)
    chat.say("x@example.org")
    chat.say("intake:skip")
    replies = chat.say("intake:skip")
    assert payload in last_text(replies)  # shown as typed; the renderers escape it
    chat.say("intake:confirm")
    with ctx.sessions() as session:
        assert session.scalars(select(Ticket.name)).one() == payload
