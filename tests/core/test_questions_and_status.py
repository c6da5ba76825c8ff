"""Questions, declines, "did you mean" and status look-ups through the conversation core."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.wording import say
from intake.models import Conversation, QuestionLog
from intake.requests import TicketRequest
from tests.core.conftest import ChatDriver, all_text, last_text


def open_ticket(ctx, kind="disclosure", requester="self"):
    request = TicketRequest(kind=kind, requester=requester, name="山田太郎", email="taro@example.org",
                            agent_name="代理 花子" if requester == "agent" else None)
    with ctx.transaction() as session:
        created, _reply = ctx.core.open_request(session, request, channel="web", channel_user=None, lang="ja")
        return created.ticket.reference, created.access_code


def test_answer_cites_its_section_and_offers_to_start_the_request(chat):
    replies = chat.say("開示請求の手数料はいくら？")
    answer = replies[-1]
    assert answer.kind == "answer"
    assert answer.sources and all(s.section and s.title for s in answer.sources)
    assert any(o.value.startswith("intake:start") for o in answer.options)


def test_out_of_scope_question_is_declined_with_the_contact_and_logged_masked(chat, ctx):
    replies = chat.say("明日の天気を教えて。連絡は taro@example.org か 090-1234-5678 へ")
    assert replies[-1].kind == "decline"
    assert ctx.kb.meta.contact.email in last_text(replies)
    with ctx.sessions() as session:
        logged = session.scalars(select(QuestionLog)).all()
    assert len(logged) == 1
    assert "taro@example.org" not in logged[0].question and "090-1234-5678" not in logged[0].question
    assert "[email]" in logged[0].question and "[phone]" in logged[0].question


def test_choosing_a_suggestion_answers_that_entry(chat, ctx):
    entry = ctx.kb.faq[0]
    replies = chat.say(f"ask:{entry.id}")
    assert replies[-1].kind == "answer"
    assert replies[-1].text.startswith(ctx.answers.facts[entry.facts[0]].ja[:12])


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "😀😀😀", "あ" * 1999, "Ｈｅｌｌｏ　開示 ｶｲｼﾞ ?"])
def test_odd_input_gets_a_reply_not_an_error(chat, text):
    replies = chat.say(text)
    assert replies and replies[-1].text.strip()


def test_overlong_message_is_refused_with_the_limit(chat, ctx):
    replies = chat.say("あ" * (ctx.settings.max_message_chars + 1))
    assert replies[-1].kind == "error" and str(ctx.settings.max_message_chars) in last_text(replies)


def test_status_lookup_asks_for_the_code_then_shows_the_status(chat, ctx):
    reference, code = open_ticket(ctx)
    replies = chat.say(f"{reference} の状況は？")
    assert replies[-1].kind == "prompt" and reference in last_text(replies)
    replies = chat.say(code.lower().replace("-", " "))  # typed loosely
    assert replies[-1].kind == "status"
    assert replies[-1].ticket.reference == reference and replies[-1].ticket.access_code is None
    assert replies[-1].ticket.status_label in last_text(replies)


def test_wrong_code_looks_like_unknown_reference_and_is_throttled(ctx):
    reference, _code = open_ticket(ctx)
    known, unknown = ChatDriver(ctx), ChatDriver(ctx)
    known.say(f"{reference} の状況は？")
    wrong = known.say("AAAA-BBBB-CCCC-DDDD")
    unknown.say("REQ-1999-999999 の状況は？")
    missing = unknown.say("AAAA-BBBB-CCCC-DDDD")
    assert last_text(wrong) == last_text(missing)
    for _ in range(8):
        known.say(f"{reference} の状況は？")
        replies = known.say("AAAA-BBBB-CCCC-DDDD")
    assert replies[-1].kind == "error" and ("待って" in last_text(replies) or "wait" in last_text(replies))


def test_status_in_one_message_with_reference_and_code(chat, ctx):
    reference, code = open_ticket(ctx, kind="deletion")
    replies = chat.say(f"status of {reference} code {code}")
    assert replies[-1].kind == "status" and replies[-1].lang == "en"


def test_asking_for_the_status_with_the_reference_and_code_looks_it_up_at_once(chat, ctx):
    reference, code = open_ticket(ctx)
    replies = chat.say(f"Did you receive my documents? {reference} {code}")
    assert replies[-1].kind == "status" and replies[-1].ticket.reference == reference
    # Groups of the code that spell words (SEND, WEEK, DAY) are no reason to ask for the reference again.
    replies = ChatDriver(ctx).say(f"status of {reference} code {code[:5]}SEND-WEEK-5DAY")
    assert replies[-1].kind != "prompt" and last_text(replies) != say("chat.ask_reference", "en")


def test_unknown_conversation_id_starts_a_new_conversation(ctx):
    driver = ChatDriver(ctx, conversation_id="no-such-conversation")
    driver.say("intake:start")
    assert driver.conversation_id != "no-such-conversation"
    with ctx.sessions() as session:
        assert session.get(Conversation, "no-such-conversation") is None
        assert session.get(Conversation, driver.conversation_id).state["intake"]["step"] == "kind"


def test_a_plain_question_stores_nothing_but_the_session_continues(ctx):
    driver = ChatDriver(ctx)
    driver.say("開示請求の手数料は？")
    first_id = driver.conversation_id
    with ctx.sessions() as session:
        assert session.get(Conversation, first_id) is None  # nothing worth keeping yet
    driver.say("intake:start")
    assert driver.conversation_id == first_id
    with ctx.sessions() as session:
        assert session.get(Conversation, first_id).state["intake"]["step"] == "kind"


def test_english_conversation_keeps_its_language_for_button_presses(ctx):
    driver = ChatDriver(ctx)
    driver.say("How much is the fee for disclosure?")
    replies = driver.say("intake:start")
    assert replies[-1].lang == "en" and "Which request" in replies[-1].text


def test_state_survives_a_new_context_like_a_restart(chat, ctx, settings, db_engine):
    from bot.context import build_context

    chat.say("intake:start")
    replies = chat.choose(chat.transcript[-1][1], "intake:kind:addition")
    assert "ご本人" in last_text(replies)
    restarted = ChatDriver(build_context(settings, engine=db_engine), conversation_id=chat.conversation_id)
    replies = restarted.say("intake:requester:self")
    assert "お名前" in all_text(replies)
