"""The vocabulary of a request's end: the outcomes a decision or a closing can record.

Which outcomes fit which kind of request, which sections a refusal may cite and how the fee is paid
are policy, so they are data (``requests.yaml``, see :class:`knowledge.request_models.RequestKind`);
the names they are written with are this vocabulary, shared by the data, the workflow
(``intake.workflow``) and the message catalog (``notice.outcome.<name>``).
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """What was decided on a request, or how it ended without a decision."""

    DISCLOSED = "disclosed"
    PARTIALLY_DISCLOSED = "partially_disclosed"
    REFUSED = "refused"
    CORRECTED = "corrected"
    ADDED = "added"
    DELETED = "deleted"
    STOPPED = "stopped"
    ALTERNATIVE_MEASURE = "alternative_measure"  # stopping is not feasible: a measure protecting the person
    NOTICE_GIVEN = "notice_given"  # purpose of use notified
    WITHDRAWN = "withdrawn"  # a deficient file not completed in time: treated as not made, documents returned
    CANCELLED = "cancelled"  # the applicant withdrew the request


# Ends that are no decision on the request: any kind can end so, none lists them among its outcomes.
CLOSINGS = frozenset({Outcome.WITHDRAWN, Outcome.CANCELLED})
# Decisions that must name the section they rest on (a refusal ground).
NEEDS_GROUND = frozenset({Outcome.REFUSED, Outcome.PARTIALLY_DISCLOSED})
# The decision that needs the policy's section on alternative measures.
NEEDS_ALTERNATIVE_SECTION = frozenset({Outcome.ALTERNATIVE_MEASURE})
