"""Request form downloads: blank forms for everyone, pre-filled forms for the applicant and for staff.

- ``GET /forms/{form_key}.docx`` — the blank form, no login (people who do not use the chat).
- ``GET /requests/{reference}/form.docx`` with ``X-Access-Code`` or ``?code=``, and ``POST`` with the form
  field ``code`` (the status page's button): the ticket's pre-filled form. A wrong or missing code answers
  404 exactly like an unknown reference and counts as a failed guess (shared throttle, 429 when repeated).
  A browser following the kit's link without any code is sent to the status page to enter it.
- ``GET /staff/tickets/{reference}/form.docx`` — the same form for a logged-in secretariat member
  (back-office session cookie or API bearer token).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.applicant_auth import lookup_ticket
from bot.web.backoffice import auth as staff_auth
from bot.web.deps import CtxDep
from bot.web.errors import error_responses
from bot.web.middleware import retry_after_header
from bot.wording import in_every_language
from intake.forms import DOCX_MEDIA_TYPE, FormData, blank_form, download_name, form_data, render
from intake.models import Ticket
from intake.tickets import get_by_reference

router = APIRouter()

PURGED = {"detail": in_every_language("web.purged", " / ")}
NOT_FOUND = {"detail": in_every_language("web.no_such_request", " / ")}
CODE_MAX = 64


def _data_dir(ctx: AppContext) -> Path | None:
    return Path(ctx.settings.knowledge_dir) if ctx.settings.knowledge_dir else None


def _docx(content: bytes, stem: str, *, cache: str = "no-store") -> Response:
    """The .docx as a download; filled forms carry personal data, so nothing may cache them."""
    return Response(content, media_type=DOCX_MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{download_name(stem)}"', "Cache-Control": cache})


def _snapshot(ctx: AppContext, ticket: Ticket) -> FormData | None:
    """What the form shows, taken inside the transaction; None once the personal data is purged."""
    if ticket.personal_data_purged_at is not None:
        return None
    return form_data(ctx.kb, ticket, timezone=ctx.settings.timezone, data_dir=_data_dir(ctx))


@router.get("/forms/{form_key}.docx", response_class=Response, responses=error_responses(404, 422),
            summary="Blank request form (.docx)")
async def blank(form_key: str, ctx: CtxDep) -> Response:
    """The blank Word form for a form key of the knowledge base (e.g. ``disclosure_form``)."""
    try:
        content = await run_in_threadpool(blank_form, ctx.kb, form_key[:64], _data_dir(ctx))
    except KeyError:
        return JSONResponse(status_code=404, content={"detail": in_every_language("web.unknown_form", " / ")})
    # Blank forms hold no personal data; a short cache spares regenerating them for every visitor.
    return _docx(content, form_key, cache="public, max-age=3600")


async def _applicant_download(ctx: AppContext, request: Request, reference: str, code: str | None) -> Response:
    status, body, wait = await run_in_threadpool(
        lookup_ticket, ctx, request, reference, code, lambda _session, ticket: _snapshot(ctx, ticket))
    if status != 200:
        return JSONResponse(status_code=status, content=body, headers=retry_after_header(wait) if wait else None)
    if body is None:
        return JSONResponse(status_code=410, content=PURGED)
    assert isinstance(body, FormData)
    content = await run_in_threadpool(render, body, _data_dir(ctx))
    return _docx(content, body.reference)


@router.get("/requests/{reference}/form.docx", response_class=Response,
            responses=error_responses(303, 404, 410, 422, 429, 503),
            summary="Pre-filled request form (.docx) for the applicant")
async def filled_form(
    reference: str,
    request: Request,
    ctx: CtxDep,
    code: str | None = Query(default=None, max_length=CODE_MAX, description="Access code (or X-Access-Code header)"),
    x_access_code: str | None = Header(default=None, max_length=CODE_MAX),
) -> Response:
    """The applicant's form, filled in from the request, to print, sign and mail."""
    if not (x_access_code or code) and "text/html" in request.headers.get("accept", ""):
        # The link in the chat and Slack kits carries no code (codes stay out of URLs): a browser goes
        # to the status page, which asks for the code and offers the download. No guess was made, so
        # nothing is counted, and any reference, known or not, is answered the same way.
        return RedirectResponse(f"/requests/{quote(reference[:40], safe='')}", status_code=303)
    return await _applicant_download(ctx, request, reference, x_access_code or code)


@router.post("/requests/{reference}/form.docx", response_class=Response,
             responses=error_responses(404, 410, 413, 422, 429, 503),
             include_in_schema=False)
async def filled_form_post(reference: str, request: Request, ctx: CtxDep,
                           code: str = Form(default="", max_length=CODE_MAX)) -> Response:
    """The status page's download button (the code travels in the body, out of URLs and logs)."""
    return await _applicant_download(ctx, request, reference, code)


async def staff_member(request: Request, ctx: CtxDep) -> staff_auth.StaffUser:
    """A secretariat member: API bearer token if one is sent, else the back-office session cookie."""
    if request.headers.get("authorization"):
        return await staff_auth.api_user(request, ctx)
    try:
        return await staff_auth.page_user(request, ctx)
    except staff_auth.PageError as exc:  # a download answers JSON, not the login page
        raise HTTPException(exc.status_code, str(exc.message), headers=exc.headers) from None


@router.get("/staff/tickets/{reference}/form.docx", response_class=Response,
            responses=error_responses(401, 404, 410, 422, 503),
            summary="Pre-filled request form (.docx) for staff")
async def staff_filled_form(reference: str, ctx: CtxDep,
                            _user: Annotated[staff_auth.StaffUser, Depends(staff_member)]) -> Response:
    """The ticket's form as the applicant gets it (to print for a caller, or to compare with the mail)."""

    def work(session: Session) -> tuple[int, FormData | None]:
        ticket = get_by_reference(session, reference[:40])
        return (404, None) if ticket is None else (200, _snapshot(ctx, ticket))

    status, data = await run_in_threadpool(in_transaction, ctx, work)
    if status == 404:
        return JSONResponse(status_code=404, content=NOT_FOUND)
    if data is None:
        return JSONResponse(status_code=410, content=PURGED)
    content = await run_in_threadpool(render, data, _data_dir(ctx))
    return _docx(content, data.reference)
