"""Pins the dependency direction: ``bot`` → ``intake``, ``knowledge``; only ``bot.settings`` reads the environment."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FRONT_END_LIBRARIES = {"slack_bolt", "slack_sdk", "fastapi", "starlette", "uvicorn", "bot"}


def python_files(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def reads_environment(path: Path) -> list[int]:
    """Line numbers that touch os.environ / getenv / pydantic-settings."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        touches = (
            (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"))
            or (isinstance(node, ast.Name) and node.id in ("environ", "getenv"))
            or (isinstance(node, ast.ImportFrom) and node.module == "os"
                and any(a.name in ("environ", "getenv") for a in node.names))
        )
        if touches:
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("package", ["knowledge", "intake"])
def test_domain_packages_do_not_reach_for_front_ends(package):
    offenders = {}
    for path in python_files(package):
        bad = {m for m in imported_modules(path) if m.split(".")[0] in FRONT_END_LIBRARIES}
        if bad:
            offenders[str(path.relative_to(REPO))] = sorted(bad)
    assert offenders == {}


def test_knowledge_does_not_depend_on_intake_or_the_database():
    offenders = {
        str(path.relative_to(REPO)): sorted(m for m in imported_modules(path) if m.split(".")[0] in {"intake", "sqlalchemy"})
        for path in python_files("knowledge")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("package", ["knowledge", "intake", "bot"])
def test_only_bot_settings_reads_the_environment(package):
    allowed = {REPO / "bot" / "settings.py"}
    offenders = {str(p.relative_to(REPO)): reads_environment(p) for p in python_files(package) if p not in allowed}
    assert {k: v for k, v in offenders.items() if v} == {}
    settings_users = [p for p in python_files(package)
                      if "pydantic_settings" in imported_modules(p) and p not in allowed]
    assert settings_users == []


def test_the_architecture_test_would_catch_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom fastapi import FastAPI\nURL = os.environ['X']\nY = os.getenv('Y')\n")
    assert "fastapi" in imported_modules(bad)
    assert reads_environment(bad) == [3, 4]


# ----- Another organisation's policy is data, and the domain knows no front end ---------------------------
# Counted over the string constants of the code (docstrings and comments explain, they are left out).
CODE_PACKAGES = ("bot", "intake", "knowledge")
# Released migrations are the schema's history: they are never edited, so what they spell is left alone.
FROZEN = REPO / "intake" / "migrations" / "versions"
SECTION_NUMERAL = re.compile("[\u2160-\u216a]")  # Ⅰ–Ⅺ, the bundled policy's section numbers
STAMPS = re.compile(r"切手|\bstamps?\b", re.IGNORECASE)
LANGUAGE_CODES = {"ja", "en"}
DEFAULT_LANGUAGE_NAMES = {"DEFAULT_LANG", "DEFAULT_LANGUAGE"}


def string_constants(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant except docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def code_files(*packages: str) -> list[Path]:
    return [p for package in packages for p in python_files(package) if FROZEN not in p.parents]


def found(pattern: re.Pattern[str], *packages: str) -> list[str]:
    return [f"{p.relative_to(REPO)}:{line}: {text[:60]!r}" for p in code_files(*packages)
            for line, text in string_constants(p) if pattern.search(text)]


def where(path: Path) -> str:
    return str(path.relative_to(REPO)) if REPO in path.parents else path.name


def language_comparisons(path: Path) -> list[str]:
    """``x == "ja"``-like tests: an == or != with a language code or the default language on one side."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
            sides = [node.left, *node.comparators]
            if any((isinstance(s, ast.Constant) and s.value in LANGUAGE_CODES)
                   or (isinstance(s, ast.Name) and s.id in DEFAULT_LANGUAGE_NAMES)
                   or (isinstance(s, ast.Attribute) and s.attr in DEFAULT_LANGUAGE_NAMES) for s in sides):
                hits.append(f"{where(path)}:{node.lineno}: {ast.unparse(node)}")
    return hits


def test_no_section_number_of_a_policy_is_written_in_code():
    assert found(SECTION_NUMERAL, *CODE_PACKAGES) == []


def test_no_way_of_paying_the_fee_is_written_in_code():
    assert found(STAMPS, *CODE_PACKAGES) == []


def test_intake_names_no_front_end():
    assert found(re.compile("slack", re.IGNORECASE), "intake") == []


def test_at_most_two_comparisons_choose_a_language():
    hits = [hit for p in code_files(*CODE_PACKAGES) for hit in language_comparisons(p)]
    # The engine's two typography rules: Japanese text is set with full-width brackets, and an English
    # answer shows the Japanese address (what goes on the envelope) with its romanisation.
    assert len(hits) <= 2, "\n".join(hits)


def test_the_scans_see_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Ⅶ.3 and stamps in a docstring."""\nA = "Ⅶ.3"\nB = "postal stamps"\nC = "slack.dm"\n'
                   'D = "x-slack-request-timestamp"\nif lang == "ja":\n    pass\nif lang != DEFAULT_LANG:\n    pass\n')
    texts = [text for _line, text in string_constants(bad)]
    assert texts == ["Ⅶ.3", "postal stamps", "slack.dm", "x-slack-request-timestamp", "ja"]
    assert [t for t in texts if SECTION_NUMERAL.search(t)] == ["Ⅶ.3"]
    assert [t for t in texts if STAMPS.search(t)] == ["postal stamps"]
    assert len(language_comparisons(bad)) == 2


# ----- Data access through intake, one unit of work, a typed context ----------------------------------------
QUERY_CALLS = {"select", "query", "scalars", "scalar", "execute", "get"}  # session.get, select(...), …


def query_calls(path: Path) -> list[str]:
    """Calls that build or run a query: ``select(…)``, ``session.query/scalars/execute/get(…)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "select":
                hits.append(f"{where(path)}:{node.lineno}: select(…)")
            elif isinstance(func, ast.Attribute) and func.attr in QUERY_CALLS and isinstance(func.value, ast.Name) \
                    and func.value.id in ("session", "s", "connection"):
                hits.append(f"{where(path)}:{node.lineno}: {func.value.id}.{func.attr}(…)")
    return hits


def test_front_ends_leave_queries_to_intake():
    assert [hit for p in python_files("bot") for hit in query_calls(p)] == []


def test_the_query_scan_sees_a_query(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("rows = session.scalars(select(Ticket)).all()\nticket = session.get(Ticket, 1)\n")
    assert len(query_calls(bad)) == 3


def test_one_way_to_open_a_unit_of_work():
    """Sessions come from intake.db.UnitOfWork, through AppContext.transaction / in_transaction."""
    offenders = []
    for path in python_files("bot"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            receiver = func.value if isinstance(func, ast.Attribute) else None
            named = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
            if (isinstance(func, ast.Attribute) and (func.attr == "sessions" or (
                    func.attr in ("begin", "connect") and named in ("sessions", "db", "engine")))) or (
                    isinstance(func, ast.Name) and func.id in ("sessionmaker", "Session")):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:60]}")
    assert offenders == []


def test_the_context_is_typed():
    from dataclasses import fields

    from bot.context import AppContext

    names = {f.name: f.type for f in fields(AppContext)}
    assert "extras" not in names and all("Any" not in str(t) for t in names.values())
    untyped = [f"{p.relative_to(REPO)}:{line}" for p in python_files("bot")
               for line, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"\bctx: (Any|object)\b", text)]
    assert untyped == []


def test_shared_wiring_does_not_live_in_a_front_end():
    """The core, the context, delivery, maintenance and the CLI reach no front end's package; only the
    registry of front ends (bot/frontends.py) and the Slack worker's own command name one."""
    front_ends = ("bot.web", "bot.slack")
    allowed = {REPO / "bot" / "frontends.py", REPO / "bot" / "commands" / "slack.py"}
    offenders = {}
    for path in python_files("bot"):
        if path in allowed or any(part in ("web", "slack") for part in path.relative_to(REPO / "bot").parts[:-1]):
            continue
        bad = sorted(m for m in imported_modules_anywhere(path) if m.startswith(front_ends))
        if bad:
            offenders[str(path.relative_to(REPO))] = bad
    assert offenders == {}


def imported_modules_anywhere(path: Path) -> set[str]:
    """Every module imported by ``path``, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules
