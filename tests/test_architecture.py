"""Pins the dependency direction: ``bot`` → ``intake``, ``knowledge``; only ``bot.settings`` reads the environment."""

from __future__ import annotations

import ast
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
