"""A ticket's audit trail and notes as one timeline, each event said in words in the member's language.

The trail stores machine facts (``checklist.stamps.received_amount_yen``, ``∅ → 2026-12-01T18:50:36+00:00``);
staff read sentences (the received amount "recorded as N yen"), with times in the configured time zone.
"""

from __future__ import annotations

from typing import Any

from bot.web.backoffice import locale
from bot.web.backoffice.views import local_time
from knowledge.lang import supported
from knowledge.models import KnowledgeBase


def status_name(status: str | None, lang: str) -> str:
    """The staff label of a status (the applicant-facing labels speak to the applicant)."""
    key = f"status.{status}"
    return locale.message(lang, key) if status and locale.has(key) else (status or "—")


def outcome_name(outcome: str | None, lang: str) -> str:
    """The staff label of an outcome."""
    key = f"outcome.{outcome}"
    return locale.message(lang, key) if outcome and locale.has(key) else (outcome or "—")


def actor_name(actor: str, lang: str) -> str:
    """Who did it: a staff e-mail as is; the applicant and the system in words."""
    kind, _, rest = actor.partition(":")
    if kind == "applicant":
        return locale.message(lang, "actor.applicant", channel=channel_name(rest, lang))
    if kind == "system":
        return locale.message(lang, "actor.system")
    if kind == "slack":
        return locale.message(lang, "actor.slack", user=rest)
    return actor


def channel_name(channel: str, lang: str) -> str:
    key = f"channel.{channel}"
    return locale.message(lang, key) if locale.has(key) else channel


def _yen(value: str | None) -> str:
    return f"{int(value):,}" if value and value.isdigit() else (value or "")


class Describer:
    """Turns the events of one ticket into sentences."""

    def __init__(self, kb: KnowledgeBase, ticket: dict[str, Any], lang: str, timezone: str):
        self.kb = kb
        self.lang = lang
        self.timezone = timezone
        label = f"label_{supported(lang)}"
        self.items = {item["key"]: item[label] for item in ticket["checklist"]}
        self.notes = {f"note #{note['id']}": note for note in ticket["notes"]}

    def say(self, key: str, **values: object) -> str:
        return locale.message(self.lang, key, **values)

    def when(self, value: str | None, *, date_only: bool = False) -> str:
        return local_time(value, self.timezone, date_only=date_only)

    def sentence(self, event: dict[str, Any]) -> str:
        """One event in words."""
        action, field, old, new = event["action"], event["field"], event["old"], event["new"]
        if action == "created":
            return self.say("ev.created", status=status_name(new, self.lang))
        if action == "transition":
            return self.say("ev.status", old=status_name(old, self.lang), new=status_name(new, self.lang))
        if action == "update":
            return self._update(field, new)
        if action == "checklist":
            key = (field or "").split(".")[1] if (field or "").count(".") else ""
            item = self.items.get(key, key)
            if (field or "").endswith(".received_amount_yen"):
                return self.say("ev.amount", item=item, yen=_yen(new)) if new else self.say("ev.amount_cleared", item=item)
            return self.say("ev.checked" if new == "True" else "ev.unchecked", item=item)
        if action == "notice":
            return self.say("ev.notice", status=status_name(new, self.lang))
        if action == "claimed":
            return self.say("ev.claimed")
        if action == "assigned":
            return self.say("ev.assigned", who=new) if new else self.say("ev.released")
        if action == "note":
            return self.say("ev.note")
        if locale.has(f"ev.{action}"):
            return self.say(f"ev.{action}")
        return self.say("ev.other", action=action, field=field or "", old=old or "—", new=new or "—")

    def _update(self, field: str | None, new: str | None) -> str:
        if field == "outcome":
            return self.say("ev.outcome", outcome=outcome_name(new, self.lang))
        if field == "refusal_ground":
            if not new:
                return self.say("ev.ground_cleared")
            return self.say("ev.ground", ground=new, title=self.kb.section_title(new, self.lang))
        if field in ("received_at", "closed_at"):
            return self.say(f"ev.{field}", when=self.when(new))
        if field in ("due_at", "applicant_deadline"):
            return self.say(f"ev.{field}", day=self.when(new, date_only=True)) if new else self.say(f"ev.{field}_cleared")
        return self.say("ev.other", action="update", field=field or "", old="", new=new or "—")

    def timeline(self, ticket: dict[str, Any]) -> list[dict[str, Any]]:
        """Every event, oldest first; a note event carries the note's text."""
        entries = []
        for event in ticket["history"]:
            note = self.notes.get(event["new"] or "") if event["action"] == "note" else None
            entries.append({"at": self.when(event["at"]), "who": actor_name(event["actor"], self.lang),
                            "text": self.sentence(event), "note": note["text"] if note else None,
                            "kind": event["action"]})
        return entries
