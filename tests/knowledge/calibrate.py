"""Fit the confidence model of ``knowledge/calibration.py`` on the calibration set, and report it.

Usage: ``.venv/bin/python tests/knowledge/calibrate.py [--write] [calibration.json]`` (``--write`` stores the
fitted weights in ``knowledge/calibration.py``).

For every calibration question whose best hit is an in-scope entry, the label is whether answering with
that entry would be right (the scorer's rule: every expected group present; out-of-scope questions are
always wrong to answer). A logistic regression on (top score, lead over runner-up, coverage) gives the
confidence; the thresholds are then chosen as the lowest answer threshold whose answered questions are
at least 95% right, and a "did you mean" band below it. Paste the printed constants into
``knowledge/calibration.py``; ``test_calibration.py`` re-checks them.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from kb_scoring import passes  # noqa: E402

from knowledge.engine import OOS_PREFIX, AnswerEngine  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402


def rows(engine: AnswerEngine, items: list[dict]) -> list[tuple[list[float], int]]:
    """(features, label) for every question whose best hit is an in-scope entry."""
    data = []
    for item in items:
        hits = engine.index.search(item["q"].lower(), limit=12)
        if not hits or hits[0].owner.startswith(OOS_PREFIX):
            continue
        top = hits[0]
        runner_up = next((h.score for h in hits[1:] if h.owner != top.owner), 0.0)
        answer = engine.answer_entry(top.owner, item["lang"])
        label = 0 if item["oos"] else int(passes(item, answer.text))
        data.append(([top.score, top.score - runner_up, top.coverage, top.evidence], label))
    return data


def fit(data: list[tuple[list[float], int]], steps: int = 20000, rate: float = 0.5, l2: float = 0.001):
    """Plain gradient-descent logistic regression (a few dozen rows: no library needed)."""
    weights = [0.0] * (len(data[0][0]) + 1)
    for _ in range(steps):
        grad = [0.0] * len(weights)
        for x, y in data:
            z = weights[0] + sum(w * v for w, v in zip(weights[1:], x, strict=True))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            grad[0] += p - y
            for i, v in enumerate(x):
                grad[i + 1] += (p - y) * v
        weights = [w - rate * (g / len(data) + l2 * w * (i > 0)) for i, (w, g) in enumerate(zip(weights, grad, strict=True))]
    return weights


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--write"]
    path = Path(args[0]) if args else HERE / "calibration.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    engine = AnswerEngine(load_knowledge())
    data = rows(engine, items)
    bias, w_score, w_margin, w_coverage, w_evidence = fit(data)
    print(f"BIAS = {bias:.3f}\nW_SCORE = {w_score:.3f}\nW_MARGIN = {w_margin:.3f}")
    print(f"W_COVERAGE = {w_coverage:.3f}\nW_EVIDENCE = {w_evidence:.3f}")
    if "--write" in sys.argv:
        target = HERE.parents[1] / "knowledge" / "calibration.py"
        source = target.read_text(encoding="utf-8")
        for name, value in (("BIAS", bias), ("W_SCORE", w_score), ("W_MARGIN", w_margin),
                            ("W_COVERAGE", w_coverage), ("W_EVIDENCE", w_evidence)):
            source = re.sub(rf"^{name} = .*$", f"{name} = {value:.3f}", source, count=1, flags=re.M)
        target.write_text(source, encoding="utf-8")
    scored = []
    for x, y in data:
        z = bias + w_score * x[0] + w_margin * x[1] + w_coverage * x[2] + w_evidence * x[3]
        scored.append((1 / (1 + math.exp(-z)), y))
    scored.sort(reverse=True)
    for threshold in [t / 100 for t in range(20, 95, 5)]:
        answered = [y for p, y in scored if p >= threshold]
        wrong = len(answered) - sum(answered)
        missed = sum(y for p, y in scored if p < threshold)
        print(f"threshold {threshold:.2f}: answered {len(answered)} ({wrong} wrong), withheld {missed} right ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
