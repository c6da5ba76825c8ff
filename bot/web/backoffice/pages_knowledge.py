"""The knowledge changes page: new answers waiting for an admin, and the audit trail of every change
(who, when, what), with a revert button on the ones in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from bot.context import AppContext
from bot.web.backoffice import curation_service as curation
from bot.web.backoffice.auth import FormAdmin, FormUser, PageError, PageRoute, PageUser, StaffUser
from bot.web.backoffice.locale import translator
from bot.web.backoffice.render import page_lang, render
from bot.web.backoffice.service import Problem
from bot.web.deps import CtxDep
from intake.errors import Refusal
from knowledge.lang import supported

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DONE = ("proposed", "approved", "rejected", "reverted")
ID = 2**31 - 1


def _target(ctx: AppContext, change: dict[str, Any], lang: str, tr: Callable[..., str]) -> str:
    """What a change points to, in words: the entry's title, the fact's sentence, the out-of-scope topic."""
    kind, target = change["target_kind"], change["target_id"]
    if kind == "out_of_scope":
        return tr("knowledge.to_out_of_scope", topic=target)
    if kind == "fact":
        fact = ctx.answers.facts.get(target)
        return f"{target}: {fact.text(lang)[:60]}…" if fact else target
    try:
        return tr("knowledge.to_entry", title=ctx.kb.entry(target).title(lang))
    except KeyError:
        answer = change.get("answer") or {}
        return tr("knowledge.to_entry", title=answer.get(f"title_{supported(lang)}") or target)


async def show(request: Request, ctx: AppContext, user: StaffUser, *, done: str = "", error: Refusal | str | None = None,
               status_code: int = 200) -> Response:
    data = await run_in_threadpool(curation.changes, ctx)
    lang = page_lang(request, user)
    tr = translator(lang)
    for change in data["changes"]:
        change["what"] = _target(ctx, change, lang, tr)
        change["may_revert"] = change["status"] == "live" and (change["kind"] == "teach" or user.is_admin)
    pending = [c for c in data["changes"] if c["status"] == "proposed"]
    return render(request, "knowledge.html", user, status_code=status_code, version=data["version"],
                  changes=data["changes"], pending=pending, not_applied=data["not_applied"],
                  done=done if done in DONE else None, error=error)


@router.get("/staff/knowledge")
async def knowledge_page(request: Request, ctx: CtxDep, user: PageUser, done: str = Query("", max_length=16)) -> Response:
    """The changes to the knowledge: pending approvals and the full history."""
    return await show(request, ctx, user, done=done)


async def _act(request: Request, ctx: AppContext, user: StaffUser, action: Any, change_id: int, done: str) -> Response:
    try:
        await run_in_threadpool(action, ctx, user, change_id if 0 < change_id <= ID else 0)
    except Problem as exc:
        if exc.status_code == 404:
            raise PageError(404, exc.reason) from None
        return await show(request, ctx, user, error=exc.reason, status_code=exc.status_code)
    return RedirectResponse(f"/staff/knowledge?done={done}", status_code=303)


@router.post("/staff/knowledge/changes/{change_id}/approve")
async def approve(request: Request, ctx: CtxDep, user: FormAdmin, change_id: int) -> Response:
    """Admins: publish a proposed answer (checked again as kb check would)."""
    return await _act(request, ctx, user, curation.approve, change_id, "approved")


@router.post("/staff/knowledge/changes/{change_id}/reject")
async def reject(request: Request, ctx: CtxDep, user: FormAdmin, change_id: int) -> Response:
    """Admins: turn a proposed answer down."""
    return await _act(request, ctx, user, curation.reject, change_id, "rejected")


@router.post("/staff/knowledge/changes/{change_id}/revert")
async def revert(request: Request, ctx: CtxDep, user: FormUser, change_id: int) -> Response:
    """Take a live change out (a new answer: admins only)."""
    return await _act(request, ctx, user, curation.revert, change_id, "reverted")
