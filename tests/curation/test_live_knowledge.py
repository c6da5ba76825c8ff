"""Live knowledge across processes on one database: another context (another worker, or the Slack process)
picks up a change by polling the version row, without a restart, and its answer cache is new with it; a
change that stopped validating is left out and named instead of stopping the worker."""

from __future__ import annotations

import time

from bot.context import build_context
from bot.core.messages import IncomingMessage
from bot.live_knowledge import live_of, refresh, start_watcher
from bot.units import in_transaction, run_turn
from intake import knowledge_overlay
from intake.db import make_engine
from tests.curation.conftest import DECLINED


def say(ctx, text: str) -> str:
    return run_turn(ctx, IncomingMessage(channel="slack", conversation_id="slack:T:D1:U1", text=text,
                                         fixed_conversation=True)).replies[0].kind


def test_another_process_picks_up_a_change_within_seconds_and_forgets_cached_answers(ctx, settings, database_url):
    other_engine = make_engine(database_url)
    other = build_context(settings.model_copy(update={"knowledge_poll_seconds": 0.2}), engine=other_engine)
    watcher = start_watcher(other)
    try:
        assert say(other, DECLINED) == "decline"  # cached by the other process's core now
        with ctx.transaction() as session:  # what the staff API does in its worker
            state = knowledge_overlay.lock(session)
            knowledge_overlay.teach(session, question=DECLINED, target_kind="entry", target_id="how_to_disclosure",
                                    actor="clerk@example.org")
            knowledge_overlay.published(session, state)
        started = time.monotonic()
        while say(other, DECLINED) != "answer":
            assert time.monotonic() - started < 10, "the other process did not pick up the change"
            time.sleep(0.05)
        assert live_of(other).applied and live_of(other).last_reload_seconds < 5
        with ctx.transaction() as session:
            state = knowledge_overlay.lock(session)
            knowledge_overlay.revert(session, state, knowledge_overlay.live_changes(session)[0], "admin@example.org")
        started = time.monotonic()
        while say(other, DECLINED) != "decline":
            assert time.monotonic() - started < 10, "the revert was not picked up"
            time.sleep(0.05)
    finally:
        watcher.stop()
        other.dispatcher.stop()
        other_engine.dispose()


def test_a_change_that_no_longer_validates_is_left_out_and_named(ctx):
    with ctx.transaction() as session:  # e.g. the bundled data changed under it in a deploy
        state = knowledge_overlay.lock(session)
        knowledge_overlay.teach(session, question="開示請求っていくらかかるの", target_kind="entry",
                                target_id="id_documents", actor="clerk@example.org")
        knowledge_overlay.teach(session, question=DECLINED, target_kind="entry", target_id="how_to_disclosure",
                                actor="clerk@example.org")
        knowledge_overlay.published(session, state)
    assert refresh(ctx)
    [(number, why)] = live_of(ctx).skipped.items()
    assert number == 1 and "is an example question of 'fee_amount'" in why
    assert say(ctx, DECLINED) == "answer"  # the valid change still applies
    assert in_transaction(ctx, knowledge_overlay.current_version) == live_of(ctx).version == 1
