"""ASGI entry point for uvicorn/gunicorn: ``bot.web.asgi:app`` (settings from the environment)."""

from bot.logging_setup import configure_logging
from bot.settings import get_settings
from bot.web.app import create_app

configure_logging(get_settings().log_level)
app = create_app()
