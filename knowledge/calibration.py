"""Turn raw match scores into a confidence in [0, 1], and the thresholds that act on it.

The weights are fitted by ``tests/knowledge/calibrate.py`` (logistic regression) on a calibration set of
in-scope paraphrases and out-of-scope questions written apart from the examples
(``tests/knowledge/calibration.json``). The answer threshold is the one whose answered calibration
questions are right and whose out-of-scope ones are declined, checked for the same trade-off on the
held-out sets; ``test_kb_eval.py`` re-checks both, so a matcher change that breaks calibration fails.
"""

from __future__ import annotations

import math
from typing import Protocol

# Logistic model: confidence = sigmoid(BIAS + W_SCORE * top score + W_MARGIN * lead over the runner-up
# + W_COVERAGE * share of the question's words the entry knows + W_EVIDENCE * weight of those words).
BIAS = -4.094
W_SCORE = 3.415
W_MARGIN = 1.210
W_COVERAGE = 4.599
W_EVIDENCE = 2.384
ANSWER_THRESHOLD = 0.45
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
