"""``POST /api/chat/feedback``: rate the last answer of a web chat session (役に立った／役に立たなかった)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from bot.core.feedback_texts import feedback_text
from bot.units import in_transaction
from bot.web.deps import CtxDep, client_ip
from bot.web.errors import error_responses
from bot.web.middleware import SlidingWindowLimiter, retry_after_header
from bot.web.routes.chat import CHAT_COOKIE
from intake.feedback import MAX_COMMENT_CHARS, rate_last_answer
from intake.requests import refuse_control_characters

router = APIRouter()


class FeedbackRequest(BaseModel):
    """A rating of the session's last answer, with an optional comment; sent again, it changes that rating."""

    model_config = ConfigDict(extra="forbid")
    session_id: str | None = Field(default=None, max_length=256,
                                   description="The chat session (omitted: the web chat's session cookie)")
    helpful: bool
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS,
                                description="What was missing (stored with personal data masked)")

    @field_validator("comment", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        return refuse_control_characters(value, multiline=True)


@router.post("/api/chat/feedback", status_code=204, response_class=Response,
             responses=error_responses(404, 413, 422, 429, 503))
async def feedback(body: FeedbackRequest, request: Request, ctx: CtxDep) -> Response:
    """Rate the last answer of the session → 204; 404 when the session has no answer to rate (only sessions
    that keep their transcript, as the web chat does, remember their answers)."""
    limiter: SlidingWindowLimiter = request.app.state.chat_limiter  # shared with POST /api/chat
    wait = limiter.hit(client_ip(request))
    if wait:
        return JSONResponse(status_code=429, content={"detail": "Too many messages; please slow down."},
                            headers=retry_after_header(wait))
    session_id = body.session_id or request.cookies.get(CHAT_COOKIE) or ""

    def work(session: Session) -> bool:
        return rate_last_answer(session, session_id, helpful=body.helpful, comment=body.comment) is not None

    if not await run_in_threadpool(in_transaction, ctx, work):
        lang = "en" if request.headers.get("accept-language", "").lower().startswith("en") else "ja"
        return JSONResponse(status_code=404, content={"detail": feedback_text("nothing_to_rate", lang)})
    return Response(status_code=204)
