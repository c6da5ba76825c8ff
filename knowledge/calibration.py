"""Turn raw match scores into a confidence in [0, 1], and the thresholds that act on it.

The parameters are fitted by ``tests/knowledge/calibrate.py`` on a held-out calibration set of in-scope
paraphrases and out-of-scope questions (``tests/knowledge/calibration.json``); the calibration test
re-checks them, so a change to the matcher that breaks calibration fails the suite.
"""

from __future__ import annotations

import math
from typing import Protocol

# Logistic model: confidence = sigmoid(BIAS + W_SCORE * top score + W_MARGIN * lead over the runner-up
# + W_COVERAGE * share of the question's words the entry knows + W_EVIDENCE * weight of those words).
BIAS = -4.037
W_SCORE = 3.772
W_MARGIN = 1.451
W_COVERAGE = 4.667
W_EVIDENCE = 1.933
ANSWER_THRESHOLD = 0.4
SUGGEST_THRESHOLD = 0.2


class _Hit(Protocol):
    owner: str
    score: float
    coverage: float
    evidence: float


def confidence_of(hits: list[_Hit]) -> float:
    """Probability-like confidence that the best hit is the right entry (0 when there is none)."""
    if not hits:
        return 0.0
    top = hits[0].score
    runner_up = next((h.score for h in hits[1:] if h.owner != hits[0].owner), 0.0)
    z = BIAS + W_SCORE * top + W_MARGIN * (top - runner_up) + W_COVERAGE * hits[0].coverage + W_EVIDENCE * hits[0].evidence
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
