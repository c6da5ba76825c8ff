"""FastAPI dependencies shared by the routes (see full-stack-fastapi-template's ``api/deps.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates

from bot.context import AppContext
from bot.web.paths import TEMPLATES_DIR
from bot.wording import in_every_language, say
from knowledge.lang import DEFAULT_LANGUAGE, LANGUAGES, supported


async def get_ctx(request: Request) -> AppContext:
    """The process-wide application context built at start-up (async: FastAPI would run a plain function
    in the thread pool, one extra thread hop on every request for an attribute read)."""
    return request.app.state.ctx


CtxDep = Annotated[AppContext, Depends(get_ctx)]

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape is on for .html
# Pages take their wording from the message catalog: say(key, lang), every(key) = every language.
templates.env.globals.update(say=say, every=in_every_language, languages=LANGUAGES,
                             default_lang=DEFAULT_LANGUAGE)


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
    """The browser's first language if Madoguchi speaks it, else the default (Japanese)."""
    first = request.headers.get("accept-language", "").lower().split(",")[0].split(";")[0].strip()
    return supported(first.split("-")[0])
