"""The secretariat's back office. Placeholder: filled in by the back-office work (issue 5)."""

from fastapi import APIRouter

from bot.context import AppContext

router = APIRouter()


def setup(ctx: AppContext) -> None:
    """Start-up hook (e.g. register the e-mail delivery handler)."""
