"""Health check for load balancers and the Procfile's platform."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from bot.web.deps import CtxDep
from intake.db import ping

router = APIRouter()


class Unhealthy(BaseModel):
    status: str
    database: str


@router.get("/healthz", responses={503: {"model": Unhealthy, "description": "The database does not answer"}})
async def healthz(ctx: CtxDep) -> JSONResponse:
    """200 when the knowledge base is loaded and the database answers; 503 otherwise."""

    try:
        await run_in_threadpool(ping, ctx.db)
    except Exception as exc:
        return JSONResponse(status_code=503, content={"status": "unavailable", "database": type(exc).__name__})
    return JSONResponse({"status": "ok", "database": ctx.db.dialect.name,
                         "knowledge": {"version": ctx.kb.meta.version, "entries": len(ctx.kb.all_entries())}})
