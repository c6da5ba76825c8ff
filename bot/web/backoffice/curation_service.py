"""Curation and knowledge changes, shared by the staff pages and the staff API.

Who may do what: staff and admins attach a question to an entry or a fact, mark it out of scope,
dismiss it, propose a new answer, and revert a taught question; only admins approve or reject a new
answer and revert one that went live (403 otherwise). Every change to the knowledge is validated with
the same checks as ``madoguchi kb check`` on the bundled data with every live change applied, inside
a transaction that holds the knowledge version row, and refused (422, the problems named) if it would
not pass; then it is recorded with an audit entry, the version goes up, and this worker rebuilds at
once (the others within ``MADOGUCHI_KNOWLEDGE_POLL_SECONDS``).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.live_knowledge import live_of, refresh
from bot.web.backoffice.auth import StaffUser
from bot.web.backoffice.service import Problem, run
from intake import audit, curation, knowledge_overlay
from intake.learning_models import CurationItem, KnowledgeChange
from knowledge.candidates import candidates
from knowledge.overlay import MARKED_OUT_OF_SCOPE, Change, NewAnswer, check_overlay, new_entry_id

logger = logging.getLogger(__name__)
ITEM_NOT_FOUND = "errors.no_question"
CHANGE_NOT_FOUND = "errors.no_change"
HANDLED = "errors.question_handled"
ADMINS_ONLY = "errors.admins_only"
THIS_CHANGE = "this change"  # kb check's problems are in English, as the CLI prints them


class Refused(Problem):
    """A change the knowledge would not pass ``kb check`` with: 422, each problem named."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(422, "errors.change_refused", problems="; ".join(problems))


def item_view(item: CurationItem, found: list[Any] | None = None) -> dict[str, Any]:
    """An item as the API and the page show it (the old question-log fields first)."""
    return {"id": item.id, "at": item.last_seen.isoformat(), "channel": item.channel, "lang": item.lang,
            "question": item.question, "decision": item.decision, "confidence": item.confidence,
            "top_entry": item.top_entry, "count": item.count, "reason": item.reason, "status": item.status,
            "first_seen": item.first_seen.isoformat(), "resolved_by": item.resolved_by,
            "resolved_at": item.resolved_at.isoformat() if item.resolved_at else None,
            "candidates": [{"entry_id": c.entry_id, "title": c.title, "confidence": c.confidence}
                           for c in (found or [])]}


