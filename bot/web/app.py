"""The FastAPI application factory: one app for chat, intake API, back office and Slack HTTP mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.context import AppContext, build_context
from bot.frontends import web_setups
from bot.live_knowledge import start_watcher
from bot.maintenance import Maintenance
from bot.settings import Settings, get_settings
from bot.slack import http as slack_http
from bot.units import DatabaseUnavailable, UnstorableInput
from bot.web import backoffice
from bot.web.middleware import (
    BodySizeLimitMiddleware,
    SecurityHeadersMiddleware,
    SlidingWindowLimiter,
    UnexpectedErrorMiddleware,
)
from bot.web.paths import STATIC_DIR
from bot.web.routes import chat, docs, feedback, forms, health, requests
from bot.wording import in_every_language

BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's wording, matched to turn it into a 422
UNAVAILABLE = {"detail": in_every_language("web.unavailable", " / ")}


def create_app(settings: Settings | None = None, *, context: AppContext | None = None) -> FastAPI:
    """Build the app. Tests pass a prepared ``context``; ``serve`` lets it build one from settings."""
    settings = settings or (context.settings if context else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Blocking work (database, matching) runs in a thread pool. More threads than the database pool
        # has connections only adds GIL contention and waiting; the rest queue on the event loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        ctx = app.state.ctx = context or build_context(settings)
        for setup in app.state.setups:
            setup(ctx)
        ctx.dispatcher.start()
        watcher = start_watcher(ctx)  # the secretariat's knowledge changes, live within seconds
        maintenance = Maintenance(ctx, dt.timedelta(minutes=settings.maintenance_minutes))
        maintenance.start()
        try:
            yield
        finally:
            maintenance.stop()
            watcher.stop()
            ctx.dispatcher.stop()
            if context is None:
                ctx.close()

    app = FastAPI(title="Madoguchi (窓口)", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Privacy helpdesk: answers about the privacy policy and data-subject request intake.")
    # Start-up hooks of the front ends and notice channels (bot.frontends); each checks its settings.
    app.state.setups = web_setups()
    # Chat messages per client address, in this process (the web chat's own limit, see routes.chat).
    app.state.chat_limiter = SlidingWindowLimiter(settings.chat_rate_per_minute, 60.0)
    if context is not None:  # usable without the lifespan too (e.g. TestClient without "with")
        app.state.ctx = context

    # Innermost first: the body limit, then the last-resort 500 (so it passes through the security headers).
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.trusted_proxies.strip():
        # Outermost, so every layer (throttles, logs, Secure cookies) sees the client behind the proxy.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    docs.install(app)  # /docs and /redoc from installed files, so they work without internet
    for router in (health.router, chat.router, feedback.router, requests.router, forms.router, backoffice.router,
                   slack_http.router):
        app.include_router(router)
    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DatabaseUnavailable)
    async def _db_down(_request: Request, _exc: DatabaseUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content=UNAVAILABLE, headers={"Retry-After": "30"})

    @app.exception_handler(UnstorableInput)
    async def _unstorable(_request: Request, _exc: UnstorableInput) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": in_every_language("web.unstorable", " / ")})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's shape (loc names the field), without echoing the submitted values back.
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
            # FastAPI's answer to a body it cannot decode (not UTF-8, say): invalid input like any other.
            return JSONResponse(status_code=422, content={"detail": [{
                "loc": ["body"], "msg": in_every_language("web.unreadable_body", " / "),
                "type": "json_invalid"}]})
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail}, headers=exc.headers)
    # Any other exception: UnexpectedErrorMiddleware (a 500 with the security headers, connection kept).
