"""The error answers every route can give, declared in the OpenAPI schema with their bodies.

Every refusal is JSON ``{"detail": ...}``: a sentence (bilingual where a person reads it) or, for
invalid input, FastAPI's list of problems naming each field (``loc``). ``error_responses(...)`` builds
the ``responses=`` of a route, so the schema says exactly which statuses it can answer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """A refusal explained in one sentence."""

    detail: str


class FieldProblem(BaseModel):
    """One invalid input: where it is (``["body", "email"]``, ``["header", "Idempotency-Key"]``) and why."""

    loc: list[str | int]
    msg: str
    type: str


class InvalidInput(BaseModel):
    """Invalid input: the problems by field, or one sentence for a rule across fields."""

    detail: list[FieldProblem] | str = Field(description="The problems by field, or one sentence")


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}
_WHY = {
    303: ("A browser without the access code is sent to the status page", None),
    401: ("Not logged in, or no valid API token (see WWW-Authenticate)", Problem),
    403: ("Logged in, but not allowed (admins only)", Problem),
    404: ("No such resource (for applicants: also a wrong access code)", Problem),
    409: ("The workflow does not allow this now, or someone else holds the ticket", Problem),
    410: ("The personal data of this request has been deleted", Problem),
    413: ("The request body is larger than MADOGUCHI_MAX_BODY_BYTES", Problem),
    422: ("Invalid input, naming the field", InvalidInput),
    429: ("Too many attempts or messages; wait Retry-After seconds", Problem),
    503: ("The database is unavailable; nothing was saved (see Retry-After)", Problem),
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that can answer ``codes`` (each with its body and headers)."""
    responses: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        description, model = _WHY[code]
        entry: dict[str, Any] = {"description": description}
        if model is not None:
            entry["model"] = model
        if code in (429, 503):
            entry["headers"] = _RETRY_AFTER
        responses[code] = entry
    return responses
