"""``madoguchi ask --explain``: what the engine understood of a question, and why it answered as it did.

For curators: the words it found (and how: as written, by conjugation, by reading, by typo), the parts
of the question with their topics and facets, the candidate facts with their scores, what the policy is
silent on or does not cover, and the decision.
"""

from __future__ import annotations

from knowledge.engine import AnswerEngine


def explain(engine: AnswerEngine, question: str, lang: str | None = None) -> str:
    """A readable account of how ``question`` is understood and answered."""
    answer = engine.answer(question, lang=lang)
    reading = engine.understand(question)
    lines = [f"question: {question}", f"language: {answer.lang}"]
    lines.append("words found:")
    for mention in reading.mentions:
        kind = {"t": "topic", "f": "facet", "c": "context"}[mention.label[0]]
        weak = " (weak)" if mention.weak else ""
        lines.append(f"  {kind:7} {mention.label[2:]:22} {mention.term!r} as {mention.how}{weak}")
    for name, found in sorted(reading.intents.items()):
        lines.append(f"  intent  {name:22} {', '.join(repr(m.term) for m in found)}")
    if reading.unknown:
        lines.append(f"  unknown words: {', '.join(reading.unknown)}")
    intent = engine.intents.detect(reading)
    lines.append(f"intent: {intent.name if intent else 'none (a question)'}"
                 + (f" kind={intent.kind} requester={intent.requester}" if intent and intent.name == "start_request" else ""))
    for number, part in enumerate(engine.resolve(reading), start=1):
        p = part.part
        origin = "inherited" if p.inherited else ("default" if p.defaulted else "named")
        lines.append(f"part {number}: {p.text!r}")
        lines.append(f"  topics {list(p.topics)} ({origin}), facets {list(p.facets)}"
                     + (f", kinds {list(p.kinds)}" if p.kinds else "") + (f", requester {p.requester}" if p.requester else ""))
        for candidate in part.candidates[:6]:
            chosen = "*" if candidate.fact in {f.id for f in part.facts} else " "
            lines.append(f"  {chosen} {candidate.score:5.2f} {candidate.fact}  (for {candidate.topic} / {candidate.facet})")
        if part.blocked_by:
            lines.append(f"  outside the policy: {part.blocked_by}")
        if part.unknown_subject:
            lines.append(f"  about something no topic knows: {', '.join(p.unknown)}")
        for topic, facet in part.silent:
            lines.append(f"  the policy is silent on {topic} / {facet}")
        for topic, facet in part.declined:
            lines.append(f"  not covered by the policy: {topic or '(unknown)'} / {facet}")
    why = {
        "answer": "answered from the facts above" + (" (part of it not stated in the policy)" if answer.silent else ""),
        "decline": "declined: " + ("the policy does not state it" if answer.silent else "outside the policy"),
        "suggest": "unsure: offered the nearest entries",
        "invalid": "not a question",
    }[answer.decision]
    lines.append(f"decision: {answer.decision} (matched={answer.matched}, confidence {answer.confidence:.2f}) — {why}")
    if not reading.parts and answer.decision != "invalid":
        lines.append("  (nothing was understood, so the nearest example questions decided)")
    lines.append("reply:")
    lines += ["  " + line for line in answer.text.splitlines()]
    return "\n".join(lines)
