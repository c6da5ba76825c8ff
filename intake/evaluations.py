"""The record of ``madoguchi kb eval`` runs, so the back office shows whether answers got better or worse."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake.learning_models import EvalRun

MAX_FILE_CHARS = 200


def record_run(session: Session, *, file: str, answered: int, in_scope: int, declined: int, out_of_scope: int,
               version: int) -> EvalRun:
    """Store one run's score against knowledge ``version``."""
    run = EvalRun(file=file[-MAX_FILE_CHARS:], answered=answered, in_scope=in_scope, declined=declined,
                  out_of_scope=out_of_scope, version=version)
    session.add(run)
    session.flush()
    return run
