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
SHARED = REPO.parent / "shared"
TINY = REPO / "tests" / "fixtures" / "knowledge_tiny"
MADOGUCHI = Path(sys.executable).parent / "madoguchi"

sys.path.insert(0, str(HERE))  # kb_scoring, the evaluation's answer check


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)
