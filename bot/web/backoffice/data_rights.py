"""The applicant's own data rights over what Madoguchi stores: export everything, or erase it.

Staff export the stored data of one ticket's applicant as JSON (page and API); admins erase it. Both
leave an audit entry naming who did it. Erasure clears the personal fields and the notices, keeps the
non-personal history, and cannot be undone.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.web.backoffice import service
from bot.web.backoffice.api_tickets import ERRORS, call
from bot.web.backoffice.auth import (
    ApiAdmin,
    ApiUser,
    FormAdmin,
    FormUser,
    PageError,
    PageRoute,
    PageUser,
    StaffUser,
)
from bot.web.backoffice.render import render
from bot.web.deps import CtxDep
from bot.web.errors import error_responses
from intake import audit
from intake.retention import erase_applicant_data, export_applicant_data

pages = APIRouter(route_class=PageRoute, include_in_schema=False)
api = APIRouter(prefix="/api/staff", tags=["staff"])


def export_data(ctx: AppContext, user: StaffUser, reference: str) -> dict[str, Any]:
    """Everything stored about the ticket's applicant; the export itself is audited."""

    def work(session: Session) -> dict[str, Any]:
        ticket = service.ticket_of(session, reference)
        data = export_applicant_data(session, ticket)
        audit.record(session, ticket, user.email, "personal_data_exported")
        return data

    return service.run(ctx, work)


def erase_data(ctx: AppContext, user: StaffUser, reference: str) -> None:
    """Erase the applicant's personal data now."""

    def work(session: Session) -> None:
        ticket = service.ticket_of(session, reference, for_update=True)
        erase_applicant_data(session, ticket, user.email)

    service.run(ctx, work)


def _attachment(data: dict[str, Any]) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"{data['reference']}-personal-data.json"
    return Response(body, media_type="application/json; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


async def _download(ctx: AppContext, user: StaffUser, reference: str) -> Response:
    try:
        data = await run_in_threadpool(export_data, ctx, user, reference[:40])
    except service.Problem as exc:
        raise PageError(exc.status_code, exc.reason) from None
    return _attachment(data)


@pages.post("/staff/tickets/{reference}/export.json")
async def export_page(ctx: CtxDep, user: FormUser, reference: str) -> Response:
    """Download everything stored about the applicant (JSON): the ticket page's button, with its CSRF token."""
    return await _download(ctx, user, reference)


@pages.get("/staff/tickets/{reference}/export.json")
async def export_link(request: Request, ctx: CtxDep, user: PageUser, reference: str) -> Response:
    """The export's address typed in or bookmarked downloads; a link from anywhere else does not.

    The export writes an audit entry in the staff member's name, so a GET from another site (the
    session cookie is SameSite=Lax, which lets top-level navigations through) must not trigger it. Only
    ``Sec-Fetch-Site: none`` (the user's own action) or ``same-origin`` downloads; anything else gets
    a confirmation page with the button (which posts with the CSRF token).
    """
    if request.headers.get("sec-fetch-site", "").lower() in ("none", "same-origin"):
        return await _download(ctx, user, reference)
    return render(request, "export.html", user, reference=reference.strip().upper()[:40])


@pages.post("/staff/tickets/{reference}/erase")
async def erase_page(request: Request, ctx: CtxDep, user: FormAdmin, reference: str,
                     confirm: str = Form(default="", max_length=40)) -> Response:
    """Erase after the admin typed the reference again (a deliberate, irreversible step)."""
    if confirm.strip().upper() != reference.strip().upper():
        raise PageError(422, "errors.confirm_reference")
    try:
        await run_in_threadpool(erase_data, ctx, user, reference[:40])
    except service.Problem as exc:
        raise PageError(exc.status_code, exc.reason) from None
    return RedirectResponse(f"/staff/tickets/{quote(reference.strip().upper())}?done=erased", status_code=303)


@api.get("/tickets/{reference}/export", responses=ERRORS)
async def export_api(ctx: CtxDep, user: ApiUser, reference: str) -> dict[str, Any]:
    """Everything stored about the applicant of a ticket."""
    return await call(export_data, ctx, user, reference[:40])


@api.post("/tickets/{reference}/erase", responses=error_responses(401, 403, 404, 409, 413, 422, 503))
async def erase_api(ctx: CtxDep, user: ApiAdmin, reference: str) -> dict[str, Any]:
    """Erase the applicant's personal data (admins only)."""
    await call(erase_data, ctx, user, reference[:40])
    return {"reference": reference.strip().upper(), "erased": True}
