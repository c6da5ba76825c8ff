"""The base of every knowledge data model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Base for every data model: unknown fields are errors (a typo in a key must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
