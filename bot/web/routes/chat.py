"""The web chat: the page at ``/`` and ``POST /api/chat``, a thin adapter over the conversation core."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.core.feedback_texts import feedback_words
from bot.core.messages import Turn
from bot.units import DatabaseUnavailable, in_transaction
from bot.web import idempotent
from bot.web.connector import BrowserSession, web_connector
from bot.web.deps import CtxDep, client_ip, field_error, templates
from bot.web.errors import error_responses
from bot.web.idempotent import HEADER
from bot.web.middleware import SlidingWindowLimiter, retry_after_header
from bot.wording import in_every_language, say
from intake.conversations import append_transcript, shown_as, transcript_of
from intake.feedback import RATING
from intake.idempotency import InvalidKey
from knowledge.lang import DEFAULT_LANGUAGE, LANGUAGES

router = APIRouter()

# The web chat's conversation id, so a reload (or the way back from the status page) finds the
# transcript. HttpOnly: page scripts never see it; the id itself is an unguessable server-issued token.
CHAT_COOKIE = "madoguchi_chat"


class ChatRequest(BaseModel):
    """A chat message; send an option's ``value`` as ``message`` to choose it."""

    session_id: str | None = Field(default=None, max_length=256, description="Omit to start a conversation")
    message: str = Field(description="What the user typed, or the value of a chosen option")
    keep_transcript: bool = Field(
        default=False, description="Keep this session's transcript on the server (the web chat does, so a reload "
        "shows the conversation again); the session id then also travels in an HttpOnly cookie")
    message_id: str | None = Field(
        default=None, description="A random id of this message (e.g. a UUID, 16-255 characters), sent again "
        "with a retry: the retry gets the first reply and never opens a second ticket. Or send Idempotency-Key.")


class ChatOption(BaseModel):
    label: str
    value: str


class ChatSource(BaseModel):
    section: str
    title: str


class ChatMessage(BaseModel):
    text: str
    sources: list[ChatSource]
    options: list[ChatOption]
    kind: str
    lang: str
    ticket: dict | None = None
    rateable: bool = Field(default=False, description="An answer to a question: POST /api/chat/feedback rates it")


class ChatResponse(BaseModel):
    session_id: str
    messages: list[ChatMessage]


# The ticket card's wording (static/chat.js), catalog keys web.card.<name>, handed to the page per language.
CARD_WORDS = ("reference", "access_code", "copy", "copied", "copy_failed", "save", "enclose", "blank_form",
              "filled_form", "no_fee", "mail_to", "status_page", "sources", "new_tab", "error", "offline")


def card_words() -> dict[str, dict[str, str]]:
    """Every language's wording of the ticket card, for the page's script."""
    return {lang: {name: say(f"web.card.{name}", lang) for name in CARD_WORDS} for lang in LANGUAGES}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def chat_page(request: Request, ctx: CtxDep) -> HTMLResponse:
    """The web chat (Japanese first, English alongside; works on a phone)."""
    welcome = web_connector(ctx).render(ctx.core.welcome(DEFAULT_LANGUAGE))
    meta = ctx.kb.meta
    cookie = request.cookies.get(CHAT_COOKIE)
    try:
        transcript = in_transaction(ctx, lambda session: transcript_of(session, cookie)) if cookie else []
    except DatabaseUnavailable:
        transcript = []  # the page still loads; sending a message then says the database is down
    return templates.TemplateResponse(
        request, "chat.html", {"welcome": welcome, "org": meta.organization, "contact": meta.contact,
                               "max_chars": ctx.settings.max_message_chars, "transcript": transcript,
                               "words": card_words(), "feedback": {lang: feedback_words(lang) for lang in LANGUAGES}},
    )


def _keep(ctx: AppContext, shown: str) -> Callable[[Session, Turn], None]:
    """Append the user's message (as they saw it) and the replies to the session's transcript."""
    web = web_connector(ctx)
    greeting = [web.render(ctx.core.welcome(DEFAULT_LANGUAGE))]  # the page greets in the default language

    def also(session: Session, turn: Turn) -> None:
        session.flush()  # the core may have just added the conversation row: make it findable
        prior = transcript_of(session, turn.conversation_id)
        entries: list[dict[str, Any]] = [{"role": "user", "text": shown_as(prior, shown, greeting)}]
        # With each rateable answer, what it was, so POST /api/chat/feedback can rate it (intake.feedback).
        entries += [{"role": "bot", **web.render(reply), **({RATING: reply.rating.to_json()} if reply.rating else {})}
                    for reply in turn.replies]
        lang = turn.replies[-1].lang if turn.replies else "ja"
        append_transcript(session, turn.conversation_id, "web", lang, entries)

    return also


@router.post("/api/chat", response_model=ChatResponse, responses=error_responses(413, 422, 429, 503))
async def chat(
    body: ChatRequest, request: Request, ctx: CtxDep,
    idempotency_key: Annotated[str | None, Header(description="The message id, as a header (see message_id)")] = None,
) -> JSONResponse | ChatResponse:
    """Send one message; the reply messages come back in order."""
    if len(body.message) > ctx.settings.max_message_chars:
        return field_error("message", f"message too long (limit {ctx.settings.max_message_chars} characters)")
    session_id = body.session_id or (request.cookies.get(CHAT_COOKIE) if body.keep_transcript else None)
    # The message id may come as the header or in the body (or both, if they agree).
    key, field, where = ((idempotency_key, HEADER, "header") if idempotency_key is not None
                         else (body.message_id, "message_id", "body"))
    if idempotency_key is not None and body.message_id not in (None, idempotency_key.strip('"')):
        return idempotent.key_error(in_every_language("web.one_message_id", " / "), field="message_id", where="body")
    keyed = idempotent.prepare("chat", key, {"session_id": session_id, "message": body.message}, field=field,
                               where=where)
    if isinstance(keyed, JSONResponse):
        return keyed
    limiter: SlidingWindowLimiter = request.app.state.chat_limiter
    wait = limiter.hit(client_ip(request))
    if wait:
        return JSONResponse(status_code=429, content={"detail": in_every_language("web.too_many_messages", " / ")},
                            headers=retry_after_header(wait))
    keep = _keep(ctx, body.message) if body.keep_transcript else None
    web = web_connector(ctx)
    place = BrowserSession(session_id, client_ip(request))

    def work(session: Session, access_code: str | None) -> idempotent.Outcome:
        turn = ctx.core.handle(session, web.incoming(place, body.message, access_code=access_code))
        if keep is not None:
            keep(session, turn)
        # Built from our own dataclasses: returned directly rather than validated a second time.
        result = {"session_id": turn.conversation_id, "messages": [web.render(r) for r in turn.replies]}
        return 200, result, (turn.created_tickets[0] if turn.created_tickets else None)

    # The core does blocking database work: keep it off the event loop.
    try:
        status, result = await run_in_threadpool(idempotent.run_once, ctx, keyed, work)
    except InvalidKey as exc:
        return idempotent.key_error(str(exc), field=field, where=where)
    if any("ticket" in message for message in result["messages"]):
        ctx.dispatcher.kick()
    response = JSONResponse(status_code=status, content=result)
    if body.keep_transcript:
        response.set_cookie(CHAT_COOKIE, result["session_id"], httponly=True, samesite="lax", path="/",
                            secure=ctx.settings.cookies_secure,
                            max_age=ctx.settings.conversation_ttl_hours * 3600)
    return response
