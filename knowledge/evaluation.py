"""``kb eval``: score a question file in the format of the evaluation's ``score.py``, in process.

An item is ``{"q", "lang", "expect_all": [[alternatives], …], "expect_none": [...], "oos": bool,
"matched"?: bool | null}``. An in-scope question passes when it is answered (``matched``), every group
of ``expect_all`` has one alternative in the answer and nothing of ``expect_none`` is; with
``"matched": null`` it may be answered or declined and only its text is checked. An out-of-scope
question passes when it is declined. Text is compared after the scorer's folding.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"), "-")
MIN_ANSWERED = 0.95  # the scorer's default pass marks
MIN_DECLINED = 0.9


class EvalFileError(Exception):
    """The question file cannot be read or has the wrong shape (the message names where)."""


def fold(text: str) -> str:
    """NFKC, lower case, one kind of dash and apostrophe, no thousands separators (as ``score.py``)."""
    t = unicodedata.normalize("NFKC", text).lower().translate(_DASHES).replace("\u2019", "'")
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    t = re.sub(r"(?<=\d)\s+(?=円)", "", t)
    return re.sub(r"¥\s+(?=\d)", "¥", t)


@dataclass
class EvalScore:
    """Passes among in-scope and out-of-scope questions, and the questions that failed."""

    answered: int = 0
    in_scope: int = 0
    declined: int = 0
    out_of_scope: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (question, why)

    @property
    def answered_rate(self) -> float:
        return self.answered / max(self.in_scope, 1)

    @property
    def declined_rate(self) -> float:
        return self.declined / max(self.out_of_scope, 1)

    def passed(self, min_answered: float = MIN_ANSWERED, min_declined: float = MIN_DECLINED) -> bool:
        return self.answered_rate >= min_answered and self.declined_rate >= min_declined

    def summary(self) -> str:
        """The scorer's last line (without PASS/FAIL)."""
        return (f"answered {self.answered}/{self.in_scope} ({self.answered_rate:.0%}), declined "
                f"{self.declined}/{self.out_of_scope} out of scope ({self.declined_rate:.0%})")


def read_items(path: Path) -> list[dict[str, Any]]:
    """The items of a question file; :class:`EvalFileError` naming the problem otherwise."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalFileError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(items, list):
        raise EvalFileError(f"{path}: expected a list of questions")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise EvalFileError(f"{path}: item {number} has no question text (\"q\")")
        groups = item.get("expect_all", [])
        if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
            raise EvalFileError(f"{path}: item {number}: expect_all must be a list of lists")
        if not isinstance(item.get("expect_none", []), list):
            raise EvalFileError(f"{path}: item {number}: expect_none must be a list")
    return items


def score(items: list[dict[str, Any]], answer: Callable[[str], tuple[str, bool]]) -> EvalScore:
    """Score ``items``; ``answer(question)`` gives (the reply text, whether it was answered)."""
    result = EvalScore()
    for item in items:
        text, matched = answer(item["q"].replace("\n", " "))
        reply = fold(text)
        if item.get("oos"):
            result.out_of_scope += 1
            if not matched:
                result.declined += 1
            else:
                result.failures.append((item["q"], "answered a question it should have declined"))
            continue
        result.in_scope += 1
        missing = [g for g in item.get("expect_all", []) if not any(fold(str(x)) in reply for x in g)]
        wrong = [x for x in item.get("expect_none", []) if fold(str(x)) in reply]
        want = item.get("matched", True)  # None: the policy is silent there; either way, say so
        if (want is None or matched == want) and not missing and not wrong:
            result.answered += 1
            continue
        why = ("declined" if want and not matched else "") + (f" missing {missing}" if missing else "") + (
            f" must not say {wrong}" if wrong else "")
        result.failures.append((item["q"], why.strip()))
    return result
