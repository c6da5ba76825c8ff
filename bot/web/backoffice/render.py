"""Rendering staff pages: every page gets the organisation, the user, the CSRF token and time helpers."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from bot.web.backoffice.auth import StaffUser
from bot.web.backoffice.views import local_time
from bot.web.deps import templates


def render(request: Request, name: str, user: StaffUser | None, *, status_code: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> Response:
    """Render ``staff/<name>`` with the common context (times shown in the deployment's time zone)."""
    ctx = request.app.state.ctx
    timezone = ctx.settings.timezone
    common = {
        "org": ctx.kb.meta.organization,
        "user": user,
        "csrf": user.csrf_token if user else "",
        "when": lambda value: local_time(value, timezone),
        "day": lambda value: local_time(value, timezone, date_only=True),
    }
    return templates.TemplateResponse(request, f"staff/{name}", {**common, **context},
                                      status_code=status_code, headers=headers)
