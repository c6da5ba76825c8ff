"""The conversation core (errbot/opsdroid pattern): every front end calls :meth:`ConversationCore.handle`.

Answering, declining, "did you mean", the intake dialog and status look-ups live here and only here.
The caller owns the transaction: it opens a session, calls ``handle``, commits, and only then shows
the replies, so "ticket created" is never said about a ticket that was rolled back.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from bot.core.intake_dialog import CANCEL_WORDS, IntakeDialog, text_reply
from bot.core.kit import Links, kit_reply
from bot.core.messages import IncomingMessage, Option, Reply, SourceRef, Turn
from bot.core.status import CODE_RE, REFERENCE_RE, StatusLookup
from bot.wording import say
from intake.conversations import open_conversation, save_conversation
from intake.curation import reason_for, record_question, signature_of
from intake.feedback import Rated
from intake.requests import TicketRequest, clean_text
from intake.tickets import CreatedTicket, IntakeConfig, create_ticket
from intake.usage import UsageCounter
from knowledge.engine import Answer, AnswerEngine
from knowledge.models import KnowledgeBase

QUESTION_RE = re.compile(r"[?？]\s*$|(ですか|ますか|でしょうか|かな|の？|いくら|どこ|どう|いつ|なに|何|教えて)|^(how|what|where|when|who|why|can|do|does|is|are|should)\b", re.IGNORECASE)


class ConversationCore:
    """Turns one incoming message into replies, keeping dialog state in the database."""

    def __init__(self, kb: KnowledgeBase, answers: AnswerEngine, links: Links, *,
                 intake_config: IntakeConfig | None = None, max_chars: int = 2000, usage: UsageCounter | None = None):
        self.kb = kb
        self.usage = usage  # questions counted for the dashboard (in memory, written out by the process)
        self.answers = answers
        self.links = links
        self.intake_config = intake_config or IntakeConfig()
        self.max_chars = max_chars
        self.dialog = IntakeDialog(kb)
        # The knowledge base is immutable, so an answer depends only on the text: cache the frequent ones.
        self._answer = lru_cache(maxsize=4096)(answers.answer)
        self.status = StatusLookup(kb, links, self.intake_config.timezone)
        self._entry_ids = {unicodedata.normalize("NFKC", e.id): e.id for e in kb.all_entries()}
        # Answers citing these sections are about making a request: offer to start one.
        self._request_sections = {s for k in kb.requests.kinds for s in [*k.sources, k.fee_source]} | {
            kb.requests.mail_source}

    # ----- entry points ----------------------------------------------------------------------
    def handle(self, session: Session, message: IncomingMessage) -> Turn:
        """Handle one message inside the caller's transaction."""
        conversation = open_conversation(
            session, message.conversation_id, message.channel, fixed_id=message.fixed_conversation
        )
        # A deep copy: mutating the loaded JSON in place would hide the change from the ORM.
        state: dict[str, Any] = copy.deepcopy(conversation.state or {})
        turn = Turn(conversation_id=conversation.id, replies=[])
        raw = message.text or ""
        if len(raw) > self.max_chars:
            turn.replies.append(Reply(say("chat.too_long", conversation.lang, limit=self.max_chars), kind="error",
                                      lang=conversation.lang))
            return turn
        body = clean_text(raw, multiline=True)
        is_command = body.startswith(("intake:", "ask:", "status:", "menu"))
        # Field values (a name, an address) say nothing about the user's language; questions do.
        in_dialog = "intake" in state or "status_lookup" in state
        if not is_command and _has_words(body) and (not in_dialog or QUESTION_RE.search(body)):
            conversation.lang = self.answers.detect_lang(body)
        lang = conversation.lang
        turn.replies.extend(self._dispatch(session, message, state, body, lang, turn))
        save_conversation(session, conversation, state)
        return turn

    def open_request(
        self, session: Session, request: TicketRequest, *, channel: str, channel_user: str | None, lang: str,
        access_code: str | None = None,
    ) -> tuple[CreatedTicket, Reply]:
        """Open a ticket from a complete request (chat confirmation, API, Slack modal) and build the kit."""
        created = create_ticket(session, self.kb, request, channel=channel, channel_user=channel_user,
                                lang=lang, config=self.intake_config, access_code=access_code)
        return created, kit_reply(self.kb, created.ticket, lang, self.links, created.access_code)

    def welcome(self, lang: str = "ja") -> Reply:
        """The greeting with the main options."""
        return Reply(say("chat.welcome", lang), options=self._menu(lang), kind="info", lang=lang)

    # ----- routing -------------------------------------------------------------------------
    def _dispatch(self, session: Session, message: IncomingMessage, state: dict[str, Any], body: str,
                  lang: str, turn: Turn) -> list[Reply]:
        if not body:
            return [Reply(say("chat.empty", lang), options=self._menu(lang), kind="info", lang=lang)]
        if body in ("menu", "help", "ヘルプ", "メニュー"):
            return [self.welcome(lang)]
        typed = self._typed_intent(body, state)
        if typed == "handoff":
            return self._handoff(state, lang)
        body = typed or body
        if body == "intake:cancel" or (_norm(body) in CANCEL_WORDS):
            had = state.pop("intake", None) or state.pop("status_lookup", None)
            return [text_reply("cancelled" if had else "nothing_to_cancel", lang)]
        if "status_lookup" in state or body.startswith("status:"):
            replies = self.status.handle(session, state, body, lang, client=_client(message, turn))
            if replies is not None:
                return replies
        if "intake" in state:
            return self._intake_step(session, message, state, body, lang, turn)
        if body.startswith("intake:start"):
            fields = body.split(":")  # intake:start[:kind[:requester]]
            kind = fields[2] or None if len(fields) > 2 else None
            requester = fields[3] if len(fields) > 3 and fields[3] in ("self", "agent") else None
            if message.public:
                return [self._private_intake(kind, lang)]
            state["intake"], prompt = self.dialog.start(kind, lang, requester=requester)
            return [prompt]
        if self.status.mentions_reference(body) and not self._asks_about_references(body):
            return self.status.handle(session, state, body, lang, client=_client(message, turn)) or []
        if body.startswith("ask:"):
            entry_id = self._entry_ids.get(body[4:])  # the body was NFKC-normalised: Ⅶ arrives as VII
            if entry_id is not None:
                return [self._answer_reply(self.answers.answer_entry(entry_id, lang))]
            body = body[4:] or body  # a stale or forged option value: treat the rest as a question
        return [self._question(session, message, body, lang)]

    # ----- typed intents -------------------------------------------------------------------
    def _typed_intent(self, body: str, state: dict[str, Any]) -> str | None:
        """What a typed message asks for, as the value of the button that does it (or "handoff").

        「請求を始めたい」 is the 請求を始める button, 「請求の状況を確認したい」 the status button. In the
        middle of an intake or a status look-up only cancel, back and "a person" are flows: anything
        else typed there is the answer to the question asked (a name, an address)."""
        if body.startswith(("intake:", "ask:", "status:")) or body == "menu":
            return None
        busy = "intake" in state or "status_lookup" in state
        intent = self.answers.intent(body, in_flow=busy)
        if intent is None:
            return None
        if intent.name == "human":
            return "handoff"
        if intent.name == "cancel":
            return "intake:cancel"
        if intent.name == "back":
            return "intake:back" if "intake" in state else None
        if busy:
            return None
        if intent.name == "check_status":
            # A reference in the message is looked up as it stands (and a code beside it with it);
            # asking for the reference again would throw away what was typed.
            return None if self.status.mentions_reference(body) else "status:start"
        if intent.name == "start_request":
            return ":".join(["intake", "start", intent.kind or "", intent.requester or ""]).rstrip(":")
        return None

    def _asks_about_references(self, body: str) -> bool:
        """REQ-2026-000123みたいな番号っていつもらえる？ asks about reference numbers, it looks none up."""
        reading = self.answers.understand(body)
        return bool(set(reading.facets) & {"when", "how_long", "define", "how", "where_get", "why"}) and \
            "check_status" not in reading.intents

    def _handoff(self, state: dict[str, Any], lang: str) -> list[Reply]:
        """The bot is no person: say so, and how to reach the office; an open intake carries on."""
        contact, org = self.kb.meta.contact, self.kb.meta.organization
        reply = Reply(say("chat.handoff", lang, office=contact.office(lang), organization=org.name(lang),
                          email=contact.email, postal=f"〒{contact.postal_code} {contact.address_ja}"),
                      options=[] if "intake" in state else self._menu(lang), kind="handoff", lang=lang)
        if "intake" in state:
            return [reply, Reply(say("chat.resume", lang), kind="info", lang=lang), self.dialog.prompt(state["intake"], lang)]
        return [reply]

    def _intake_step(self, session: Session, message: IncomingMessage, state: dict[str, Any], body: str,
                     lang: str, turn: Turn) -> list[Reply]:
        intake = state["intake"]
        # A question in the middle of the intake is answered, then the same step is asked again.
        if not body.startswith("intake:") and self._is_question_midway(body, intake["step"]):
            answer = self._answer(body)
            # Answered, or declined: either way it was a question, never the value the step asked for.
            if answer.decision in ("answer", "suggest", "decline"):
                return [self._answer_reply(answer, offer_request=False),
                        Reply(say("chat.resume", lang), kind="info", lang=lang), self.dialog.prompt(intake, lang)]
        step = self.dialog.handle(intake, body, lang)
        if step.unrecognised:
            answer = self._answer(body)
            if answer.decision == "answer":
                return [self._answer_reply(answer, offer_request=False), self.dialog.prompt(intake, lang)]
            return [text_reply("choose_option", lang), *step.replies]
        if step.submit is None:
            return step.replies
        created, reply = self.open_request(session, step.submit, channel=message.channel,
                                           channel_user=message.user_id, lang=lang, access_code=message.access_code)
        state.pop("intake", None)
        turn.created_tickets.append(created.ticket.reference)
        return [reply]

    def _is_question_midway(self, body: str, step: str) -> bool:
        if step in ("kind", "requester", "confirm", "edit"):
            return False  # handled as "unrecognised" by the dialog, which tries the option words first
        return bool(QUESTION_RE.search(body)) and "@" not in body

    # ----- answers -------------------------------------------------------------------------
    def _question(self, session: Session, message: IncomingMessage, body: str, lang: str) -> Reply:
        # Emoji, "？？？" or a bare access code carry no language: answer in the conversation's.
        answer = self._answer(body) if _has_words(body) else self._answer(body, lang)
        reason = reason_for(answer.decision, answer.confidence, taught=answer.taught)
        if reason:  # declined or unsure: the curation queue shows it to the secretariat (masked)
            record_question(session, channel=message.channel, lang=answer.lang, question=body,
                            decision=answer.decision, confidence=answer.confidence,
                            top_entry=answer.suggestions[0].entry_id if answer.suggestions else answer.entry_id,
                            reason=reason, signature=signature_of(answer.topics, answer.facets))
        if self.usage is not None and answer.decision != "invalid":
            self.usage.count(answer.decision, message.channel, answer.topics)
        rating = Rated(body, answer.lang, answer.decision, answer.entry_id, answer.facts, answer.topics,
                       answer.facets, answer.confidence) if answer.decision != "invalid" else None
        return dataclasses.replace(self._answer_reply(answer), rating=rating)

    def _answer_reply(self, answer: Answer, *, offer_request: bool = True) -> Reply:
        """Render an engine answer as a neutral reply with citations and quick replies."""
        lang = answer.lang
        options = [Option(s.title, f"ask:{s.entry_id}") for s in answer.suggestions]
        if offer_request and answer.decision == "answer":
            if answer.request_kind:
                options.append(Option(say("chat.start_request", lang), f"intake:start:{answer.request_kind}"))
            elif any(c.section in self._request_sections for c in answer.sources):
                options.append(Option(say("chat.start_request", lang), "intake:start"))
        kind = {"answer": "answer", "suggest": "suggest"}.get(answer.decision, "decline")
        sources = [SourceRef(c.section, c.title) for c in answer.sources]
        return Reply(answer.text, sources=sources, options=options, kind=kind, lang=lang)

    def _private_intake(self, kind: str | None, lang: str) -> Reply:
        """Where others can read along, a request is not taken in the thread: offer a private way."""
        value = f"intake:start:{kind}" if kind else "intake:start"
        return Reply(say("chat.private_intake", lang), options=[Option(say("chat.start_request", lang), value)],
                     kind="info", lang=lang)

    def _menu(self, lang: str) -> list[Option]:
        return [Option(say("chat.start_request", lang), "intake:start"),
                Option(say("chat.check_status", lang), "status:start")]



def _client(message: IncomingMessage, turn: Turn) -> str:
    """Who is sending, for the throttling of wrong access codes: the front end's client, else the conversation."""
    return message.client or f"conversation:{turn.conversation_id}"


def _has_letters(value: str) -> bool:
    return any(ch.isalnum() for ch in value)


def _has_words(value: str) -> bool:
    """Letters that say something about the language: not only symbols, references or access codes."""
    return _has_letters(CODE_RE.sub(" ", REFERENCE_RE.sub(" ", value)))


def _norm(value: str) -> str:
    return value.strip().lower().rstrip("。.!！")

