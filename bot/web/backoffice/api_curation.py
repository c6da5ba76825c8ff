"""The staff API of the curation queue and the live knowledge (``Authorization: Bearer TOKEN``).

``GET /api/staff/questions`` keeps the question log's fields (at, channel, lang, question, decision,
confidence, top_entry) and adds ``id``, ``count``, ``reason``, ``status`` and the engine's
``candidates``. 401 without a valid token, 403 where only admins may act, 404 unknown item or change,
409 already handled, 422 bad input or a change the knowledge would not pass ``kb check`` with
(``detail`` names every problem).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.web.backoffice import curation_service as curation
from bot.web.backoffice.api_tickets import call
from bot.web.backoffice.auth import ApiAdmin, ApiUser
from bot.web.backoffice.service import Problem
from bot.web.deps import CtxDep
from bot.web.errors import error_responses
from bot.wording import in_every_language
from intake.curation import REASONS, STATUSES
from intake.requests import control_character, refuse_control_characters
from knowledge.overlay import NewAnswer

router = APIRouter(prefix="/api/staff", tags=["staff"])
ERRORS = error_responses(401, 403, 404, 409, 422, 503)
POST_ERRORS = error_responses(401, 403, 404, 409, 413, 422, 503)
ID = 2**31 - 1  # ids beyond a database integer cannot exist


class ResolveBody(BaseModel):
    """``attach`` (``entry_id``, or ``fact_id``), ``out_of_scope`` (optional ``topic_id`` of an out-of-scope
    topic), ``dismiss``, or ``propose`` a new answer (titles, texts and sections; live once an admin approves)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["attach", "out_of_scope", "dismiss", "propose"]
    entry_id: str | None = Field(default=None, max_length=64)
    fact_id: str | None = Field(default=None, max_length=64)
    topic_id: str | None = Field(default=None, max_length=64)
    title_ja: str | None = Field(default=None, max_length=200)
    title_en: str | None = Field(default=None, max_length=200)
    text_ja: str | None = Field(default=None, max_length=2000)
    text_en: str | None = Field(default=None, max_length=2000)
    sources: list[str] | None = Field(default=None, max_length=8)

    @field_validator("title_ja", "title_en", "entry_id", "fact_id", "topic_id", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        return refuse_control_characters(value)

    @field_validator("text_ja", "text_en", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return refuse_control_characters(value, multiline=True)

    def new_answer(self) -> NewAnswer:
        """The proposed answer; 422 naming the fields a proposal needs."""
        return parse_answer(self.title_ja, self.title_en, self.text_ja, self.text_en, self.sources or [])


def parse_answer(title_ja: str | None, title_en: str | None, text_ja: str | None, text_en: str | None,
                 sources: list[str]) -> NewAnswer:
    """A :class:`NewAnswer` from submitted text (trimmed); a 422 :class:`Problem` naming the fields left empty."""
    values = {"title_ja": (title_ja or "").strip(), "title_en": (title_en or "").strip(),
              "text_ja": (text_ja or "").strip(), "text_en": (text_en or "").strip()}
    for name, value in (*values.items(), *(("sources", str(v)) for v in sources)):
        found = control_character(value, multiline=name.startswith("text_"))
        if found:  # the page's form is not checked by a model as the API body is
            raise Problem(422, "errors.field_control", field=name, found=found)
    cited = [str(s).strip()[:32] for s in sources if str(s).strip()]
    missing = [name for name, value in values.items() if not value] + ([] if cited else ["sources"])
    if missing:
        raise Problem(422, "errors.answer_needs", fields=", ".join(missing))
    try:
        return NewAnswer(**values, sources=cited)
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise Problem(422, "errors.check_fields", fields=fields) from None


@router.get("/questions", responses=ERRORS)
async def questions(ctx: CtxDep, user: ApiUser, decision: str | None = Query(None, max_length=16),
                    status: str = Query("open", max_length=16), reason: str | None = Query(None, max_length=16),
                    ) -> dict[str, Any]:
    """The curation queue (``status``: open by default, ``all``, or one status), most asked first; personal
    data masked; each item with the entries the engine finds closest."""
    if status != "all" and status not in STATUSES:
        raise HTTPException(422, in_every_language("errors.unknown_status", " / "))
    if reason and reason not in REASONS:
        raise HTTPException(422, in_every_language("errors.unknown_reason", " / "))
    rows = await call(lambda: curation.queue(ctx, status=None if status == "all" else status,
                                             decision=decision or None, reason=reason or None))
    return {"questions": rows}


@router.post("/questions/{item_id}/resolve", responses=POST_ERRORS)
async def resolve(ctx: CtxDep, user: ApiUser, item_id: int, body: ResolveBody) -> dict[str, Any]:
    """Handle one item; 200 with the updated item."""
    item_id = item_id if 0 < item_id <= ID else 0
    if body.action == "dismiss":
        return await call(curation.dismiss, ctx, user, item_id)
    if body.action == "propose":
        try:
            answer = body.new_answer()
        except Problem as exc:
            raise HTTPException(exc.status_code, exc.message) from None
        return await call(curation.propose, ctx, user, item_id, answer)
    return await call(lambda: curation.teach(ctx, user, item_id, body.action, entry_id=body.entry_id,
                                             fact_id=body.fact_id, topic_id=body.topic_id))


@router.get("/knowledge/entries", responses=ERRORS)
async def knowledge_entries(ctx: CtxDep, user: ApiUser) -> dict[str, Any]:
    """Every entry of the live knowledge: id, titles and the sections it cites."""
    return {"entries": curation.entries(ctx)}


@router.get("/knowledge/changes", responses=ERRORS)
async def knowledge_changes(ctx: CtxDep, user: ApiUser) -> dict[str, Any]:
    """The knowledge's audit trail (who changed what, when) and the version in force."""
    return await call(curation.changes, ctx)


@router.post("/knowledge/changes/{change_id}/approve", responses=POST_ERRORS)
async def approve(ctx: CtxDep, user: ApiAdmin, change_id: int) -> dict[str, Any]:
    """Admins: put a proposed answer live (refused, naming the problem, if it no longer validates)."""
    return await call(curation.approve, ctx, user, change_id if 0 < change_id <= ID else 0)


@router.post("/knowledge/changes/{change_id}/reject", responses=POST_ERRORS)
async def reject(ctx: CtxDep, user: ApiAdmin, change_id: int) -> dict[str, Any]:
    """Admins: turn a proposed answer down."""
    return await call(curation.reject, ctx, user, change_id if 0 < change_id <= ID else 0)


@router.post("/knowledge/changes/{change_id}/revert", responses=POST_ERRORS)
async def revert(ctx: CtxDep, user: ApiUser, change_id: int) -> dict[str, Any]:
    """Take a live change out (new answers: admins only); its question returns to the queue."""
    return await call(curation.revert, ctx, user, change_id if 0 < change_id <= ID else 0)
