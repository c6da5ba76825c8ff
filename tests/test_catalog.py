"""The one message catalog: every key in every language with the same placeholders, and every key the
code, the templates and the stored values ask for exists (a missing key would crash a page)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.core.feedback_texts import FEEDBACK_WORDS
from intake.curation import REASONS
from intake.curation import STATUSES as CURATION_STATUSES
from intake.status import Outcome, Status
from intake.workflow import TRANSITIONS
from knowledge.lang import LANGUAGES
from knowledge.language import LANGUAGE_DIR, catalog, check_catalogs, load_language, placeholders

REPO = Path(__file__).resolve().parents[1]
# Literal strings of this shape in the code are catalog keys (prefixes of keys built at run time are f-strings).
KEY = re.compile(r"^(chat|cli|kit|field|status|next_step|notice|email|date|deficiency|slack|web|staff|errors)\.[a-z_.]+(?<!\.html)$")
NOT_KEYS = {"slack.dm", "staff.id"}  # an outbox topic and a foreign key, shaped like keys
TEMPLATE_SAY = re.compile(r"""(?:say|every|both)\(\s*["']([a-z_.]+)["']""")
TEMPLATE_TR = re.compile(r"""\btr\(\s*["']([a-z_.]+)["']\s*[,)]""")


def test_every_key_is_in_every_language_with_the_same_placeholders():
    messages = load_language().messages
    assert set(messages) == set(LANGUAGES)
    keys = [set(catalog) for catalog in messages.values()]
    assert all(k == keys[0] for k in keys), "a key is missing in some language"
    assert check_catalogs(messages) == []
    for key in keys[0]:
        shapes = {frozenset(placeholders(messages[lang][key])) for lang in LANGUAGES}
        assert len(shapes) == 1, key


def test_the_check_names_a_missing_key_and_different_placeholders(tmp_path):
    problems = check_catalogs({"ja": {"a": "{x}です", "b": "はい"}, "en": {"a": "It is {y}"}})
    said = [str(p) for p in problems]
    assert any("messages.en.yaml [b]" in s and "missing" in s for s in said)
    assert any("[a]" in s and "placeholders differ" in s for s in said)
    assert check_catalogs({"ja": {"d": "{date.year}年"}, "en": {"d": "{date:%B} {date.day}"}}) == []


def test_a_key_written_in_two_files_is_named(tmp_path):
    for path in LANGUAGE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "messages.ja.zz.yaml").write_text("chat.welcome: もう一度\n", encoding="utf-8")
    (tmp_path / "messages.en.zz.yaml").write_text("chat.welcome: again\n", encoding="utf-8")
    from knowledge.loader import KnowledgeError

    with pytest.raises(KnowledgeError, match=r"messages\.ja\.zz\.yaml \[chat\.welcome\]: also written in"):
        load_language(tmp_path)


def _code_keys() -> set[str]:
    found = set()
    for package in ("bot", "intake", "knowledge"):
        for path in (REPO / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value) \
                        and id(node) not in parts and node.value not in NOT_KEYS:
                    found.add(node.value)
    return found


def _template_keys() -> set[str]:
    found = set()
    for path in (REPO / "bot" / "web" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= set(TEMPLATE_SAY.findall(text))
        prefix = "staff." if "staff" in path.parts else ""
        found |= {prefix + key for key in TEMPLATE_TR.findall(text)}
    return found


def test_every_key_the_code_and_the_pages_ask_for_exists():
    keys = _code_keys() | _template_keys()
    assert len(keys) > 150  # the scan sees the code's keys
    missing = sorted(key for key in keys if not catalog().has(key))
    assert missing == []


def test_every_key_built_from_a_stored_value_exists():
    moves = {target for targets in TRANSITIONS.values() for target in targets}
    built = [f"status.{s.value}" for s in Status] + [f"next_step.{s.value}" for s in Status]
    built += [f"staff.status.{s.value}" for s in Status] + [f"staff.move.{s.value}" for s in moves]
    built += [f"staff.outcome.{o.value}" for o in Outcome] + [f"notice.outcome.{o.value}" for o in Outcome]
    built += [f"staff.requester.{r}" for r in ("self", "agent")] + [f"kit.{r}" for r in ("self", "agent")]
    built += [f"staff.lang.{lang}" for lang in LANGUAGES] + [f"staff.role.{r}" for r in ("admin", "staff")]
    # The teaching loop: the rating words, the queue's statuses and reasons, the knowledge changes' kinds.
    built += [f"chat.feedback.{name}" for name in FEEDBACK_WORDS]
    built += [f"staff.curation.status.{s}" for s in CURATION_STATUSES] + [f"staff.reason.{r}" for r in REASONS]
    built += [f"staff.knowledge.kind.{k}" for k in ("teach", "new_answer")]
    built += [f"staff.knowledge.status.{s}" for s in ("proposed", "live", "reverted", "rejected")]
    assert [key for key in built if not catalog().has(key)] == []
