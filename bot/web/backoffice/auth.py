"""Who is calling the back office: browser sessions (cookie + CSRF token) and API bearer tokens.

Pages answer 401 with the login form when nobody is logged in and 403 for the wrong role or a form
posted without its CSRF token; the API answers the same codes as JSON. Page routes use
:class:`PageRoute`, which renders these refusals (and bad form input) as HTML instead of JSON.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.deps import CtxDep
from bot.wording import in_every_language
from intake import staff as accounts
from intake.errors import Refusal

SESSION_COOKIE = "madoguchi_staff"
LOGIN_CSRF_COOKIE = "madoguchi_login_csrf"
COOKIE_PATH = "/staff"


@dataclass(frozen=True)
class StaffUser:
    """The logged-in staff member, detached from any database session."""

    id: int
    email: str
    role: str
    csrf_token: str = ""
    lang: str = "ja"  # the one language this member's back office is shown in

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class PageError(Exception):
    """A refusal on a staff page, rendered as HTML by :class:`PageRoute` in the member's language
    (``message``: a refusal, or a catalog key of one; "" for a plain login page)."""

    def __init__(self, status_code: int, message: Refusal | str, *, headers: dict[str, str] | None = None,
                 **values: object):
        self.status_code = status_code
        self.message: Refusal | str = Refusal(message, **values) if isinstance(message, str) and message else message
        self.headers = headers
        super().__init__(str(self.message))


class PageRoute(APIRoute):
    """Renders :class:`PageError` and invalid form input as pages (the app's handlers answer JSON)."""

    def get_route_handler(self) -> Any:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Any:
            try:
                return await handler(request)
            except PageError as exc:
                return error_page(request, exc.status_code, exc.message, headers=exc.headers)
            except RequestValidationError as exc:
                fields = ", ".join(str(e["loc"][-1]) for e in exc.errors())
                return error_page(request, 422, Refusal("errors.check_form", fields=fields))

        return page_handler


def error_page(request: Request, status_code: int, message: Refusal | str, *,
               headers: dict[str, str] | None = None) -> Any:
    """An HTML refusal; a 401 shows the login form so the user can log in and come back."""
    if status_code == 401:
        from bot.web.backoffice.pages_auth import login_page

        # Not logged in yet is no error: the login form says why only when a session has ended.
        return login_page(request, notice=message or None, status_code=401, next_path=request.url.path)
    from bot.web.backoffice.render import render

    user = getattr(request.state, "staff_user", None)  # set once the session was recognised
    return render(request, "error.html", user, status_code=status_code, headers=headers, code=status_code,
                  message=message)


def _session_user(ctx: AppContext, cookie: str) -> StaffUser | None:
    def work(session: Session) -> StaffUser | None:
        login = accounts.login_session_for(session, cookie)
        if login is None:
            return None
        return StaffUser(login.staff.id, login.staff.email, login.staff.role, login.csrf_token,
                         login.staff.lang or "ja")

    return in_transaction(ctx, work)


async def page_user(request: Request, ctx: CtxDep) -> StaffUser:
    """The staff member behind the session cookie; 401 (login page) if none."""
    cookie = request.cookies.get(SESSION_COOKIE)
    user = await run_in_threadpool(_session_user, ctx, cookie) if cookie else None
    if user is None:
        raise PageError(401, "errors.session_ended" if cookie else "")
    request.state.staff_user = user  # error pages speak the member's language too
    return user


PageUser = Annotated[StaffUser, Depends(page_user)]


async def page_admin(user: PageUser) -> StaffUser:
    """Admins only (staff management)."""
    if not user.is_admin:
        raise PageError(403, "errors.admins_only")
    return user


FOREIGN_ORIGIN = "errors.foreign_origin"


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lower case, without a default port; None if it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port and port != default else "")


def from_this_site(request: Request) -> bool:
    """Whether a state-changing request comes from our own pages (defence in depth next to the CSRF token).

    Refused: ``Sec-Fetch-Site`` cross-site or same-site, and an ``Origin`` (or, without one, a ``Referer``)
    other than this site — the public ``MADOGUCHI_BASE_URL`` or the host the request was sent to.
    Our pages send ``Referrer-Policy: no-referrer``, under which browsers post our own forms with
    ``Origin: null`` and no Referer; such a post is ours when the fetch metadata says same-origin, and
    a browser sending no metadata at all relies on the token alone (as does a request with no headers).
    """
    site = request.headers.get("sec-fetch-site", "").lower()
    if site in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("origin")
    if origin is not None and origin.strip().lower() == "null":
        return site in ("same-origin", "")
    claimed = origin or request.headers.get("referer")
    if claimed is None:
        return True
    ours = {_origin(request.app.state.ctx.settings.base_url),
            _origin(f"{request.url.scheme}://{request.headers.get('host', '')}")}
    found = _origin(claimed)
    return found is not None and found in ours


async def form_user(request: Request, user: PageUser) -> StaffUser:
    """A logged-in user posting a form from this site that carries the session's CSRF token; 403 otherwise."""
    if not from_this_site(request):
        raise PageError(403, FOREIGN_ORIGIN)
    form = await request.form()
    presented = form.get("csrf_token")
    if not isinstance(presented, str) or not same_token(user.csrf_token, presented):
        raise PageError(403, "errors.form_token")
    return user


async def form_admin(user: Annotated[StaffUser, Depends(form_user)]) -> StaffUser:
    """An admin posting a form with a valid CSRF token."""
    if not user.is_admin:
        raise PageError(403, "errors.admins_only")
    return user


def safe_return(path: str | None) -> str:
    """Only back-office paths on this site (no open redirect to another host)."""
    if path and path.startswith("/staff") and not path.startswith("//") and "\\" not in path:
        return path
    return "/staff"


def same_token(expected: str, presented: str) -> bool:
    """Constant-time comparison of a CSRF token with the expected one (an empty expectation never matches)."""
    return bool(expected) and hmac.compare_digest(expected.encode(), presented.encode())


def _token_user(ctx: AppContext, token: str) -> StaffUser | None:
    def work(session: Session) -> StaffUser | None:
        staff = accounts.staff_for_token(session, token)
        return StaffUser(staff.id, staff.email, staff.role, lang=staff.lang or "ja") if staff else None

    return in_transaction(ctx, work)


async def api_user(request: Request, ctx: CtxDep) -> StaffUser:
    """The staff member owning the ``Authorization: Bearer`` token; 401 if missing or unknown."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise HTTPException(401, in_every_language("errors.bearer_required", " / "),
                            headers={"WWW-Authenticate": "Bearer"})
    user = await run_in_threadpool(_token_user, ctx, token)
    if user is None:
        raise HTTPException(401, in_every_language("errors.bearer_invalid", " / "),
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return user


ApiUser = Annotated[StaffUser, Depends(api_user)]


async def api_admin(user: ApiUser) -> StaffUser:
    """Admins only (staff management through the API)."""
    if not user.is_admin:
        raise HTTPException(403, in_every_language("errors.admins_only", " / "))
    return user


PageAdmin = Annotated[StaffUser, Depends(page_admin)]
FormUser = Annotated[StaffUser, Depends(form_user)]
FormAdmin = Annotated[StaffUser, Depends(form_admin)]
ApiAdmin = Annotated[StaffUser, Depends(api_admin)]
