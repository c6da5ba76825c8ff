"""Staff management for admins: add accounts, change roles, deactivate and reactivate."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.web.backoffice import service, views
from bot.web.backoffice.api_users import StaffId
from bot.web.backoffice.auth import (
    FormAdmin,
    FormUser,
    PageAdmin,
    PageError,
    PageRoute,
    StaffUser,
    safe_return,
)
from bot.web.backoffice.render import render
from bot.web.deps import CtxDep
from intake import staff as accounts
from intake.errors import Refusal

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DONE = ("added", "updated")  # flash messages after a successful form (catalog keys done.<name>)


async def _show(request: Request, ctx: AppContext, user: StaffUser, *, error: Refusal | None = None,
                status_code: int = 200, done: str = "") -> Response:
    rows = await run_in_threadpool(service.run, ctx, lambda s: [views.staff_row(x) for x in accounts.list_staff(s)])
    return render(request, "users.html", user, rows=rows, roles=accounts.ROLES, langs=accounts.LANGS, error=error,
                  done=done if done in DONE else None, status_code=status_code,
                  min_password=accounts.MIN_PASSWORD_LENGTH)


@router.get("/staff/users")
async def users_page(request: Request, ctx: CtxDep, user: PageAdmin, done: str = "") -> Response:
    """Every staff account, with forms to add one and to change roles or deactivate."""
    return await _show(request, ctx, user, done=done)


@router.post("/staff/users")
async def add_user(request: Request, ctx: CtxDep, user: FormAdmin, email: str = Form(default="", max_length=254),
                   password: str = Form(default="", max_length=1024),
                   role: str = Form(default="staff", max_length=16),
                   lang: str = Form(default="ja", max_length=2)) -> Response:
    """Add an account (the admin tells the colleague the initial password out of band)."""
    try:
        await run_in_threadpool(service.run, ctx, lambda s: accounts.create_staff(s, email, password, role,
                                                                                  actor=user.email, lang=lang))
    except service.Problem as exc:
        return await _show(request, ctx, user, error=exc.reason, status_code=exc.status_code)
    return RedirectResponse("/staff/users?done=added", status_code=303)


@router.post("/staff/users/{staff_id}")
async def update_user(request: Request, ctx: CtxDep, user: FormAdmin, staff_id: StaffId,
                      role: str = Form(default="", max_length=16),
                      active: str = Form(default="", max_length=5),
                      lang: str = Form(default="", max_length=2)) -> Response:
    """Change one account's role, language and/or active flag (the last active admin is protected)."""
    def work(session: Session) -> None:
        changed = accounts.update_staff(session, staff_id, actor=user.email, role=role or None, lang=lang or None,
                                        active={"true": True, "false": False}.get(active))
        if changed is None:
            raise service.Problem(404, "errors.no_account")

    try:
        await run_in_threadpool(service.run, ctx, work)
    except service.Problem as exc:
        if exc.status_code == 404:
            raise PageError(404, exc.reason) from None
        return await _show(request, ctx, user, error=exc.reason, status_code=exc.status_code)
    return RedirectResponse("/staff/users?done=updated", status_code=303)


@router.post("/staff/me/lang")
async def my_language(request: Request, ctx: CtxDep, user: FormUser, lang: str = Form(default="", max_length=2),
                      back: str = Form(default="/staff", max_length=400)) -> Response:
    """Any member switches the language of their own back office (the button in the header)."""
    def work(session: Session) -> None:
        accounts.update_staff(session, user.id, lang=lang, actor=user.email)

    try:
        await run_in_threadpool(service.run, ctx, work)
    except service.Problem as exc:
        raise PageError(exc.status_code, exc.reason) from None
    return RedirectResponse(safe_return(back), status_code=303)
