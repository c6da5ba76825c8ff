"""The intake dialog: confirm the kind, person or agent, collect the minimum, summarise, confirm.

The dialog state is a plain dict kept in the conversation row. The user can go back, change a
field from the summary, or cancel at any step; a question asked mid-way is answered by the caller
(see ``ConversationCore``) and the current step asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bot.core.messages import Option, Reply
from bot.wording import say
from intake.requests import MY_NUMBER_RE, TicketRequest, clean_text, is_email, is_postal_address
from knowledge.models import KnowledgeBase

OPTIONAL_STEPS = ("organization", "details")

# Generic words people type instead of pressing a button.
YES_WORDS = ("はい", "ok", "yes", "お願いします", "おねがいします", "いいです", "大丈夫", "だいじょうぶ", "送信", "submit", "y")
CANCEL_WORDS = ("キャンセル", "やめる", "やめます", "やめたい", "中止", "取り消し", "cancel", "quit", "stop", "abort")
BACK_WORDS = ("戻る", "もどる", "戻って", "back", "previous")
SKIP_WORDS = ("スキップ", "すきっぷ", "なし", "無し", "ない", "特になし", "とくになし", "skip", "none", "no", "n/a", "-")
SELF_WORDS = ("本人", "ほんにん", "自分", "じぶん", "myself", "self", "the person")
SELF_EXACT = ("私", "わたし", "me", "i", "i am", "me myself")
AGENT_WORDS = ("代理", "だいり", "agent", "on behalf", "representative", "proxy")


@dataclass(frozen=True)
class Step:
    """The outcome of one dialog step: replies, and a request ready to submit (on confirmation)."""

    replies: list[Reply]
    submit: TicketRequest | None = None
    unrecognised: bool = False  # the text fit no option: the caller may treat it as a question


def _norm(value: str) -> str:
    return clean_text(value).lower().rstrip("。.!！")


def _is(value: str, words: tuple[str, ...]) -> bool:
    return _norm(value) in words


class IntakeDialog:
    """Drives one intake; ``state`` is the dict stored under ``conversation.state["intake"]``."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    # ----- prompts -------------------------------------------------------------------------
    def _kind_label(self, key: str, lang: str) -> str:
        return self.kb.requests.kind(key).name(lang)

    def _nav(self, lang: str, *, back: bool = True, skip: bool = False) -> list[Option]:
        options = [Option(say("chat.skip", lang), "intake:skip")] if skip else []
        if back:
            options.append(Option(say("chat.back", lang), "intake:back"))
        return options + [Option(say("chat.cancel", lang), "intake:cancel")]

    def prompt(self, state: dict[str, Any], lang: str) -> Reply:
        """The question for the current step, with its options."""
        step = state["step"]
        if step == "kind":
            suggested = state.get("suggested_kind")
            keys = [k.key for k in self.kb.requests.kinds]
            if suggested in keys:
                keys.remove(suggested)
                keys.insert(0, suggested)
                body = say("chat.ask_kind_suggested", lang, kind=self._kind_label(suggested, lang))
            else:
                body = say("chat.ask_kind", lang)
            options = [Option(self._kind_label(k, lang), f"intake:kind:{k}") for k in keys]
            return Reply(body, options=options + self._nav(lang, back=False), kind="prompt", lang=lang)
        if step == "requester":
            options = [Option(say("chat.self", lang), "intake:requester:self"),
                       Option(say("chat.agent", lang), "intake:requester:agent")]
            return Reply(say("chat.ask_requester", lang), options=options + self._nav(lang), kind="prompt", lang=lang)
        if step == "confirm":
            options = [Option(say("chat.confirm", lang), "intake:confirm"), Option(say("chat.edit", lang), "intake:edit"),
                       Option(say("chat.cancel", lang), "intake:cancel")]
            return Reply(self.summary(state, lang), options=options, kind="prompt", lang=lang)
        if step == "edit":
            options = [Option(say(f"field.{f}", lang), f"intake:edit:{f}") for f in self._fields(state)]
            return Reply(say("chat.which_field", lang), options=options + self._nav(lang), kind="prompt", lang=lang)
        return Reply(say(f"chat.ask_{step}", lang), options=self._nav(lang, skip=step in OPTIONAL_STEPS),
                     kind="prompt", lang=lang)

    def summary(self, state: dict[str, Any], lang: str) -> str:
        """The request as the user will submit it."""
        lines = [say("chat.summary_head", lang)]
        for field in self._fields(state):
            lines.append(f"・{say(f'field.{field}', lang)}: {self._display(state, field, lang)}")
        return "\n".join(lines)

    def _display(self, state: dict[str, Any], field: str, lang: str) -> str:
        if field == "kind":
            return self._kind_label(state["kind"], lang)
        if field == "requester":
            return say(f"kit.{state['requester']}", lang)
        if field == "contact":
            return state.get("email") or state.get("postal_address") or "-"
        return state.get(field) or "-"

    def _fields(self, state: dict[str, Any]) -> list[str]:
        fields = ["kind", "requester", "name"]
        if state.get("requester") == "agent":
            fields.append("agent_name")
        return fields + ["contact", "organization", "details"]

    # ----- transitions ---------------------------------------------------------------------
    def start(self, suggested_kind: str | None, lang: str, requester: str | None = None) -> tuple[dict[str, Any], Reply]:
        """A fresh intake state and its first prompt; a requester the user already named (代理で) is kept,
        so the dialog does not ask it again."""
        kinds = {k.key for k in self.kb.requests.kinds}
        state: dict[str, Any] = {"step": "kind", "suggested_kind": suggested_kind if suggested_kind in kinds else None}
        if requester in ("self", "agent"):
            state["requester"] = requester
        return state, self.prompt(state, lang)

    def _advance(self, state: dict[str, Any]) -> None:
        """Move to the next unanswered step (or back to the summary after an edit)."""
        if state.pop("editing", False):
            state["step"] = "confirm"
            return
        order = self._fields(state)
        current = state["step"]
        position = order.index(current) if current in order else -1
        state["step"] = order[position + 1] if position + 1 < len(order) else "confirm"
        if state["step"] == "requester" and state.get("requester") and current == "kind":
            self._advance(state)  # named when the request was typed (代理で開示請求したい)

    def back(self, state: dict[str, Any]) -> None:
        """Go to the previous step."""
        order = self._fields(state)
        step = state["step"]
        if step in ("confirm", "edit"):
            state["step"] = order[-1]
        elif step in order and order.index(step) > 0:
            state["step"] = order[order.index(step) - 1]
        state.pop("editing", None)

    def handle(self, state: dict[str, Any], message: str, lang: str) -> Step:
        """Apply one user message to the current step."""
        step = state["step"]
        if message == "intake:back" or _is(message, BACK_WORDS):
            self.back(state)
            return Step([self.prompt(state, lang)])
        if step == "kind":
            return self._on_kind(state, message, lang)
        if step == "requester":
            return self._on_requester(state, message, lang)
        if step == "confirm":
            return self._on_confirm(state, message, lang)
        if step == "edit":
            field = message.removeprefix("intake:edit:") if message.startswith("intake:edit:") else None
            if field not in self._fields(state):
                return Step([text_reply("choose_option", lang), self.prompt(state, lang)], unrecognised=True)
            state["step"], state["editing"] = field, True
            return Step([self.prompt(state, lang)])
        return self._on_free_text(state, step, message, lang)

    def _on_kind(self, state: dict[str, Any], message: str, lang: str) -> Step:
        kinds = {k.key: k for k in self.kb.requests.kinds}
        chosen = message.removeprefix("intake:kind:") if message.startswith("intake:kind:") else None
        if chosen is None:
            typed = _norm(message)
            chosen = next((k for k, v in kinds.items() if typed in (v.name_ja, v.name_en.lower(), k)), None)
            if chosen is None and _is(message, YES_WORDS) and state.get("suggested_kind"):
                chosen = state["suggested_kind"]
        if chosen not in kinds:
            return Step([self.prompt(state, lang)], unrecognised=True)
        state["kind"] = chosen
        self._advance(state)
        return Step([self.prompt(state, lang)])

    def _on_requester(self, state: dict[str, Any], message: str, lang: str) -> Step:
        typed = _norm(message)
        # "代理" is checked first: "本人の代理です" names an agent even though it contains 本人.
        if message == "intake:requester:agent" or any(w in typed for w in AGENT_WORDS):
            state["requester"] = "agent"
            if state.get("editing") and not state.get("agent_name"):
                state.pop("editing")  # an agent's name is still needed before the summary
        elif message == "intake:requester:self" or typed in SELF_EXACT or any(w in typed for w in SELF_WORDS):
            state["requester"] = "self"
            state.pop("agent_name", None)  # never keep an agent's name on a request by the person
        else:
            return Step([self.prompt(state, lang)], unrecognised=True)
        self._advance(state)
        return Step([self.prompt(state, lang)])

    def _on_confirm(self, state: dict[str, Any], message: str, lang: str) -> Step:
        if message == "intake:edit" or _norm(message) in ("修正", "修正する", "変更", "edit", "change"):
            state["step"] = "edit"
            return Step([self.prompt(state, lang)])
        if message != "intake:confirm" and not _is(message, YES_WORDS):
            return Step([self.prompt(state, lang)], unrecognised=True)
        try:
            request = TicketRequest(**{k: state.get(k) for k in (
                "kind", "requester", "name", "email", "postal_address", "organization", "details", "agent_name")})
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else "name"
            state["step"] = "contact" if field in ("email", "postal_address") else field
            state["editing"] = True
            return Step([_problem_reply(error, lang), self.prompt(state, lang)])
        return Step([], submit=request)

    def _on_free_text(self, state: dict[str, Any], step: str, message: str, lang: str) -> Step:
        if step in OPTIONAL_STEPS and (message == "intake:skip" or _is(message, SKIP_WORDS)):
            state[step] = None
            self._advance(state)
            return Step([self.prompt(state, lang)])
        if message.startswith("intake:"):
            return Step([text_reply("choose_option", lang), self.prompt(state, lang)])
        problem = self._store(state, step, message, lang)
        if problem:
            return Step([problem, self.prompt(state, lang)])
        self._advance(state)
        return Step([self.prompt(state, lang)])

    def _store(self, state: dict[str, Any], step: str, message: str, lang: str) -> Reply | None:
        """Validate one typed value with the same rules as the API; returns the re-ask, or None if stored."""
        if step == "contact":
            value = clean_text(message, multiline=True)
            if "@" in value and is_email(value):  # the same rule as the API (RFC 5322/6531)
                state["email"], state["postal_address"] = value, None
                return None
            if MY_NUMBER_RE.search(value) and not is_postal_address(value):
                return text_reply("my_number_refused", lang)
            if "@" in value or not is_postal_address(value):
                # "スキップ", "not-an-email", a phone number…: the secretariat could not reply to any of them.
                return text_reply("contact_invalid", lang)
            field = "postal_address"
        else:
            field = step
        probe = {"kind": "x", "requester": "agent", "name": "x", "email": "x@example.org", "agent_name": "x"}
        probe[field] = message
        try:
            validated = TicketRequest(**probe)
        except ValidationError as exc:
            errors = [e for e in exc.errors() if e["loc"] and e["loc"][0] == field]
            return _problem_reply(errors[0], lang) if errors else None
        state[field] = getattr(validated, field)
        if field == "postal_address":
            state["email"] = None
        return None


def _problem_reply(error: Any, lang: str) -> Reply:
    """A validation error as a sentence in the conversation's language (never the validator's own text)."""
    field = str(error["loc"][0]) if error.get("loc") else ""
    if error.get("type") == "string_too_long":
        return text_reply("field_too_long", lang, limit=(error.get("ctx") or {}).get("max_length", ""))
    if field == "details" and "My Number" in str(error.get("msg", "")):
        return text_reply("my_number_refused", lang)
    if field in ("email", "postal_address"):
        return text_reply("contact_invalid", lang)
    if error.get("type") in ("string_too_short", "missing") or "empty" in str(error.get("msg", "")):
        return text_reply("field_empty", lang)
    return text_reply("field_invalid", lang)


def text_reply(key: str, lang: str, **values: object) -> Reply:
    """A plain informational reply (``key`` of the chat's wording, ``chat.<key>``)."""
    return Reply(say(f"chat.{key}", lang, **values), kind="info", lang=lang)

