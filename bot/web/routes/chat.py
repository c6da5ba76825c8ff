"""The web chat: the page at ``/`` and ``POST /api/chat``, a thin adapter over the conversation core."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.core.messages import IncomingMessage, Turn
from bot.units import DatabaseUnavailable, in_transaction, run_turn
from bot.web.deps import CtxDep, client_ip, field_error, templates
from bot.web.middleware import retry_after_header
from intake.conversations import append_transcript, shown_as, transcript_of

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
                               "max_chars": ctx.settings.max_message_chars, "transcript": transcript},
    )


def _keep(ctx: Any, shown: str):  # noqa: ANN202 - a callback for run_turn
    """Append the user's message (as they saw it) and the replies to the session's transcript."""
    greeting = [ctx.core.welcome("ja").to_json()]  # the page greets in Japanese

    def also(session: Session, turn: Turn) -> None:
        session.flush()  # the core may have just added the conversation row: make it findable
        prior = transcript_of(session, turn.conversation_id)
        entries: list[dict[str, Any]] = [{"role": "user", "text": shown_as(prior, shown, greeting)}]
        entries += [{"role": "bot", **reply.to_json()} for reply in turn.replies]
        lang = turn.replies[-1].lang if turn.replies else "ja"
        append_transcript(session, turn.conversation_id, "web", lang, entries)

    return also


@router.post("/api/chat", response_model=ChatResponse, responses={413: {}, 422: {}, 429: {}, 503: {}})
async def chat(body: ChatRequest, request: Request, ctx: CtxDep) -> JSONResponse | ChatResponse:
    """Send one message; the reply messages come back in order."""
    if len(body.message) > ctx.settings.max_message_chars:
        return field_error("message", f"message too long (limit {ctx.settings.max_message_chars} characters)")
    wait = ctx.extras["chat_limiter"].hit(client_ip(request))  # type: ignore[attr-defined]
    if wait:
        return JSONResponse(status_code=429, content={"detail": "Too many messages; please slow down."},
                            headers=retry_after_header(wait))
    session_id = body.session_id or (request.cookies.get(CHAT_COOKIE) if body.keep_transcript else None)
    incoming = IncomingMessage(channel="web", conversation_id=session_id, text=body.message)
    # The core does blocking database work: keep it off the event loop.
    turn = await run_in_threadpool(run_turn, ctx, incoming, _keep(ctx, body.message) if body.keep_transcript else None)
    # Built from our own dataclasses: return it directly rather than validating it a second time.
    response = JSONResponse({"session_id": turn.conversation_id, "messages": [r.to_json() for r in turn.replies]})
    if body.keep_transcript:
        response.set_cookie(CHAT_COOKIE, turn.conversation_id, httponly=True, samesite="lax", path="/",
                            secure=ctx.settings.cookies_secure,
                            max_age=ctx.settings.conversation_ttl_hours * 3600)
    return response
