"""FastAPI dependencies shared by the routes (see full-stack-fastapi-template's ``api/deps.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates

from bot.context import AppContext
from bot.web.paths import TEMPLATES_DIR


async def get_ctx(request: Request) -> AppContext:
    """The process-wide application context built at start-up (async: FastAPI would run a plain function
    in the thread pool, one extra thread hop on every request for an attribute read)."""
    return request.app.state.ctx


CtxDep = Annotated[AppContext, Depends(get_ctx)]

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape is on for .html


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn applies X-Forwarded-For when run with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


def field_error(field: str, message: str, *, status_code: int = 422, where: str = "body") -> JSONResponse:
    """A validation error in FastAPI's own shape, naming the field."""
    return JSONResponse(
        status_code=status_code,
        content={"detail": [{"loc": [where, field], "msg": message, "type": "value_error"}]},
    )


def prefers_lang(request: Request) -> str:
    """Japanese unless the browser prefers English."""
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "ja"
