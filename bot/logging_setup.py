"""Logging configuration: plain lines on stderr, with personal data and secrets masked."""

from __future__ import annotations

import logging
import re

from intake.privacy import mask_personal

_SECRET_RE = re.compile(r"(xox[abposr]-[\w-]+|xapp-[\w-]+|Bearer\s+[\w.~+/-]+=*)", re.IGNORECASE)


class RedactingFilter(logging.Filter):
    """Masks e-mail addresses, phone numbers, Slack tokens and bearer tokens in every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return True
        cleaned = _SECRET_RE.sub("[secret]", mask_personal(message))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger once (idempotent)."""
    root = logging.getLogger()
    if any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Alembic announces every plugin it loads at INFO; only the migrations themselves are worth a line.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
