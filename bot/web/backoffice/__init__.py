"""The secretariat's back office: staff pages under ``/staff`` and the staff API under ``/api/staff``.

``router`` is included by the app; ``setup(ctx)`` runs at start-up and registers e-mail delivery of
applicant notices when ``MADOGUCHI_SMTP_URL`` is set. Expired applicant deadlines are closed by
``madoguchi staff expire`` (run it daily from cron or a systemd timer).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from bot.context import AppContext

logger = logging.getLogger(__name__)


def _build_router() -> APIRouter:
    from bot.web.backoffice import (
        api_curation,
        api_tickets,
        api_users,
        data_rights,
        pages_admin,
        pages_auth,
        pages_curation,
        pages_knowledge,
        pages_queue,
        pages_ticket,
    )

    combined = APIRouter()
    for part in (pages_auth, pages_queue, pages_ticket, pages_admin, pages_curation, pages_knowledge, api_tickets,
                 api_users, api_curation):
        combined.include_router(part.router)
    combined.include_router(data_rights.pages)
    combined.include_router(data_rights.api)
    return combined


router = _build_router()


def setup(ctx: AppContext) -> None:
    """Start-up hook: deliver ``email`` outbox messages when SMTP is configured."""
    if not ctx.settings.smtp_url:
        return
    from bot.mailer import Mailer, parse_smtp_url

    # A URL that cannot be used stops start-up: notices would otherwise pile up unsent.
    config = parse_smtp_url(ctx.settings.smtp_url)
    ctx.extras["mailer"] = mailer = Mailer(config, ctx.settings.mail_from)
    ctx.dispatcher.register("email", mailer)
    logger.info("e-mail notices enabled via %s:%s", config.host, config.port)
