"""What an applicant gives us to open a request, validated the same way for chat, API and Slack.

Only the minimum is collected: the person's name, one way to reply (e-mail or postal address), the
organisation (optional), which data the request is about (optional, free text) and, for an agent,
the agent's name. Never ID images, My Number, or the details of a harassment case.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# Kept for callers that only need a quick shape check; real validation is :func:`valid_email`.
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
MY_NUMBER_RE = re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
# A Japanese postal code: 〒123-4567, 123-4567 or 〒1234567 (after NFKC, full-width digits are ASCII).
POSTAL_CODE_RE = re.compile(r"〒\s*\d{3}-?\d{4}(?!\d)|(?<![\d-])\d{3}-\d{4}(?![\d-])")


def valid_email(value: str) -> str | None:
    """The address, normalised, if it is a syntactically real e-mail address (o'brien@example.jp is)."""
    if len(value) > 254:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def is_postal_address(value: str) -> bool:
    """A Japanese postal address: a postal code (〒) and the address itself (more than the code)."""
    match = POSTAL_CODE_RE.search(value)
    if match is None:
        return False
    rest = (value[:match.start()] + value[match.end():]).replace("〒", "")
    return sum(1 for ch in rest if ch.isalpha()) >= 3


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFKC-normalise, trim, and drop control characters (keeping newlines where they make sense)."""
    value = unicodedata.normalize("NFKC", value)
    kept = []
    for ch in value:
        if ch in "\n\t" and multiline:
            kept.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(ch)
    return "".join(kept).strip()


class TicketRequest(BaseModel):
    """The fields of a new request. Field names are a public API contract (``POST /api/requests``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: str = Field(min_length=1, max_length=32, description="disclosure, purpose_notice, correction, ...")
    requester: Literal["self", "agent"]
    name: str = Field(min_length=1, max_length=100, description="Name of the person the data is about")
    email: str | None = Field(default=None, max_length=254, description="Where to reply by e-mail")
    postal_address: str | None = Field(
        default=None, max_length=300, validate_default=True, description="Where to reply by post"
    )
    organization: str | None = Field(default=None, max_length=200, description="Client company (optional)")
    details: str | None = Field(default=None, max_length=2000, description="Which data the request is about")
    agent_name: str | None = Field(
        default=None, max_length=100, validate_default=True, description="Name of the agent, if any"
    )

    @field_validator("name", "organization", "agent_name", "email", mode="before")
    @classmethod
    def _single_line(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value

    @field_validator("postal_address", "details", mode="before")
    @classmethod
    def _multi_line(cls, value: object) -> object:
        return clean_text(value, multiline=True) if isinstance(value, str) else value

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("name must not be empty")
        return value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        normalised = valid_email(value)
        if normalised is None:
            raise ValueError("not a valid e-mail address")
        return normalised

    @field_validator("details")
    @classmethod
    def _no_my_number(cls, value: str | None) -> str | None:
        if value and MY_NUMBER_RE.search(value):
            raise ValueError("looks like a My Number (個人番号); please do not send it")
        return value or None

    @field_validator("organization")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None

    # The checks below run even when the field is absent (validate_default), so a 422 names the field.
    @field_validator("postal_address")
    @classmethod
    def _some_reply_address(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and not info.data.get("email") and "email" not in _failed(info):
            raise ValueError("give an e-mail address or a postal address so the secretariat can reply")
        return value or None

    @field_validator("agent_name")
    @classmethod
    def _agent_name_matches_requester(cls, value: str | None, info: ValidationInfo) -> str | None:
        requester = info.data.get("requester")
        if requester == "agent" and not value:
            raise ValueError("agent_name is required when the requester is an agent")
        if requester == "self" and value:
            raise ValueError("agent_name is only for requests made by an agent")
        return value or None


def _failed(info: ValidationInfo) -> set[str]:
    """Fields that failed validation earlier (they are missing from info.data)."""
    return {name for name in ("email",) if name not in info.data}
