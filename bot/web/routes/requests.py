"""The intake API (``POST /api/requests``) and the applicant's status API and page.

A wrong access code answers exactly like an unknown reference (404); a client that keeps failing is
slowed down with 429 and Retry-After (counted in the database, see ``bot.web.applicant_auth``), while the
right code is always accepted. ``Idempotency-Key`` makes ``POST /api/requests`` safe to retry.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from bot.applicant import applicant_view
from bot.context import AppContext
from bot.web import idempotent
from bot.web.applicant_auth import lookup_ticket
from bot.web.deps import CtxDep, field_error, prefers_lang, templates
from bot.web.errors import error_responses
from bot.web.middleware import retry_after_header
from bot.wording import in_every_language
from intake.idempotency import InvalidKey
from intake.requests import TicketRequest

router = APIRouter()


class ChecklistLine(BaseModel):
    key: str
    label: str
    label_en: str
    amount_yen: int | None = None


class FormLink(BaseModel):
    name: str
    url: str = Field(description="The blank form, on MADOGUCHI_BASE_URL (no access code needed)")
    filled_url: str = Field(description="The pre-filled form: GET with X-Access-Code (or POST the field code)")


class CreatedRequest(BaseModel):
    reference: str
    access_code: str
    status: str
    kind: str
    requester: Literal["self", "agent"]
    fee_yen: int
    form: FormLink
    filled_form_url: str
    checklist: list[ChecklistLine]
    mail_to: str
    status_url: str
    next_step: str


@router.post("/api/requests", status_code=201, response_model=CreatedRequest,
             responses=error_responses(413, 422, 503))
async def create_request(
    body: TicketRequest, request: Request, ctx: CtxDep,
    idempotency_key: Annotated[str | None, Header(
        description="A random key (e.g. a UUID, 16-255 characters) to send again with a retry: the retry "
                    "gets the first answer, access code included, and no second ticket is opened")] = None,
) -> Any:
    """Open a request in one structured call (the same intake as the chat)."""
    kinds = [k.key for k in ctx.kb.requests.kinds]
    if body.kind not in kinds:
        return field_error("kind", in_every_language("web.unknown_kind", " / ", kinds=", ".join(kinds)))
    keyed = idempotent.prepare("api.requests", idempotency_key, body.model_dump())
    if isinstance(keyed, JSONResponse):
        return keyed
    lang = prefers_lang(request)

    def work(session: Session, access_code: str | None) -> idempotent.Outcome:
        created, reply = ctx.core.open_request(session, body, channel="api", channel_user=None, lang=lang,
                                               access_code=access_code)
        info = reply.ticket
        assert info is not None
        ticket = created.ticket
        return 201, {
            "reference": ticket.reference, "access_code": created.access_code, "status": ticket.status,
            "kind": ticket.kind, "requester": ticket.requester, "fee_yen": ticket.fee_yen,
            "form": {"name": info.form_name, "url": info.form_url, "filled_url": info.filled_form_url},
            "filled_form_url": info.filled_form_url,
            "checklist": [{"key": i.key, "label": i.label(lang), "label_en": i.label_en, "amount_yen": i.amount_yen}
                          for i in ticket.checklist],
            "mail_to": info.mail_to, "status_url": info.status_url, "next_step": reply.text,
        }, ticket.reference

    try:
        status, result = await run_in_threadpool(idempotent.run_once, ctx, keyed, work)  # committed before 201
    except InvalidKey as exc:
        return idempotent.key_error(str(exc))
    ctx.dispatcher.kick()
    return JSONResponse(status_code=status, content=result)


def _lookup(ctx: AppContext, request: Request, reference: str, code: str | None, lang: str) -> tuple[int, Any, float]:
    """(status, body, retry_after) for an applicant look-up; one transaction, shared throttling."""
    return lookup_ticket(ctx, request, reference, code,
                         lambda session, ticket: applicant_view(ctx.kb, ctx.links, session, ticket, lang,
                                                               ctx.settings.timezone))


@router.get("/api/requests/{reference}", responses=error_responses(404, 422, 429, 503))
async def get_request(
    reference: str,
    request: Request,
    ctx: CtxDep,
    code: str | None = Query(default=None, max_length=64, description="Access code (or X-Access-Code header)"),
    x_access_code: str | None = Header(default=None, max_length=64),
    lang: Literal["ja", "en"] | None = None,
) -> JSONResponse:
    """The applicant's view of a request: status, checklist, next step."""
    status, body, wait = await run_in_threadpool(
        _lookup, ctx, request, reference, x_access_code or code, lang or prefers_lang(request))
    return JSONResponse(status_code=status, content=body, headers=retry_after_header(wait) if wait else None)


@router.get("/requests/{reference}", response_class=HTMLResponse, include_in_schema=False)
def status_page(reference: str, request: Request, ctx: CtxDep) -> HTMLResponse:
    """The status page asks for the access code (sent by POST, so it stays out of URLs and logs)."""
    return templates.TemplateResponse(request, "status.html", {"reference": reference[:40], "view": None,
                                                               "error": None, "org": ctx.kb.meta.organization})


@router.post("/requests/{reference}", response_class=HTMLResponse, include_in_schema=False)
async def status_page_lookup(reference: str, request: Request, ctx: CtxDep,
                             code: str = Form(default="", max_length=64)) -> HTMLResponse:
    """Show the status once the access code matches."""
    status, body, wait = await run_in_threadpool(_lookup, ctx, request, reference, code, prefers_lang(request))
    error = None
    if status == 429:
        error = in_every_language("web.status_throttled", " / ", seconds=math.ceil(wait))
    elif status == 404:
        error = in_every_language("web.status_not_found", " / ")
    context = {"reference": reference[:40], "view": body if status == 200 else None, "error": error,
               "code": code if status == 200 else "", "org": ctx.kb.meta.organization}
    headers = retry_after_header(wait) if wait else None
    return templates.TemplateResponse(request, "status.html", context, status_code=status, headers=headers)



