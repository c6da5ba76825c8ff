"""``kb check`` for the procedure: every rule the workflow and the notices read must hold together.

Each kind of request needs outcomes (the schema requires at least one) that are decisions, not closings;
a kind that can be refused needs refusal grounds, and every ground, like every other section the
procedure cites (fee, mail, forms, withdrawal, alternative measure, each enclosure), must be a section
of the policy; a kind with a fee needs the enclosure that pays it, for the person and for an agent.
Each problem names the file (``requests.yaml``), the entry (the kind or enclosure key) and the field.
"""

from __future__ import annotations

from knowledge.loader import Problem
from knowledge.models import KnowledgeBase
from knowledge.procedure import CLOSINGS, NEEDS_ALTERNATIVE_SECTION, NEEDS_GROUND

FILE = "requests.yaml"


def check_procedure(kb: KnowledgeBase) -> list[Problem]:
    """Every problem of the request kinds' outcomes, grounds, fees and the sections the procedure cites."""
    rules = kb.requests
    citable = kb.citable_sections()
    problems: list[Problem] = []

    def cite(entry: str, field: str, section: str | None, what: str) -> None:
        if section is not None and section not in citable:
            problems.append(Problem(FILE, entry, field, f"{what} cites unknown section {section!r}"))

    cite("", "mail_source", rules.mail_source, "where to mail")
    cite("", "forms_source", rules.forms_source, "the forms")
    cite("", "withdrawal_source", rules.withdrawal_source, "the withdrawal of a deficient file")
    cite("", "alternative_measure_source", rules.alternative_measure_source, "the alternative measure")
    for requester, enclosures in rules.enclosures.items():
        for enclosure in enclosures:
            cite(f"enclosures.{requester} > {enclosure.key}", "source", enclosure.source, "the enclosure")
    for kind in rules.kinds:
        for closing in sorted(set(kind.outcomes) & CLOSINGS):
            problems.append(Problem(FILE, kind.key, "outcomes", f"{closing.value!r} is a closing any request can "
                                    "end in, not a decision: leave it out"))
        refusable = sorted(o.value for o in set(kind.outcomes) & NEEDS_GROUND)
        if refusable and not kind.refusal_grounds:
            problems.append(Problem(FILE, kind.key, "refusal_grounds",
                                    f"outcomes {refusable} need the sections a refusal may rest on"))
        if kind.refusal_grounds and not refusable:
            problems.append(Problem(FILE, kind.key, "refusal_grounds",
                                    "grounds are given but no outcome refuses (add refused to outcomes)"))
        for index, ground in enumerate(kind.refusal_grounds):
            if ground not in citable:
                problems.append(Problem(FILE, kind.key, f"refusal_grounds.{index}",
                                        f"the refusal ground cites unknown section {ground!r}"))
        if set(kind.outcomes) & NEEDS_ALTERNATIVE_SECTION and rules.alternative_measure_source is None:
            problems.append(Problem(FILE, kind.key, "outcomes", "an alternative measure needs "
                                    "alternative_measure_source: the section that allows it"))
        problems += _fee_problems(kb, kind.key)
    return problems


def _fee_problems(kb: KnowledgeBase, kind_key: str) -> list[Problem]:
    """A fee needs an enclosure that pays it, for the person and for an agent; a free kind names none."""
    kind = kb.requests.kind(kind_key)
    if kind.fee_yen == 0:
        if kind.fee_paid_with is not None:
            return [Problem(FILE, kind.key, "fee_paid_with", "a kind without a fee names no fee enclosure")]
        return []
    if kind.fee_paid_with is None:
        return [Problem(FILE, kind.key, "fee_paid_with",
                        f"a fee of {kind.fee_yen} yen needs the enclosure that pays it (applies: fee)")]
    problems = []
    for requester, enclosures in kb.requests.enclosures.items():
        found = next((e for e in enclosures if e.key == kind.fee_paid_with), None)
        if found is None:
            problems.append(Problem(FILE, kind.key, "fee_paid_with",
                                    f"no enclosure {kind.fee_paid_with!r} in enclosures.{requester}"))
        elif found.applies != "fee":
            problems.append(Problem(FILE, kind.key, "fee_paid_with",
                                    f"enclosure {kind.fee_paid_with!r} ({requester}) does not say applies: fee"))
    return problems
