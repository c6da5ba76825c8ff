"""The request form (a Slack modal): the same fields and the same validation as the web intake.

Block ids are the field names of :class:`intake.requests.TicketRequest`, so a validation error is
shown inline under the field it is about (``response_action: "errors"``).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from bot.slack.render import Block, mrkdwn, plain
from bot.wording import say
from intake.errors import reason_of
from intake.requests import TicketRequest
from knowledge.lang import supported
from knowledge.models import KnowledgeBase

CALLBACK_ID = "intake_form"
FIELDS = ("kind", "requester", "name", "agent_name", "email", "postal_address", "organization", "details")
MAX_LENGTHS = {"name": 100, "agent_name": 100, "email": 254, "postal_address": 300, "organization": 200,
               "details": 2000}


def _input(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000), "element": element,
                    "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _text_input(field: str, *, multiline: bool = False) -> Block:
    return {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
            "max_length": MAX_LENGTHS[field]}


def request_modal(kb: KnowledgeBase, lang: str, kind: str | None = None) -> dict[str, Any]:
    """The ``views.open`` view, in ``lang``, with ``kind`` preselected when it is a known kind."""
    def kind_option(key: str) -> Block:
        return {"text": plain(kb.requests.kind(key).name(lang)), "value": key}

    kinds = [kind_option(k.key) for k in kb.requests.kinds]
    kind_select: Block = {"type": "static_select", "action_id": "value", "options": kinds,
                          "placeholder": plain(say("slack.choose", lang))}
    if kind in {k.key for k in kb.requests.kinds}:
        kind_select["initial_option"] = kind_option(kind)
    requester_options = [{"text": plain(say("chat.self", lang)), "value": "self"},
                         {"text": plain(say("chat.agent", lang)), "value": "agent"}]
    requester = {"type": "radio_buttons", "action_id": "value", "options": requester_options,
                 "initial_option": requester_options[0]}
    label = lambda field: say(f"field.{field}", lang)  # noqa: E731 - a local shorthand
    blocks = [
        {"type": "section", "text": mrkdwn(say("slack.modal_intro", lang))},
        _input("kind", label("kind"), kind_select),
        _input("requester", label("requester"), requester),
        _input("name", label("name"), _text_input("name")),
        _input("agent_name", label("agent_name"), _text_input("agent_name"), optional=True,
               hint=say("slack.agent_hint", lang)),
        _input("email", say("slack.email", lang), _text_input("email"), optional=True, hint=say("slack.contact_hint", lang)),
        _input("postal_address", say("slack.postal_address", lang), _text_input("postal_address", multiline=True),
               optional=True),
        _input("organization", label("organization"), _text_input("organization"), optional=True),
        _input("details", label("details"), _text_input("details", multiline=True), optional=True,
               hint=say("chat.ask_details", lang)),
    ]
    return {"type": "modal", "callback_id": CALLBACK_ID, "title": plain(say("slack.modal_title", lang), 24),
            "submit": plain(say("slack.modal_submit", lang), 24), "close": plain(say("slack.modal_close", lang), 24),
            "private_metadata": json.dumps({"lang": lang}), "blocks": blocks}


def done_view(lang: str, reference: str) -> dict[str, Any]:
    """What the modal shows once the request is open (the code itself goes by DM only)."""
    return {"type": "modal", "title": plain(say("slack.modal_title", lang), 24), "close": plain(say("slack.modal_close", lang), 24),
            "blocks": [{"type": "section", "text": mrkdwn(say("slack.modal_done", lang, reference=reference))}]}


def view_lang(view: dict[str, Any]) -> str:
    """The form's language, from its private metadata."""
    try:
        lang = json.loads(view.get("private_metadata") or "{}").get("lang")
    except (ValueError, AttributeError):
        lang = None
    return supported(lang if isinstance(lang, str) else None)


def submitted_values(view: dict[str, Any]) -> dict[str, str | None]:
    """The submitted field values (None for empty ones), from ``view.state.values``."""
    state = (view.get("state") or {}).get("values") or {}
    values: dict[str, str | None] = {}
    for field in FIELDS:
        element = (state.get(field) or {}).get("value") or {}
        selected = element.get("selected_option")
        value = selected.get("value") if isinstance(selected, dict) else element.get("value")
        values[field] = value if isinstance(value, str) and value.strip() else None
    return values


def validate(kb: KnowledgeBase, values: dict[str, str | None], lang: str) -> tuple[TicketRequest | None, dict[str, str]]:
    """The request, or the errors keyed by block id, with the same rules as the web intake."""
    errors: dict[str, str] = {}
    if values.get("kind") not in {k.key for k in kb.requests.kinds}:
        errors["kind"] = say("slack.unknown_kind", lang)
    try:
        request = TicketRequest(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "name"
            block = field if field in FIELDS else "name"
            errors.setdefault(block, say("chat.invalid_field", lang, error=reason_of(error, lang))[:150])
        return None, errors
    return (None, errors) if errors else (request, {})
