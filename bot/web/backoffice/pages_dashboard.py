"""The dashboard on the back office's front page: what people ask and how well it is answered, and how the
requests stand. Figures come from :mod:`intake.dashboard`; the pictures from :mod:`.charts`."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from bot.context import AppContext
from bot.live_knowledge import flush_usage
from bot.web.backoffice import charts, locale
from bot.web.backoffice.service import run
from intake import curation, dashboard

logger = logging.getLogger(__name__)
DAYS = 14
STATUS_GROUPS = {"new": ("opened", "awaiting_mail"),
                 "working": ("received", "waiting_for_applicant", "verified", "decided"),
                 "done": ("notified", "closed")}


def _kind_name(ctx: AppContext, key: str, lang: str) -> str:
    try:
        kind = ctx.kb.requests.kind(key)
    except KeyError:
        return key
    return kind.name(lang)


def _topic_name(ctx: AppContext, topic_id: str, lang: str) -> str:
    topic = next((t for t in ctx.kb.topics if t.id == topic_id), None)
    return topic.title(lang) if topic else topic_id


def view(ctx: AppContext, lang: str) -> dict[str, Any]:
    """Everything the dashboard shows, in ``lang``: tiles, charts and the tables behind them."""
    tr = locale.translator(lang)
    try:
        flush_usage(ctx)  # this worker's latest counts; the others write theirs every few seconds
    except Exception:  # the figures are still worth showing a few seconds late
        logger.warning("question counts could not be written before drawing the dashboard")
    tz = ctx.settings.timezone
    figures, waiting = run(ctx, lambda s: (dashboard.figures(s, timezone=tz, days=DAYS), curation.count_open(s)))
    days = [{"label": d.day.strftime("%m/%d"), "date": d.day.isoformat(), "answered": d.answered,
             "declined": d.declined, "rated": d.rated, "helpful": d.helpful,
             "rate": None if d.helpful_rate is None else f"{d.helpful_rate:.0%}"} for d in figures.days]
    questions = charts.columns(
        [d["label"] for d in days],
        [(tr("dash.answered"), [d.answered for d in figures.days]), (tr("dash.declined"), [d.declined for d in figures.days])],
        [d.helpful_rate for d in figures.days], tr("dash.helpful_rate"))
    topics = [{"name": _topic_name(ctx, topic, lang), "count": count} for topic, count in figures.topics]
    topic_chart = charts.bars([(t["name"], [(tr("dash.count"), t["count"])]) for t in topics])
    kinds = []
    for kind in ctx.kb.requests.kinds:
        counts = figures.requests.get(kind.key, {})
        if counts:
            groups = [(tr(f"dash.group.{g}"), sum(counts.get(s, 0) for s in members))
                      for g, members in STATUS_GROUPS.items()]
            kinds.append({"name": _kind_name(ctx, kind.key, lang), "counts": counts, "groups": groups,
                          "total": sum(counts.values())})
    request_chart = charts.bars([(k["name"], k["groups"]) for k in kinds])
    statuses = [s for members in STATUS_GROUPS.values() for s in members]
    status_totals = {s: sum(k["counts"].get(s, 0) for k in kinds) for s in statuses}
    evals = [{"file": r.file.rsplit("/", 1)[-1], "version": r.version,
              "when": r.at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M"),
              "answered": r.answered, "in_scope": r.in_scope, "declined": r.declined,
              "out_of_scope": r.out_of_scope, "rate": f"{r.answered / max(r.in_scope, 1):.0%}",
              "score": r.answered / max(r.in_scope, 1) + r.declined / max(r.out_of_scope, 1)}
             for r in figures.evals]
    same_file = [e for e in evals[1:] if evals and e["file"] == evals[0]["file"]]
    median = figures.median_days_to_decision
    return {"days": days, "questions_chart": questions, "topics": topics, "topic_chart": topic_chart,
            "kinds": kinds, "request_chart": request_chart, "statuses": statuses, "status_totals": status_totals,
            "overdue": figures.overdue, "median": None if median is None else f"{median:.1f}",
            "decisions": figures.decisions, "waiting": waiting, "eval": evals[0] if evals else None,
            "eval_worse": bool(evals and same_file and evals[0]["score"] < same_file[0]["score"]),
            "span": DAYS, "any_questions": any(d.answered or d.declined for d in figures.days)}
