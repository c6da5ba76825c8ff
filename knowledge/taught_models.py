"""Taught questions: a question the secretariat attached to an entry, a fact or an out-of-scope topic.

The engine reads topics and facets, so an example question only feeds the fallback that answers when
nothing in a question is understood. A *taught* question is stronger: asked again (after the same
normalisation and folding, see :func:`knowledge.taught.taught_key`), it is answered from what it was
taught to, or declined, before the engine reads it. Near-variants still go through the engine, which
also sees the question as an example of its target.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from knowledge.strict import StrictModel


class TaughtQuestion(StrictModel):
    """One taught question (``taught.yaml``) and exactly one target: ``entry``, ``fact`` or ``out_of_scope``."""

    question: str = Field(min_length=1, max_length=500)
    entry: str | None = None
    fact: str | None = None
    out_of_scope: str | None = Field(default=None, description="Id of an out-of-scope topic: the question is declined")
    note: str | None = Field(default=None, description="Who taught it and why (kb export writes the change number)")

    @model_validator(mode="after")
    def _one_target(self) -> TaughtQuestion:
        targets = [name for name in ("entry", "fact", "out_of_scope") if getattr(self, name)]
        if len(targets) != 1:
            raise ValueError("name exactly one of entry, fact or out_of_scope")
        return self

    @property
    def target(self) -> tuple[str, str]:
        """(kind, id): ("entry", "fee_amount"), ("fact", "fee.any") or ("out_of_scope", "weather")."""
        for name in ("entry", "fact", "out_of_scope"):
            value = getattr(self, name)
            if value:
                return name, value
        raise AssertionError("validated to have one target")  # pragma: no cover
