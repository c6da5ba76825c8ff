"""The one place that reads the environment (pydantic-settings).

``knowledge`` and ``intake`` never read the environment; the front ends build a :class:`Settings` and
hand the pieces down. Every variable is documented in the README's configuration reference.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/madoguchi or ~/.cache/madoguchi (None when there is no home directory)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:
        return None
    return base / "madoguchi" if base.is_absolute() else None


class Settings(BaseSettings):
    """Runtime configuration, from ``MADOGUCHI_*`` (and Slack's own ``SLACK_*``) environment variables."""

    model_config = SettingsConfigDict(env_prefix="MADOGUCHI_", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite:///./madoguchi.db", description="SQLAlchemy URL (SQLite or PostgreSQL)")
    knowledge_dir: Path | None = Field(default=None, description="Knowledge data directory; default: bundled data")
    cache_dir: Path | None = Field(default_factory=_default_cache_dir,
                                   description="Where `madoguchi ask` keeps the built answer index between runs")
    base_url: str = Field(default="http://127.0.0.1:8000", description="Public URL of the web app, for links")
    timezone: str = Field(default="Asia/Tokyo", description="Time zone for reference years and dates shown")

    # Slack (HTTP mode needs the bot token and signing secret; Socket Mode also the app token).
    slack_bot_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_signing_secret: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_app_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", description="Slack Web API base URL")
    triage_channel: str | None = Field(default=None, description="Slack channel id for secretariat triage")

    # Back office.
    smtp_url: str | None = Field(default=None, description="smtp://user:pass@host:port to e-mail applicants")
    mail_from: str = Field(default="madoguchi@localhost", description="Sender address of notification e-mails")
    due_days: int = Field(default=14, ge=1, description="Internal target: days from receipt to decision")
    applicant_deadline_days: int = Field(default=14, ge=1, description="Days an applicant has to fix a deficient file")
    retention_days: int = Field(default=365, ge=1, description="Days after closing before personal fields are purged")
    conversation_ttl_hours: int = Field(default=24, ge=1, description="Idle conversations are deleted after this")
    maintenance_minutes: int = Field(default=60, ge=1, description="How often the retention purge runs in-process")
    secure_cookies: bool | None = Field(default=None, description="Force Secure cookies; default: when base_url is https")
    # Empty: X-Forwarded-For/-Proto are ignored and the peer address is the client. uvicorn's own
    # FORWARDED_ALLOW_IPS is read as a fallback so deployments that set it keep working.
    trusted_proxies: str = Field(
        default="", validation_alias=AliasChoices("MADOGUCHI_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"),
        description="Comma-separated proxy addresses/networks whose X-Forwarded-For/-Proto are believed")

    # Limits.
    max_message_chars: int = Field(default=2000, ge=1)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    chat_rate_per_minute: int = Field(default=60, ge=1)
    worker_threads: int = Field(default=16, ge=1, le=200, description="Threads per web worker for blocking work")
    knowledge_poll_seconds: float = Field(default=1.0, ge=0.05, le=300,
                                          description="How often each process checks for a new knowledge version")
    log_level: str = Field(default="INFO")

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.base_url.startswith("https://")

    @property
    def slack_http_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
