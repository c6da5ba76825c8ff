"""Rating answers in Slack: 役に立った／役に立たなかった buttons under each answer, an optional comment.

The buttons carry what the answer was (the question masked, the decision, the entry and facts), so a
click needs no stored state: Slack signs the request, and only our own button values come back. After
a click the buttons are replaced by a thank-you (and, for "not helpful", a button that opens a small
form for a comment, which goes into the same rating).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk import WebClient

from bot.context import AppContext
from bot.core.feedback_texts import feedback_text
from bot.core.messages import Reply
from bot.slack.api import call
from bot.slack.render import Block, mrkdwn, plain
from bot.units import in_transaction
from intake import feedback
from intake.feedback import Rated
from intake.privacy import mask_personal

logger = logging.getLogger(__name__)
BLOCK_PREFIX = "fb:"  # block id of the rating buttons: fb:<lang>
COMMENT_CALLBACK = "feedback_comment"
VALUE_LIMIT = 1900  # Slack allows 2000 characters in a button value
QUESTION_LIMIT = 300


def rating_value(rating: Rated) -> str:
    """The button value: the rated answer as compact JSON, the question masked (it is kept in Slack)."""
    data = {"q": mask_personal(rating.question[:QUESTION_LIMIT]), "l": rating.lang, "d": rating.decision,
            "e": rating.entry_id, "f": list(rating.facts[:8]), "t": list(rating.topics[:8]),
            "a": list(rating.facets[:8]), "c": round(rating.confidence, 3)}
    value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(value) > VALUE_LIMIT:  # what answered matters less than the question itself
        data.update(f=[], t=[], a=[])
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))[:VALUE_LIMIT]
    return value


def parse_value(value: str) -> Rated | None:
    """The rated answer of a clicked button; None for anything that is not one of ours."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return Rated.from_json({"question": data.get("q"), "lang": data.get("l"), "decision": data.get("d"),
                            "entry_id": data.get("e"), "facts": data.get("f"), "topics": data.get("t"),
                            "facets": data.get("a"), "confidence": data.get("c")})


def feedback_blocks(reply: Reply) -> list[Block]:
    """The rating buttons under an answer (none for replies that answer no question)."""
    if reply.rating is None:
        return []
    lang, value = reply.lang, rating_value(reply.rating)
    return [{"type": "actions", "block_id": f"{BLOCK_PREFIX}{lang}", "elements": [
        {"type": "button", "action_id": "feedback:yes", "text": plain(feedback_text("yes", lang)), "value": value},
        {"type": "button", "action_id": "feedback:no", "text": plain(feedback_text("no", lang)), "value": value},
    ]}]


def _thanks(lang: str, feedback_id: int | None) -> list[Block]:
    blocks: list[Block] = [{"type": "context", "elements": [mrkdwn(feedback_text("thanks", lang))]}]
    if feedback_id is not None:
        blocks.append({"type": "actions", "block_id": f"{BLOCK_PREFIX}c:{lang}", "elements": [
            {"type": "button", "action_id": "feedback:comment", "text": plain(feedback_text("comment_button", lang)),
             "value": str(feedback_id)}]})
    return blocks


def on_rate(ctx: AppContext, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
    """Store the rating (an unhelpful one reaches the curation queue), then thank the user in place."""
    rated = parse_value(str(action.get("value") or ""))
    if rated is None:
        return
    helpful = action.get("action_id") == "feedback:yes"
    row_id = in_transaction(ctx, lambda s: feedback.record(s, channel="slack", rated=rated, helpful=helpful,
                                                           comment=None).id)
    thanks = _thanks(rated.lang, None if helpful else row_id)
    message = body.get("message")
    try:
        if message is None:  # an ephemeral answer (/privacy) cannot be rewritten: thank the user beside it
            respond(response_type="ephemeral", replace_original=False, text=feedback_text("thanks", rated.lang),
                    blocks=thanks)
            return
        kept = [b for b in message.get("blocks") or [] if not str(b.get("block_id", "")).startswith(BLOCK_PREFIX)]
        respond(replace_original=True, text=message.get("text") or feedback_text("thanks", rated.lang),
                blocks=kept + thanks)
    except Exception:  # an expired response URL: the rating is stored all the same
        logger.warning("could not update the rated Slack message")


def comment_modal(lang: str, feedback_id: int) -> dict[str, Any]:
    """The small form for a comment on an unhelpful answer."""
    return {"type": "modal", "callback_id": COMMENT_CALLBACK, "private_metadata": json.dumps({"id": feedback_id,
                                                                                              "lang": lang}),
            "title": plain(feedback_text("comment_title", lang), 24), "submit": plain(feedback_text("comment_send", lang), 24),
            "close": plain(feedback_text("comment_close", lang), 24),
            "blocks": [{"type": "input", "block_id": "comment", "label": plain(feedback_text("comment_prompt", lang), 2000),
                        "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                                    "max_length": feedback.MAX_COMMENT_CHARS}}]}


def open_comment(client: WebClient, body: dict[str, Any], action: dict[str, Any]) -> None:
    """"Tell us what was missing": the comment form, tied to the rating just given."""
    lang = "en" if str(action.get("block_id", "")).endswith(":en") else "ja"
    try:
        feedback_id = int(str(action.get("value") or ""))
    except ValueError:
        return
    call(client.views_open, trigger_id=body.get("trigger_id"), view=comment_modal(lang, feedback_id))


def on_comment(ctx: AppContext, view: dict[str, Any]) -> None:
    """Add the submitted comment to its rating (masked when stored)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        feedback_id = int(meta["id"])
    except (TypeError, ValueError, KeyError):
        return
    state = ((view.get("state") or {}).get("values") or {}).get("comment") or {}
    text = str((state.get("value") or {}).get("value") or "")
    if text.strip():
        in_transaction(ctx, lambda s: feedback.update(s, feedback_id, helpful=False, comment=text, channel="slack"))
