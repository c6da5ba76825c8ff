"""Rendering staff pages: every page gets the organisation, the user, the CSRF token, the wording of the
member's language (``tr``) and time helpers in the deployment's time zone."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from bot.web.backoffice import locale
from bot.web.backoffice.auth import StaffUser
from bot.web.backoffice.history import channel_name
from bot.web.backoffice.views import local_time
from bot.web.deps import prefers_lang, templates
from knowledge.lang import LANGUAGES


def page_lang(request: Request, user: StaffUser | None) -> str:
    """The member's language; before login, Japanese unless the browser prefers English."""
    if user is not None:
        return user.lang if user.lang in locale.LANGS else locale.DEFAULT_LANG
    return prefers_lang(request)


def render(request: Request, name: str, user: StaffUser | None, *, status_code: int = 200,
           headers: dict[str, str] | None = None, lang: str | None = None, **context: Any) -> Response:
    """Render ``staff/<name>`` with the common context, in one language."""
    ctx = request.app.state.ctx
    timezone = ctx.settings.timezone
    lang = lang or page_lang(request, user)
    common = {
        "org": ctx.kb.meta.organization,
        "user": user,
        "csrf": user.csrf_token if user else "",
        "lang": lang,
        # The header's button offers the next language the back office speaks.
        "other_lang": LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)] if lang in LANGUAGES else locale.DEFAULT_LANG,
        "tr": locale.translator(lang),
        "reason": lambda refusal: locale.reason(refusal, lang) if refusal else "",
        # A field of a plain-data row (views.detail) in the page's language: in_lang(item, "label").
        "in_lang": lambda item, field: item.get(f"{field}_{lang}") or item.get(f"{field}_{locale.DEFAULT_LANG}"),
        "channel_name": lambda channel: channel_name(channel, lang),
        "when": lambda value: local_time(value, timezone),
        "day": lambda value: local_time(value, timezone, date_only=True),
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, f"staff/{name}", {**common, **context},
                                      status_code=status_code, headers=headers)
