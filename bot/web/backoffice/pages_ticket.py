"""The ticket page and its forms: checklist, workflow moves, notes, claim and assignment.

Forms post back and redirect to the ticket (post/redirect/get); a refused move or bad input shows the
ticket again with the reason and the matching status code (409, 422), nothing having been written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from bot.context import AppContext
from bot.web.backoffice import service
from bot.web.backoffice.auth import FormUser, PageError, PageRoute, PageUser, StaffUser
from bot.web.backoffice.history import Describer, outcome_name, status_name
from bot.web.backoffice.render import page_lang, render
from bot.web.deps import CtxDep
from intake import staff as accounts
from intake.errors import Refusal
from intake.queue import MAX_AMOUNT_YEN

router = APIRouter(route_class=PageRoute, include_in_schema=False)
AMOUNT_RE = re.compile(r"[0-9]{1,7}")

# Flash messages after a successful form (a fixed set of catalog keys: the query string cannot inject text).
DONE = ("moved", "checklist", "note", "claimed", "assigned", "erased")
# Moves that are detours from the usual path; the next step is the first move that is not one of them.
DETOURS = ("waiting_for_applicant", "closed")


async def _show(request: Request, ctx: AppContext, user: StaffUser, reference: str, *,
                error: Refusal | None = None, status_code: int = 200, done: str | None = None) -> Response:
    try:
        ticket = await run_in_threadpool(service.ticket_detail, ctx, reference)
    except service.Problem as exc:
        raise PageError(exc.status_code, exc.reason) from None
    emails = await run_in_threadpool(service.run, ctx, accounts.active_emails)
    lang = page_lang(request, user)
    for move in ticket["moves"]:
        move["grounds"] = [{"value": g["value"], "label": f"{g['value']} {ctx.kb.section_title(g['value'], lang)}"}
                           for g in move["grounds"]]
    moves = ticket["moves"]
    primary = next((m for m in moves if m["to"] not in DETOURS), moves[0] if moves else None)
    timeline = Describer(ctx.kb, ticket, lang, ctx.settings.timezone).timeline(ticket)
    return render(request, "ticket.html", user, t=ticket, error=error, done=done if done in DONE else None,
                  staff_emails=emails, status_code=status_code, primary=primary,
                  others=[m for m in moves if m is not primary], timeline=timeline,
                  smtp=bool(ctx.settings.smtp_url), status_name=lambda s: status_name(s, lang),
                  outcome_name=lambda o: outcome_name(o, lang), kind_name=_kind_name(ctx, ticket["kind"], lang))


def _kind_name(ctx: AppContext, kind: str, lang: str) -> str:
    try:
        return ctx.kb.requests.kind(kind).name(lang)
    except KeyError:
        return kind


@router.get("/staff/tickets/{reference}")
async def ticket_page(request: Request, ctx: CtxDep, user: PageUser, reference: str, done: str = "") -> Response:
    """Summary, applicant contact, checklist, workflow, notes and the full history of one ticket."""
    return await _show(request, ctx, user, reference[:40], done=done)


async def _act(request: Request, ctx: AppContext, user: StaffUser, reference: str, done: str,
               action: Callable[[], Any]) -> Response:
    try:
        await run_in_threadpool(action)
    except service.Problem as exc:
        if exc.status_code == 404:
            raise PageError(404, exc.reason) from None
        return await _show(request, ctx, user, reference, error=exc.reason, status_code=exc.status_code)
    return RedirectResponse(f"/staff/tickets/{quote(reference.strip().upper())}?done={done}", status_code=303)


@router.post("/staff/tickets/{reference}/transition")
async def transition(request: Request, ctx: CtxDep, user: FormUser, reference: str,
                     to: str = Form(max_length=32), outcome: str = Form(default="", max_length=32),
                     ground: str = Form(default="", max_length=16),
                     note: str = Form(default="", max_length=4000)) -> Response:
    """Move the ticket along the workflow (guards apply; a refusal says why)."""
    reference = reference[:40]

    def action() -> None:
        service.move(ctx, user, reference, service.parse_move(to, outcome, ground), note)

    return await _act(request, ctx, user, reference, "moved", action)


@router.post("/staff/tickets/{reference}/checklist")
async def checklist(request: Request, ctx: CtxDep, user: FormUser, reference: str) -> Response:
    """Save the checklist form: ticked items are the ``checked`` values; stamps carry ``amount_<key>`` in yen."""
    reference = reference[:40]
    form = await request.form()
    ticked = {str(v) for v in form.getlist("checked")}
    amounts: dict[str, int | None] = {}
    for name, value in form.items():
        if name.startswith("amount_") and isinstance(value, str):
            text = value.strip().replace(",", "")
            # ASCII digits only: str.isdigit() also accepts ² or ١, which int() refuses, and a few
            # thousand digits int() refuses too. Seven digits cover the largest amount allowed.
            if text and not AMOUNT_RE.fullmatch(text):
                return await _show(request, ctx, user, reference, status_code=422,
                                   error=Refusal("errors.amount_digits", max=MAX_AMOUNT_YEN))
            amounts[name.removeprefix("amount_")] = int(text) if text else None

    def action() -> None:
        service.tick_many(ctx, user, reference, ticked, amounts)

    return await _act(request, ctx, user, reference, "checklist", action)


@router.post("/staff/tickets/{reference}/notes")
async def note(request: Request, ctx: CtxDep, user: FormUser, reference: str,
               text: str = Form(default="", max_length=4000)) -> Response:
    """Add an internal note."""
    reference = reference[:40]
    return await _act(request, ctx, user, reference, "note", lambda: service.add_note(ctx, user, reference, text))


@router.post("/staff/tickets/{reference}/claim")
async def claim(request: Request, ctx: CtxDep, user: FormUser, reference: str) -> Response:
    """Take the ticket (refused, naming the holder, if someone already has it)."""
    reference = reference[:40]
    return await _act(request, ctx, user, reference, "claimed", lambda: service.claim(ctx, user, reference))


@router.post("/staff/tickets/{reference}/assign")
async def assign(request: Request, ctx: CtxDep, user: FormUser, reference: str,
                 email: str = Form(default="", max_length=254)) -> Response:
    """Give the ticket to a colleague (or release it with an empty choice)."""
    reference = reference[:40]
    return await _act(request, ctx, user, reference, "assigned",
                      lambda: service.assign(ctx, user, reference, email.strip() or None))
