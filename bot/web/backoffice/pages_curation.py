"""The curation queue page: questions to review, the closest answers beside each, and what to do with them.

Forms post back and redirect to the queue (post/redirect/get). A change the knowledge would not pass
``kb check`` with is refused: the page is shown again with the problems named (422), nothing written.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from bot.context import AppContext
from bot.web.backoffice import curation_service as curation
from bot.web.backoffice import locale
from bot.web.backoffice.api_curation import parse_answer
from bot.web.backoffice.auth import FormUser, PageError, PageRoute, PageUser, StaffUser
from bot.web.backoffice.history import channel_name
from bot.web.backoffice.render import page_lang, render
from bot.web.backoffice.service import Problem, run
from bot.web.deps import CtxDep
from intake import curation as items
from intake.curation import REASONS, STATUSES
from intake.errors import Refusal

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DONE = ("attached", "out_of_scope", "dismissed", "proposed")
ID = 2**31 - 1
ACTIONS = ("attach", "out_of_scope", "dismiss")


def _check(status: str, reason: str) -> None:
    if status != "all" and status not in STATUSES:
        raise PageError(422, "不明な状況です / Unknown status.")
    if reason and reason not in REASONS:
        raise PageError(422, "不明な理由です / Unknown reason.")


async def show_queue(request: Request, ctx: AppContext, user: StaffUser, *, status: str = "open", reason: str = "",
                     decision: str = "", done: str = "", error: Refusal | str | None = None, status_code: int = 200,
                     focus: int | None = None) -> Response:
    """The queue page (also after a refused action, with the problem shown above the item)."""
    _check(status, reason)

    def load() -> tuple[list[dict[str, Any]], list[str]]:
        rows = curation.queue(ctx, status=None if status == "all" else status, decision=decision or None,
                              reason=reason or None)
        return rows, run(ctx, items.item_decisions)

    rows, decisions = await run_in_threadpool(load)
    lang = page_lang(request, user)

    def decision_name(value: str) -> str:
        return locale.message(lang, f"decision.{value}") if locale.has(f"decision.{value}") else value

    return render(request, "questions.html", user, status_code=status_code, rows=rows, decisions=decisions,
                  f={"status": status, "reason": reason, "decision": decision}, statuses=STATUSES,
                  reasons=REASONS, done=done if done in DONE else None, error=error, focus=focus,
                  entries=curation.entries(ctx), decision_name=decision_name,
                  channel_name=lambda value: channel_name(value, lang))


@router.get("/staff/questions")
async def questions_page(request: Request, ctx: CtxDep, user: PageUser, status: str = Query("open", max_length=16),
                         reason: str = Query("", max_length=16), decision: str = Query("", max_length=16),
                         done: str = Query("", max_length=16)) -> Response:
    """Questions to review, most asked first, with the closest answers the live engine finds."""
    return await show_queue(request, ctx, user, status=status, reason=reason, decision=decision, done=done)


@router.post("/staff/questions/{item_id}/resolve")
async def resolve(request: Request, ctx: CtxDep, user: FormUser, item_id: int,
                  action: str = Form(max_length=16), entry_id: str = Form(default="", max_length=64),
                  topic_id: str = Form(default="", max_length=64)) -> Response:
    """Attach to an entry, mark out of scope, or dismiss; then back to the queue."""
    item_id = item_id if 0 < item_id <= ID else 0
    if action not in ACTIONS:
        raise PageError(422, "不明な操作です / Unknown action.")

    def act() -> None:
        if action == "dismiss":
            curation.dismiss(ctx, user, item_id)
        else:
            curation.teach(ctx, user, item_id, action, entry_id=entry_id.strip() or None,
                           topic_id=topic_id.strip() or None)

    try:
        await run_in_threadpool(act)
    except Problem as exc:
        if exc.status_code == 404:
            raise PageError(404, exc.reason) from None
        return await show_queue(request, ctx, user, error=exc.reason, status_code=exc.status_code, focus=item_id)
    done = {"attach": "attached", "out_of_scope": "out_of_scope", "dismiss": "dismissed"}[action]
    return RedirectResponse(f"/staff/questions?done={done}", status_code=303)


def _sections(ctx: AppContext, lang: str) -> list[dict[str, str]]:
    """The citable sections of the policy, for the new answer's sources."""
    cited = [e for e in ctx.kb.all_entries() if e.kind in ("section", "item")]
    return [{"id": e.id, "title": e.title(lang)} for e in cited]


async def _propose_page(request: Request, ctx: AppContext, user: StaffUser, item_id: int, *, values: dict[str, Any],
                        error: Refusal | str | None = None, status_code: int = 200) -> Response:
    def load() -> dict[str, Any]:
        item = run(ctx, lambda s: items.get_item(s, item_id))
        if item is None:
            raise PageError(404, curation.ITEM_NOT_FOUND)
        return curation.item_view(item)

    item = await run_in_threadpool(load)
    lang = page_lang(request, user)
    return render(request, "propose.html", user, status_code=status_code, item=item, values=values, error=error,
                  sections=_sections(ctx, lang))


@router.get("/staff/questions/{item_id}/propose")
async def propose_page(request: Request, ctx: CtxDep, user: PageUser, item_id: int) -> Response:
    """The form for a new answer to one question (staff draft it; an admin approves it)."""
    item_id = item_id if 0 < item_id <= ID else 0
    return await _propose_page(request, ctx, user, item_id, values={"sources": []})


@router.post("/staff/questions/{item_id}/propose")
async def propose(request: Request, ctx: CtxDep, user: FormUser, item_id: int,
                  title_ja: str = Form(default="", max_length=200), title_en: str = Form(default="", max_length=200),
                  text_ja: str = Form(default="", max_length=2000), text_en: str = Form(default="", max_length=2000),
                  ) -> Response:
    """Record the proposal (checked as kb check would, now and again on approval); then the changes page."""
    item_id = item_id if 0 < item_id <= ID else 0
    form = await request.form()
    sources = [str(v)[:32] for v in form.getlist("sources")][:8]
    values = {"title_ja": title_ja, "title_en": title_en, "text_ja": text_ja, "text_en": text_en, "sources": sources}
    try:
        answer = parse_answer(title_ja, title_en, text_ja, text_en, sources)
        await run_in_threadpool(curation.propose, ctx, user, item_id, answer)
    except Problem as exc:
        if exc.status_code == 404:
            raise PageError(404, exc.reason) from None
        return await _propose_page(request, ctx, user, item_id, values=values, error=exc.reason,
                                   status_code=exc.status_code)
    return RedirectResponse("/staff/knowledge?done=proposed", status_code=303)
