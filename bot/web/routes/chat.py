"""The web chat: the page at ``/`` and ``POST /api/chat``, a thin adapter over the conversation core."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.core.feedback_texts import feedback_words
from bot.core.messages import IncomingMessage, Turn
from bot.units import DatabaseUnavailable, in_transaction
from bot.web import idempotent
from bot.web.deps import CtxDep, client_ip, field_error, templates
from bot.web.errors import error_responses
from bot.web.idempotent import HEADER
from bot.web.middleware import retry_after_header
from intake.conversations import append_transcript, shown_as, transcript_of
from intake.feedback import RATING
from intake.idempotency import InvalidKey

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


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def chat_page(request: Request, ctx: CtxDep) -> HTMLResponse:
    """The web chat (Japanese first, English alongside; works on a phone)."""
    welcome = ctx.core.welcome("ja").to_json()
    meta = ctx.kb.meta
    cookie = request.cookies.get(CHAT_COOKIE)
    try:
        transcript = in_transaction(ctx, lambda session: transcript_of(session, cookie)) if cookie else []
    except DatabaseUnavailable:
        transcript = []  # the page still loads; sending a message then says the database is down
    return templates.TemplateResponse(
        request, "chat.html", {"welcome": welcome, "org": meta.organization, "contact": meta.contact,
                               "max_chars": ctx.settings.max_message_chars, "transcript": transcript,
                               "feedback": {lang: feedback_words(lang) for lang in ("ja", "en")}},
    )


def _keep(ctx: Any, shown: str):  # noqa: ANN202 - a callback run after the core, in its transaction
    """Append the user's message (as they saw it) and the replies to the session's transcript."""
    greeting = [ctx.core.welcome("ja").to_json()]  # the page greets in Japanese

    def also(session: Session, turn: Turn) -> None:
        session.flush()  # the core may have just added the conversation row: make it findable
        prior = transcript_of(session, turn.conversation_id)
        entries: list[dict[str, Any]] = [{"role": "user", "text": shown_as(prior, shown, greeting)}]
        # With each rateable answer, what it was, so POST /api/chat/feedback can rate it (intake.feedback).
        entries += [{"role": "bot", **reply.to_json(), **({RATING: reply.rating.to_json()} if reply.rating else {})}
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
        return idempotent.key_error("differs from the Idempotency-Key header; send one id / 1つのIDを送ってください",
                                    field="message_id", where="body")
    keyed = idempotent.prepare("chat", key, {"session_id": session_id, "message": body.message}, field=field,
                               where=where)
    if isinstance(keyed, JSONResponse):
        return keyed
    wait = ctx.extras["chat_limiter"].hit(client_ip(request))  # type: ignore[attr-defined]
    if wait:
        return JSONResponse(status_code=429, content={"detail": "Too many messages; please slow down."},
                            headers=retry_after_header(wait))
    keep = _keep(ctx, body.message) if body.keep_transcript else None

    def work(session: Session, access_code: str | None) -> idempotent.Outcome:
        incoming = IncomingMessage(channel="web", conversation_id=session_id, text=body.message,
                                   client=client_ip(request), access_code=access_code)
        turn = ctx.core.handle(session, incoming)
        if keep is not None:
            keep(session, turn)
        # Built from our own dataclasses: returned directly rather than validated a second time.
        result = {"session_id": turn.conversation_id, "messages": [r.to_json() for r in turn.replies]}
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
