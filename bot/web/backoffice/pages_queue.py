"""The queue page (the dashboard, filters, overdue count) and its CSV export."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from bot.context import AppContext
from bot.web.backoffice import pages_dashboard, service
from bot.web.backoffice.auth import PageError, PageRoute, PageUser
from bot.web.backoffice.history import outcome_name, status_name
from bot.web.backoffice.render import page_lang, render
from bot.web.deps import CtxDep
from intake import queue
from intake.status import Status

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def queue_filter(ctx: AppContext, user_id: int, status: str, kind: str, overdue: str, mine: str,
                 q: str) -> queue.QueueFilter:
    """The filter from the query string; an unknown status or kind is a 422, not an empty list."""
    if status not in ("open", "all") and status not in {s.value for s in Status}:
        raise PageError(422, "errors.unknown_status")
    if kind and kind not in {k.key for k in ctx.kb.requests.kinds}:
        raise PageError(422, "errors.unknown_kind")
    return queue.QueueFilter(status=status, kind=kind or None, overdue=overdue == "1",
                             assignee_id=user_id if mine == "1" else None, reference=q.strip() or None)


@router.get("/staff")
async def queue_page(request: Request, ctx: CtxDep, user: PageUser, status: str = Query("open", max_length=32),
                     kind: str = Query("", max_length=32), overdue: str = Query("", max_length=1),
                     mine: str = Query("", max_length=1), q: str = Query("", max_length=40)) -> Response:
    """The queue: open tickets by default, soonest due first; overdue ones stand out."""
    flt = queue_filter(ctx, user.id, status, kind, overdue, mine, q)
    rows, overdue_count = await run_in_threadpool(service.list_queue, ctx, flt)
    lang = page_lang(request, user)
    overview = await run_in_threadpool(pages_dashboard.view, ctx, lang)  # the front page's dashboard
    kinds = [{"value": k.key, "label": k.name(lang)} for k in ctx.kb.requests.kinds]
    query = request.url.query
    return render(request, "queue.html", user, rows=rows, overdue_count=overdue_count,
                  statuses=[s.value for s in Status], kinds=kinds, kind_names={k["value"]: k["label"] for k in kinds},
                  status_name=lambda value: status_name(value, lang), outcome_name=lambda value: outcome_name(value, lang),
                  f={"status": status, "kind": kind, "overdue": overdue, "mine": mine, "q": q}, d=overview,
                  csv_url="/staff/export.csv" + (f"?{query}" if query else ""))


@router.get("/staff/export.csv")
async def export_csv(ctx: CtxDep, user: PageUser, status: str = Query("open", max_length=32),
                     kind: str = Query("", max_length=32), overdue: str = Query("", max_length=1),
                     mine: str = Query("", max_length=1), q: str = Query("", max_length=40)) -> Response:
    """The same filtered queue as CSV (UTF-8 with BOM so spreadsheet software reads the Japanese)."""
    flt = queue_filter(ctx, user.id, status, kind, overdue, mine, q)
    body = await run_in_threadpool(service.export_csv, ctx, flt)
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="madoguchi-queue.csv"'})
