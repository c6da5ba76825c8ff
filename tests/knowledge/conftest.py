"""Fixtures for the knowledge-base and answer-engine tests: the bundled base and one engine per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from knowledge.engine import AnswerEngine
from knowledge.loader import DEFAULT_DATA_DIR, load_knowledge
from knowledge.models import KnowledgeBase

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# The shared evaluation and policy text sit next to the repository; a verbatim copy (tests/knowledge/shared_copy, checked
# against the original whenever both exist) keeps the suite runnable on a machine that only has the clone.
_BESIDE = REPO.parent / "shared"
SHARED_COPY = HERE / "shared_copy"
SHARED = _BESIDE if (_BESIDE / "eval" / "score.py").is_file() else SHARED_COPY
TINY = REPO / "tests" / "fixtures" / "knowledge_tiny"
MADOGUCHI = Path(sys.executable).parent / "madoguchi"

sys.path.insert(0, str(HERE))  # kb_scoring, the evaluation's answer check


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)
