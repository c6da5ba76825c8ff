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

from intake.errors import InvalidValue

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

# RFC 5322 addr-spec without the obsolete forms and comments: a dot-atom or a quoted string before the
# @ (RFC 6531 lets both hold UTF-8), and a domain name of letter/digit/hyphen labels (IDNs in UTF-8).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]"
_QUOTED = r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\U0010ffff]|\\[\x20-\x7e])*"'
_LABEL = r"[A-Za-z0-9\u0080-\U0010ffff](?:[A-Za-z0-9\-\u0080-\U0010ffff]{0,61}[A-Za-z0-9\u0080-\U0010ffff])?"
EMAIL_RE = re.compile(rf"^(?:{_ATEXT}+(?:\.{_ATEXT}+)*|{_QUOTED})@{_LABEL}(?:\.{_LABEL})+$")

# Kept although they are format characters: they join emoji and letters in some scripts.
_JOINERS = {"\u200c", "\u200d"}


def is_email(value: str) -> bool:
    """True for an e-mail address mail can be sent to (``pat.o'reilly@example.com``, ``"john doe"@x.jp``):
    no control character anywhere, the RFC shape above, and email-validator's checks of the parts."""
    local, _, domain = value.rpartition("@")
    spaced = any(ch.isspace() for ch in (domain if local.startswith('"') else value))  # e.g. U+00A0
    if (len(value) > 254 or not 0 < len(local) <= 64 or domain.rsplit(".", 1)[-1].isdigit() or spaced
            or control_character(value) is not None or EMAIL_RE.match(value) is None):
        return False
    try:
        validate_email(value, check_deliverability=False, allow_quoted_local=True)
    except EmailNotValidError:
        return False
    return True


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character that does not belong in stored text, as ``U+XXXX``, or None.

    Refused: control characters (C0, DEL, C1; line breaks and tabs are allowed where text has lines),
    surrogates, and invisible format characters such as U+202E, which make text read differently from
    what it is. Private-use characters stay (外字 in names).
    """
    for ch in value:
        if multiline and ch in "\n\r\t\u2028\u2029":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Zl", "Zp") or (category == "Cf" and ch not in _JOINERS):
            return f"U+{ord(ch):04X}"
    return None


def refuse_control_characters(value: object, *, multiline: bool = False) -> object:
    """A pydantic "before" check: a ValueError naming the character, so the 422 names field and character."""
    if isinstance(value, str):
        found = control_character(value, multiline=multiline)
        if found:
            raise InvalidValue("errors.control_character", found=found)
    return value


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFKC-normalise, trim, and drop control characters (keeping newlines where they make sense).

    For *reading* what someone typed (the chat matches and parses messages with it); values that are
    stored are validated instead and kept as sent (see :class:`TicketRequest`).
    """
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

    # Values are stored as sent (only surrounding spaces are trimmed): a control character is refused
    # with a 422 naming the field rather than silently dropped.
    @field_validator("name", "organization", "agent_name", "email", mode="before")
    @classmethod
    def _single_line(cls, value: object) -> object:
        return refuse_control_characters(value)

    @field_validator("postal_address", "details", mode="before")
    @classmethod
    def _multi_line(cls, value: object) -> object:
        return refuse_control_characters(value, multiline=True)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value:
            raise InvalidValue("errors.name_empty")
        return value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not is_email(value):
            raise InvalidValue("errors.email_format")
        return value  # as sent: checked, never rewritten

    @field_validator("details")
    @classmethod
    def _no_my_number(cls, value: str | None) -> str | None:
        # Full-width digits (１２３４) are digits too: look at the NFKC form, store the original.
        if value and MY_NUMBER_RE.search(unicodedata.normalize("NFKC", value)):
            raise InvalidValue("errors.my_number")
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
            raise InvalidValue("errors.reply_address_needed")
        return value or None

    @field_validator("agent_name")
    @classmethod
    def _agent_name_matches_requester(cls, value: str | None, info: ValidationInfo) -> str | None:
        requester = info.data.get("requester")
        if requester == "agent" and not value:
            raise InvalidValue("errors.agent_name_needed")
        if requester == "self" and value:
            raise InvalidValue("errors.agent_name_only_for_agents")
        return value or None


def _failed(info: ValidationInfo) -> set[str]:
    """Fields that failed validation earlier (they are missing from info.data)."""
    return {name for name in ("email",) if name not in info.data}
