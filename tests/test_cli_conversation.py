"""The terminal front ends: ``madoguchi chat`` numbers every choice, ``madoguchi ask`` on stdin shows
each question above its answer."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def run_cli(args: list[str], stdin: str, database_url: str) -> str:
    env = {**os.environ, "MADOGUCHI_DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin.encode(), env=env, cwd=REPO,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def test_chat_lists_numbered_choices_and_a_number_chooses(database_url):
    out = run_cli(["chat", "--no-migrate"], "1\n", database_url)
    greeting, _, after = out.partition("[2]")
    assert "下のボタンからお選びください" in greeting and "[1] 請求を始める" in greeting
    assert "請求の状況を確認" in after.splitlines()[0]
    # "1" started a request: the kinds are offered, numbered too.
    assert "どのご請求ですか" in after and "[1] " in after.split("どのご請求ですか", 1)[1]


def test_ask_on_stdin_prints_each_question_before_its_answer(database_url):
    questions = ["開示請求の手数料は？", "How do I send the form?"]
    out = run_cli(["ask"], "\n".join(questions) + "\n", database_url)
    first, second = out.index("> 開示請求の手数料は？"), out.index("> How do I send the form?")
    assert first < out.index("1,000円") < second
