"""Typed intents: does a message ask for a flow (start a request, check its status, cancel, go back,
talk to a person) rather than for an answer?

The cues are generic language (``knowledge/language/intents.yaml``); the request kind and the
requester come from the topics the message names. A message that asks something (a fee, where to
send, how) is a question even when it also says "I want to": 開示請求したいんですが手数料は？ gets its
answer (and the offer to start), not the intake form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.language import LanguagePack
from knowledge.reading import Reading
from knowledge.understanding import Understanding

# Facets that make a message a question whatever else it says.
QUESTION_FACETS = {
    "cost", "payment", "documents", "where_send", "where_get", "how", "who", "obligation", "how_long",
    "effective", "change", "why", "purpose", "how_many", "contact", "phone", "hours", "refuse",
    "consent", "define", "format", "retention", "location", "when",
}
# Facets that still ask something when a flow cue is present, except for a status check (届いてますか).
_STATUS_FACETS = QUESTION_FACETS - {"documents", "how_long", "when", "define"}
_PUNCTUATION = re.compile(r"[\s。、.,!！?？…・〜~ー-]+")
_SENT = re.compile(r"(送った|出した|郵送した|送りました|出しました|i sent|i mailed|i posted|i submitted|my application)")
_ASKING = re.compile(r"(できますか|できる[?？]|可能ですか|出来ますか|ますか[?？]?$|[?？]$|^(can|could|may|is|are|do|does)\b)")


@dataclass(frozen=True)
class Intent:
    """A flow the user asks for: ``name`` is start_request, check_status, cancel, back or human."""

    name: str
    kind: str | None = None
    requester: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "kind": self.kind, "requester": self.requester}


class IntentDetector:
    """Classifies readings into intents (or None: a question, or small talk)."""

    def __init__(self, understanding: Understanding, language: LanguagePack):
        self.understanding = understanding
        self.exact = {
            _PUNCTUATION.sub("", cue.lower()): intent.id for intent in language.intents for cue in intent.exact
        }
        self.request_topics = {
            topic_id for topic_id in understanding.topics
            if topic_id == "request" or "request" in understanding.ancestors.get(topic_id, ())
        }

    def detect(self, reading: Reading, in_flow: bool = False) -> Intent | None:
        """The flow a reading asks for. ``in_flow``: an intake or look-up is open, where "cancel" and
        "back" stand whatever else is said (やめます、気が変わった); outside one they are only flows
        when they are the whole message (キャンセルしたら切手は返ってくる？ is a question)."""
        exact = self.exact.get(_PUNCTUATION.sub("", reading.text))
        kind, requester = self._kind_and_requester(reading)
        if exact:
            return Intent(exact, kind, requester) if exact == "start_request" else Intent(exact)
        cues = reading.intents
        # A cue word inside a flow phrase (手続き in 手続きをしたい) does not make the message a question.
        spans = [(m.start, m.end) for found in cues.values() for m in found]
        facets = {m.label[2:] for m in reading.mentions if m.label.startswith("f:") and not m.weak
                  and not any(s <= m.start < e for s, e in spans)} & set(reading.facets)
        asks = facets & QUESTION_FACETS
        about = set(reading.topics) - {"contact", "request", "personal_data"}
        if "human" in cues and not facets & {"contact", "phone", "hours", "cost"} and not (about and asks):
            return Intent("human")
        # A long cue is a request in itself (Can I go back one step?); a short one in a question is not.
        decisive = any(len(m.term) >= 10 for name in ("cancel", "back") for m in cues.get(name, ()))
        question = (bool(asks) or bool(re.search(r"[?？]\s*$", reading.text))) and not decisive
        if in_flow and "cancel" in cues and not question:
            return Intent("cancel")
        if in_flow and "back" in cues and not question:
            return Intent("back")
        if "check_status" in cues and not facets & _STATUS_FACETS and (
                self._about_a_request(reading) or "documents" in reading.facets or _SENT.search(reading.text)):
            return Intent("check_status")
        starting = "start_request" in cues or ("want" in cues and self._about_a_request(reading))
        if starting and not asks and not self._asks_whether(reading):
            return Intent("start_request", kind, requester)
        return None

    def _about_a_request(self, reading: Reading) -> bool:
        return bool(set(reading.topics) & self.request_topics) or any(
            m.label[2:] in self.request_topics for m in reading.mentions if m.label.startswith("t:"))

    @staticmethod
    def _asks_whether(reading: Reading) -> bool:
        """開示請求できますか is a question; 開示してもらえますか is a polite request (a want cue covers it)."""
        if not _ASKING.search(reading.text):
            return False
        wants = reading.intents.get("want", ())
        asking = [m for m in reading.mentions if m.label == "f:possible"]
        return not any(w.start <= m.start < w.end or m.start <= w.start < m.end for m in asking for w in wants) \
            and not reading.intents.get("start_request")

    def _kind_and_requester(self, reading: Reading) -> tuple[str | None, str | None]:
        kinds = [k for part in reading.parts for k in part.kinds]
        requesters = [part.requester for part in reading.parts if part.requester]
        requester = "agent" if "agent" in requesters else (requesters[0] if requesters else None)
        return (kinds[0] if kinds else None), requester
