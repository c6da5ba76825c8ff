"""The web chat: the page at ``/`` and ``POST /api/chat``, a thin adapter over the conversation core."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from bot.core.messages import IncomingMessage
from bot.units import run_turn
from bot.web.deps import CtxDep, client_ip, field_error, templates
from bot.web.middleware import retry_after_header

router = APIRouter()


class ChatRequest(BaseModel):
    """A chat message; send an option's ``value`` as ``message`` to choose it."""

    session_id: str | None = Field(default=None, max_length=256, description="Omit to start a conversation")
    message: str = Field(description="What the user typed, or the value of a chosen option")


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
    return templates.TemplateResponse(
        request, "chat.html", {"welcome": welcome, "org": meta.organization, "contact": meta.contact,
                               "max_chars": ctx.settings.max_message_chars},
    )


@router.post("/api/chat", response_model=ChatResponse, responses={413: {}, 422: {}, 429: {}, 503: {}})
async def chat(body: ChatRequest, request: Request, ctx: CtxDep) -> JSONResponse | ChatResponse:
    """Send one message; the reply messages come back in order."""
    if len(body.message) > ctx.settings.max_message_chars:
        return field_error("message", f"message too long (limit {ctx.settings.max_message_chars} characters)")
    wait = ctx.extras["chat_limiter"].hit(client_ip(request))  # type: ignore[attr-defined]
    if wait:
        return JSONResponse(status_code=429, content={"detail": "Too many messages; please slow down."},
                            headers=retry_after_header(wait))
    incoming = IncomingMessage(channel="web", conversation_id=body.session_id, text=body.message,
                               client=client_ip(request))
    # The core does blocking database work: keep it off the event loop.
    turn = await run_in_threadpool(run_turn, ctx, incoming)
    # Built from our own dataclasses: return it directly rather than validating it a second time.
    return JSONResponse({"session_id": turn.conversation_id, "messages": [r.to_json() for r in turn.replies]})