def change_view(row: KnowledgeChange) -> dict[str, Any]:
    """A knowledge change with who did what when (the knowledge's audit trail)."""
    target = (f"{row.target_kind}:{row.target_id}" if row.kind == "teach"
              else f"entry:{new_entry_id(row.id)}")
    return {"id": row.id, "kind": row.kind, "status": row.status, "question": row.question, "target": target,
            "target_kind": row.target_kind or "entry", "target_id": row.target_id or new_entry_id(row.id),
            "answer": row.payload, "item_id": row.item_id,
            "created_by": row.created_by, "created_at": row.created_at.isoformat(),
            "decided_by": row.decided_by, "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "reverted_by": row.reverted_by, "reverted_at": row.reverted_at.isoformat() if row.reverted_at else None}


def queue(ctx: AppContext, *, status: str | None, decision: str | None, reason: str | None,
          with_candidates: bool = True) -> list[dict[str, Any]]:
    """The queue, with the live engine's best candidates beside each item."""
    items = run(ctx, lambda s: curation.list_items(s, status=status, decision=decision, reason=reason))
    answers = ctx.answers
    return [item_view(item, candidates(answers, item.question, item.lang) if with_candidates else None)
            for item in items]


def entries(ctx: AppContext) -> list[dict[str, Any]]:
    """Every entry a question can be attached to, with the sections it cites."""
    return [{"id": e.id, "title_ja": e.title_ja, "title_en": e.title_en, "sections": list(e.sources)}
            for e in ctx.kb.all_entries()]


def _validate(ctx: AppContext, session: Session, extra: Change | None = None, without: int | None = None) -> None:
    """Refuse unless the live changes (plus ``extra``, minus change ``without``) pass ``kb check``."""
    live = live_of(ctx)
    changes = [knowledge_overlay.as_change(r) for r in knowledge_overlay.live_changes(session)
               if r.id != without and (extra is None or r.id != extra.number)]
    if extra is not None:
        changes.append(extra)
    problems = check_overlay(live.bundled, changes, live.data_dir)
    if problems:  # the change being made has no number yet as far as the user is concerned
        mark = f"change #{extra.number}" if extra is not None else None
        raise Refused([str(p).replace(mark, THIS_CHANGE) if mark else str(p) for p in problems])


def _refresh(ctx: AppContext) -> None:
    """This worker answers from the new knowledge at once; if that fails, its poller catches up (the change is
    committed either way, so the user is not told it failed)."""
    try:
        refresh(ctx)
    except Exception:
        logger.exception("could not rebuild the knowledge after a change; the watcher will retry")


def _open_item(session: Session, item_id: int) -> CurationItem:
    item = curation.get_item(session, item_id, for_update=True)
    if item is None:
        raise Problem(404, ITEM_NOT_FOUND)
    if item.status != "open":
        raise Problem(409, HANDLED)
    return item


def _target(ctx: AppContext, action: str, entry_id: str | None, fact_id: str | None,
            topic_id: str | None) -> tuple[str, str]:
    if action == "out_of_scope":
        return "out_of_scope", topic_id or MARKED_OUT_OF_SCOPE
    if fact_id and not entry_id:
        return "fact", fact_id
    if not entry_id:
        raise Problem(422, "errors.choose_entry")
    return "entry", entry_id


def teach(ctx: AppContext, user: StaffUser, item_id: int, action: str, *, entry_id: str | None = None,
          fact_id: str | None = None, topic_id: str | None = None) -> dict[str, Any]:
    """Attach the item's question to an entry or fact, or mark it out of scope; live once it validates."""
    kind, target = _target(ctx, action, entry_id, fact_id, topic_id)

    def work(session: Session) -> dict[str, Any]:
        state = knowledge_overlay.lock(session)
        item = _open_item(session, item_id)
        row = knowledge_overlay.teach(session, question=item.question, target_kind=kind, target_id=target,
                                      actor=user.email, item_id=item.id)
        _validate(ctx, session, knowledge_overlay.as_change(row))
        knowledge_overlay.published(session, state)
        curation.resolve(session, item, "attached" if kind != "out_of_scope" else "out_of_scope", user.email)
        return item_view(item)

    result = run(ctx, work)
    _refresh(ctx)
    return result


def dismiss(ctx: AppContext, user: StaffUser, item_id: int) -> dict[str, Any]:
    """Nothing to learn from it (spam, a test): out of the queue, the knowledge unchanged."""
    def work(session: Session) -> dict[str, Any]:
        item = _open_item(session, item_id)
        curation.resolve(session, item, "dismissed", user.email)
        audit.record(session, None, user.email, "question_dismissed", f"curation_item:{item.id}", "open", "dismissed")
        return item_view(item)

    return run(ctx, work)


def propose(ctx: AppContext, user: StaffUser, item_id: int, answer: NewAnswer) -> dict[str, Any]:
    """A new answer drafted by staff, with the item's question; checked now, live when an admin approves."""
    def work(session: Session) -> dict[str, Any]:
        knowledge_overlay.lock(session)
        item = _open_item(session, item_id)
        drafted = answer.model_copy(update={"questions": [item.question, *answer.questions]})
        row = knowledge_overlay.propose(session, answer=drafted, actor=user.email, item_id=item.id)
        _validate(ctx, session, knowledge_overlay.as_change(row))
        curation.resolve(session, item, "proposed", user.email)
        return {**item_view(item), "change": change_view(row)}

    return run(ctx, work)


def _change(session: Session, change_id: int, status: str) -> KnowledgeChange:
    row = knowledge_overlay.get_change(session, change_id, for_update=True)
    if row is None:
        raise Problem(404, CHANGE_NOT_FOUND)
    if row.status != status:
        raise Problem(409, "errors.change_not", status=status)
    return row


def approve(ctx: AppContext, user: StaffUser, change_id: int) -> dict[str, Any]:
    """An admin puts a proposed answer live (validated again: the knowledge may have moved since)."""
    if not user.is_admin:
        raise Problem(403, ADMINS_ONLY)

    def work(session: Session) -> dict[str, Any]:
        state = knowledge_overlay.lock(session)
        row = _change(session, change_id, "proposed")
        _validate(ctx, session, knowledge_overlay.as_change(row))
        knowledge_overlay.go_live(session, state, row, user.email)
        item = curation.get_item(session, row.item_id, for_update=True) if row.item_id else None
        if item is not None:
            item.status = "attached"
        return change_view(row)

    result = run(ctx, work)
    _refresh(ctx)
    return result


def reject(ctx: AppContext, user: StaffUser, change_id: int) -> dict[str, Any]:
    """An admin turns a proposed answer down; its question goes back to the queue."""
    if not user.is_admin:
        raise Problem(403, ADMINS_ONLY)

    def work(session: Session) -> dict[str, Any]:
        row = _change(session, change_id, "proposed")
        knowledge_overlay.reject(session, row, user.email)
        curation.reopen(session, row.item_id)
        return change_view(row)

    return run(ctx, work)


def revert(ctx: AppContext, user: StaffUser, change_id: int) -> dict[str, Any]:
    """Take a live change out (a new answer: admins only); refused if what remains would not validate."""
    def work(session: Session) -> dict[str, Any]:
        state = knowledge_overlay.lock(session)
        row = _change(session, change_id, "live")
        if row.kind == "new_answer" and not user.is_admin:
            raise Problem(403, ADMINS_ONLY)
        _validate(ctx, session, without=row.id)
        knowledge_overlay.revert(session, state, row, user.email)
        curation.reopen(session, row.item_id)
        return change_view(row)

    result = run(ctx, work)
    _refresh(ctx)
    return result


def changes(ctx: AppContext) -> dict[str, Any]:
    """The knowledge's audit trail: every change, newest first, and the version in force."""
    def work(session: Session) -> dict[str, Any]:
        rows = knowledge_overlay.list_changes(session)
        return {"version": knowledge_overlay.current_version(session), "changes": [change_view(r) for r in rows]}

    result = run(ctx, work)
    result["not_applied"] = {str(k): v for k, v in live_of(ctx).skipped.items()}
    return result
