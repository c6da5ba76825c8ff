"""Any text at all, up to the length limit, gets a reply from the matcher and the core — never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.messages import IncomingMessage
from bot.units import run_turn

# Every Unicode code point class, including controls, surrogates, private use and unassigned ones.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=2000)
TRICKY = st.sampled_from(["intake:", "intake:kind:", "intake:edit:nope", "ask:", "ask:../../etc", "status:",
                          "REQ-2026-", "REQ-9999-999999 AAAA-BBBB-CCCC-DDDD", "\u2f08\u0000", "１０００円",
                          "'; DROP TABLE tickets; --", "<script>alert(1)</script>", "\ud800", "🙂" * 500])
MESSAGES = st.one_of(ANY_TEXT, TRICKY, st.builds(lambda a, b: a + b, TRICKY, ANY_TEXT))


@pytest.fixture(scope="module")
def engine():
    from knowledge.engine import AnswerEngine
    from knowledge.loader import load_cached

    return AnswerEngine(load_cached(None))


@given(text=MESSAGES)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_matcher_always_answers(engine, text):
    answer = engine.answer(text)
    assert answer.text.strip()
    assert answer.decision in ("answer", "suggest", "decline", "invalid")
    assert 0.0 <= answer.confidence <= 1.0
    assert answer.lang in ("ja", "en")


@given(messages=st.lists(MESSAGES, min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_conversation_core_always_replies(ctx, messages):
    conversation_id = None
    for text in messages:
        turn = run_turn(ctx, IncomingMessage(channel="web", conversation_id=conversation_id, text=text))
        conversation_id = turn.conversation_id
        assert turn.replies and all(reply.text.strip() for reply in turn.replies)
