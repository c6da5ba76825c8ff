"""The secretariat's back office: staff pages under ``/staff`` and the staff API under ``/api/staff``.

``router`` is included by the app. E-mail delivery of applicant notices is a channel of its own
(``bot.mailer``); expired applicant deadlines are closed by the maintenance job of every process, or
by ``madoguchi staff expire`` (run it daily from cron or a systemd timer).
"""

from __future__ import annotations

from fastapi import APIRouter


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
