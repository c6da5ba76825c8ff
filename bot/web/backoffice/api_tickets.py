"""The staff API for scripts (``Authorization: Bearer TOKEN``): the queue, tickets, moves, checklist, notes.

401 without a valid token, 404 for an unknown reference, 409 for a move the workflow does not allow
(or a ticket someone else claimed), 422 for bad input. Responses carry the ticket as the page shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.context import AppContext
from bot.web.backoffice import service
from bot.web.backoffice.auth import ApiUser
from bot.web.deps import CtxDep
from bot.web.errors import error_responses
from bot.wording import in_every_language
from intake import queue
from intake.requests import refuse_control_characters
from intake.status import Outcome, Status

router = APIRouter(prefix="/api/staff", tags=["staff"])
T = TypeVar("T")
# What the staff API can answer besides success (POSTs may also get 413: a body over the limit).
ERRORS = error_responses(401, 404, 409, 422, 503)
POST_ERRORS = error_responses(401, 404, 409, 413, 422, 503)


class TransitionBody(BaseModel):
    """A move: ``to`` a status; a decision needs ``outcome`` (and ``ground`` for a refusal)."""

    model_config = ConfigDict(extra="forbid")
    to: Status
    outcome: Outcome | None = None
    ground: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, max_length=4000)

    @field_validator("note", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        return refuse_control_characters(value, multiline=True)


class ChecklistBody(BaseModel):
    """Tick (or untick) an enclosure; stamps need ``received_amount_yen``."""

    model_config = ConfigDict(extra="forbid")
    checked: bool
    received_amount_yen: int | None = Field(default=None, ge=0, le=queue.MAX_AMOUNT_YEN)


class NoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=queue.MAX_NOTE_CHARS)

    @field_validator("text", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        return refuse_control_characters(value, multiline=True)


class AssignBody(BaseModel):
    """``email`` of an active staff member, or null to release the ticket."""

    model_config = ConfigDict(extra="forbid")
    email: str | None = Field(default=None, max_length=254)


async def call(fn: Callable[..., T], *args: Any) -> T:
    """Run a service operation off the event loop; its refusals become HTTP errors."""
    try:
        return await run_in_threadpool(fn, *args)
    except service.Problem as exc:
        raise HTTPException(exc.status_code, exc.message) from None


def _filter(ctx: AppContext, user_id: int, status: str, kind: str | None, overdue: bool, mine: bool,
            q: str | None) -> queue.QueueFilter:
    if status not in ("open", "all") and status not in {s.value for s in Status}:
        raise HTTPException(422, in_every_language("errors.unknown_status", " / "))
    if kind and kind not in {k.key for k in ctx.kb.requests.kinds}:
        raise HTTPException(422, in_every_language("errors.unknown_kind", " / "))
    return queue.QueueFilter(status=status, kind=kind, overdue=overdue, assignee_id=user_id if mine else None,
                             reference=q)


@router.get("/me", responses=ERRORS)
async def me(user: ApiUser) -> dict[str, Any]:
    """Who the token belongs to."""
    return {"email": user.email, "role": user.role}


@router.get("/tickets", responses=ERRORS)
async def list_tickets(ctx: CtxDep, user: ApiUser, status: str = Query("open", max_length=32),
                       kind: str | None = Query(None, max_length=32), overdue: bool = False, mine: bool = False,
                       q: str | None = Query(None, max_length=40)) -> dict[str, Any]:
    """The queue (``status``: open (default), all, or one status), with the count of overdue tickets."""
    rows, overdue_count = await call(service.list_queue, ctx, _filter(ctx, user.id, status, kind, overdue, mine, q))
    return {"tickets": rows, "overdue_count": overdue_count}


@router.get("/tickets.csv", responses=ERRORS, response_class=Response)
async def tickets_csv(ctx: CtxDep, user: ApiUser, status: str = Query("open", max_length=32),
                      kind: str | None = Query(None, max_length=32), overdue: bool = False, mine: bool = False,
                      q: str | None = Query(None, max_length=40)) -> Response:
    """The queue as CSV (no personal data or free text; formula-like cells are quoted)."""
    body = await call(service.export_csv, ctx, _filter(ctx, user.id, status, kind, overdue, mine, q))
    return Response(body, media_type="text/csv; charset=utf-8")


@router.get("/tickets/{reference}", responses=ERRORS)
async def get_ticket(ctx: CtxDep, user: ApiUser, reference: str) -> dict[str, Any]:
    """One ticket: applicant contact, checklist, notes, history and the moves now possible."""
    return await call(service.ticket_detail, ctx, reference[:40])


@router.post("/tickets/{reference}/transitions", responses=POST_ERRORS)
async def transition(ctx: CtxDep, user: ApiUser, reference: str, body: TransitionBody) -> dict[str, Any]:
    """Move the ticket; 409 with the reason if the workflow does not allow it."""
    move = service.parse_move(body.to.value, body.outcome.value if body.outcome else None, body.ground)
    return await call(service.move, ctx, user, reference[:40], move, body.note)


@router.post("/tickets/{reference}/checklist/{key}", responses=POST_ERRORS)
async def tick(ctx: CtxDep, user: ApiUser, reference: str, key: str, body: ChecklistBody) -> dict[str, Any]:
    """Tick or untick one enclosure (locked once identity is verified: 409)."""
    return await call(service.tick, ctx, user, reference[:40], key[:64], body.checked, body.received_amount_yen)


@router.post("/tickets/{reference}/notes", status_code=201, responses=POST_ERRORS)
async def add_note(ctx: CtxDep, user: ApiUser, reference: str, body: NoteBody) -> dict[str, Any]:
    """Add an internal note (never shown to the applicant)."""
    return await call(service.add_note, ctx, user, reference[:40], body.text)


@router.post("/tickets/{reference}/claim", responses=POST_ERRORS)
async def claim(ctx: CtxDep, user: ApiUser, reference: str) -> dict[str, Any]:
    """Take the ticket; 409 naming the holder if someone else already has it."""
    holder = await call(service.claim, ctx, user, reference[:40])
    return {"reference": reference.strip().upper()[:40], "assigned_to": holder}


@router.post("/tickets/{reference}/assign", responses=POST_ERRORS)
async def assign(ctx: CtxDep, user: ApiUser, reference: str, body: AssignBody) -> dict[str, Any]:
    """Give the ticket to a colleague, or release it (``email``: null)."""
    holder = await call(service.assign, ctx, user, reference[:40], body.email)
    return {"reference": reference.strip().upper()[:40], "assigned_to": holder}
