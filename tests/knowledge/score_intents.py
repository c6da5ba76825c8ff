"""Scores typed intents: does a typed message reach the same flow as the button would?

Usage: python tests/knowledge/score_intents.py FILE.json [--quiet]

Each item is ``{"q", "lang", "context": "idle"|"intake", "intent", "kind", "requester"}``. The message
goes through the real conversation core on a throwaway SQLite database, as a web-chat message. With
context "intake" an intake is first started with the buttons and brought to the name step. The
conversation state after the turn tells where the message went:

- start_request: an intake is open (kind and requester must match when the item names them);
- check_status: a status look-up is waiting for the reference or the access code;
- cancel: the intake is gone; back: the intake went back one step;
- human: a reply of kind "handoff" (the bot hands over to a person);
- none: no flow was started or changed, and the question got an answer, a suggestion or a decline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.core.messages import IncomingMessage, Reply
from bot.settings import Settings
from bot.units import run_turn
from intake.migrate import upgrade
from intake.models import Conversation

QUESTION_KINDS = {"answer", "suggest", "decline"}


class Chat:
    """One conversation with the core, remembering its id."""

    def __init__(self, ctx: Any):
        self.ctx = ctx
        self.conversation_id: str | None = None

    def say(self, text: str) -> list[Reply]:
        turn = run_turn(self.ctx, IncomingMessage(channel="web", conversation_id=self.conversation_id, text=text))
        self.conversation_id = turn.conversation_id
        return turn.replies

    def state(self) -> dict[str, Any]:
        with self.ctx.sessions() as session:
            row = session.get(Conversation, self.conversation_id)
            return dict(row.state or {}) if row is not None else {}


def into_intake(chat: Chat) -> None:
    """Start an intake with the buttons and bring it to the name step."""
    chat.say("intake:start")
    chat.say("intake:kind:disclosure")
    chat.say("intake:requester:self")
    assert chat.state()["intake"]["step"] == "name", chat.state()


def verdict(item: dict[str, Any], replies: list[Reply], state: dict[str, Any]) -> str | None:
    """None when the message went where the item says, else what happened instead."""
    intake, lookup = state.get("intake"), state.get("status_lookup")
    kinds = [reply.kind for reply in replies]
    intent, context = item["intent"], item.get("context", "idle")
    if intent == "start_request":
        if not intake:
            return f"no intake opened (replies: {kinds})"
        kind = intake.get("kind") or intake.get("suggested_kind")
        if item.get("kind") and kind != item["kind"]:
            return f"intake for kind {kind!r}, expected {item['kind']!r}"
        if item.get("requester") and intake.get("requester") != item["requester"]:
            return f"requester {intake.get('requester')!r}, expected {item['requester']!r}"
        return None
    if intent == "check_status":
        return None if lookup is not None else f"no status look-up (replies: {kinds})"
    if intent == "cancel":
        return None if not intake else f"intake still open at {intake.get('step')!r}"
    if intent == "back":
        return None if intake and intake.get("step") == "requester" else f"intake at {intake and intake.get('step')!r}"
    if intent == "human":
        return None if "handoff" in kinds else f"no hand-over to a person (replies: {kinds})"
    # none: a question, not a flow
    if context == "intake" and (not intake or intake.get("step") != "name"):
        return f"the intake was changed: {intake and intake.get('step')!r}"
    if context == "idle" and (intake or lookup is not None):
        return "a flow was started"
    return None if QUESTION_KINDS & set(kinds) else f"not answered as a question (replies: {kinds})"


def make_context(directory: Path) -> Any:
    from bot.context import build_context
    from intake.db import make_engine

    url = f"sqlite:///{directory / 'intents.db'}"
    engine = make_engine(url)
    upgrade(engine)
    return build_context(Settings(database_url=url), engine=engine)


def score(items: list[dict[str, Any]], *, quiet: bool = False) -> tuple[int, int, dict[str, list[int]]]:
    """(passed, total, per intent [passed, total]); prints every miss unless quiet."""
    per_intent: dict[str, list[int]] = {}
    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        ctx = make_context(Path(tmp))
        try:
            for item in items:
                chat = Chat(ctx)
                if item.get("context") == "intake":
                    into_intake(chat)
                replies = chat.say(item["q"])
                problem = verdict(item, replies, chat.state())
                bucket = per_intent.setdefault(item["intent"], [0, 0])
                bucket[1] += 1
                if problem is None:
                    passed += 1
                    bucket[0] += 1
                elif not quiet:
                    print(f"- [{item['intent']}/{item.get('context', 'idle')}] {item['q']}\n    {problem}")
        finally:
            ctx.close()
    return passed, len(items), per_intent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    items = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    passed, total, per_intent = score(items, quiet=args.quiet)
    detail = ", ".join(f"{name} {ok}/{n}" for name, (ok, n) in sorted(per_intent.items()))
    print(f"{'PASS' if passed == total else 'FAIL'}: routed {passed}/{total} ({passed / max(total, 1):.0%}); {detail}")
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
