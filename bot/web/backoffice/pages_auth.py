"""Logging in and out of the back office.

The login form is protected against CSRF with a double-submit token (a cookie and a hidden field that
must match), since there is no session yet. Failed logins are counted per (e-mail, address) and per
address in the database (``intake.throttle``); past the free attempts that client gets 429 with
Retry-After, and its password is not even checked. Other clients are not affected.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.backoffice.auth import (
    COOKIE_PATH,
    FOREIGN_ORIGIN,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    FormUser,
    PageRoute,
    from_this_site,
    same_token,
)
from bot.web.deps import CtxDep, client_ip
from bot.web.middleware import retry_after_header
from intake import staff as accounts
from intake import throttle
from intake.codes import hash_secret, new_token
from intake.errors import Refusal

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def safe_next(path: str | None) -> str:
    """Only back-office paths on this site (no open redirect to another host)."""
    if path and path.startswith("/staff") and not path.startswith("//") and "\\" not in path:
        return path
    return "/staff"


def login_page(request: Request, *, message: Refusal | str | None = None, notice: Refusal | str | None = None,
               status_code: int = 200, next_path: str | None = None,
               headers: dict[str, str] | None = None) -> Response:
    """The login form with a fresh double-submit CSRF token; ``message`` is an error, ``notice`` a hint."""
    from bot.web.backoffice.render import render

    token = new_token()
    ctx = request.app.state.ctx
    response = render(request, "login.html", None, status_code=status_code, headers=headers, csrf=token,
                      error=message, notice=notice,
                      next=safe_next(next_path if next_path != "/staff/login" else None))
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path=COOKIE_PATH,
                        secure=ctx.settings.cookies_secure, max_age=3600)
    return response


@router.get("/staff/login")
def login_form(request: Request, next: str | None = None) -> Response:  # noqa: A002 - the query name
    """The login page."""
    return login_page(request, next_path=next)


def _attempt(ctx: AppContext, email: str, password: str, ip: str) -> tuple[str, Any]:
    """('throttled', seconds) | ('failed', None) | ('ok', OpenedSession).

    Failures count per (account, client address) and per address, so a stranger's guesses never lock
    the owner out: a correct password from a client with no failures is accepted. A throttled client's
    password is not even checked (passwords, unlike access codes, can be guessed).
    """
    guard = throttle.guard("login", hash_secret(accounts.normalize_email(email))[:40], ip)

    def work(session: Session) -> tuple[str, Any]:
        wait = guard.wait(session)
        if wait > 0:
            return "throttled", wait
        staff = accounts.authenticate(session, email, password)
        if staff is None:
            guard.fail(session)
            return "failed", None
        guard.succeed(session)
        return "ok", accounts.open_login_session(session, staff)

    return in_transaction(ctx, work)


@router.post("/staff/login")
async def login(request: Request, ctx: CtxDep, email: str = Form(default="", max_length=254),
                password: str = Form(default="", max_length=1024), csrf_token: str = Form(default=""),
                next: str = Form(default="/staff")) -> Response:  # noqa: A002
    """Check the password; on success set the session cookie and go to the queue (or ``next``)."""
    if not from_this_site(request):
        return login_page(request, message=Refusal(FOREIGN_ORIGIN), status_code=403, next_path=next)
    if not same_token(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token):
        return login_page(request, message=Refusal("errors.login_form_expired"), status_code=403, next_path=next)
    outcome, value = await run_in_threadpool(_attempt, ctx, email, password, client_ip(request))
    if outcome == "throttled":
        seconds = math.ceil(value)
        return login_page(request, message=Refusal("errors.login_throttled", seconds=seconds), status_code=429,
                          next_path=next, headers=retry_after_header(value))
    if outcome == "failed":
        return login_page(request, message=Refusal("errors.login_failed"), status_code=401, next_path=next)
    opened: accounts.OpenedSession = value
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, opened.cookie, httponly=True, samesite="lax", path=COOKIE_PATH,
                        secure=ctx.settings.cookies_secure,
                        max_age=int(accounts.SESSION_TTL.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/staff/logout")
async def logout(request: Request, ctx: CtxDep, user: FormUser) -> Response:
    """End the session (CSRF-protected, so another site cannot log staff out)."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    await run_in_threadpool(in_transaction, ctx, lambda s: accounts.close_login_session(s, cookie))
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=ctx.settings.cookies_secure, httponly=True,
                           samesite="lax")
    return response
