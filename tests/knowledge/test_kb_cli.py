"""`madoguchi ask` through the installed console script: arguments, stdin, --json, bad bytes."""

from __future__ import annotations

import json
import subprocess

from conftest import MADOGUCHI


def ask(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(MADOGUCHI), "ask", *args], input=stdin, capture_output=True, timeout=120)


def test_ask_one_question_prints_answer_and_citation():
    result = ask("委任状には何を押せばいいですか")
    out = result.stdout.decode()
    assert result.returncode == 0 and "実印" in out and "Ⅶ.2" in out  # the section it rests on


def test_stdin_one_question_per_line_in_order_as_json():
    questions = ["開示請求の手数料は？", "What is the weather like?", "", "電話番号は？"]
    result = ask("--json", stdin=("\n".join(questions) + "\n").encode())
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0 and len(lines) == len(questions)
    replies = [json.loads(line) for line in lines]
    assert [r["question"] for r in replies] == questions
    assert replies[0]["matched"] and replies[0]["sources"]
    assert not replies[1]["matched"] and replies[1]["lang"] == "en"
    assert not replies[2]["matched"]
    for reply in replies:
        # The fields score.py and scripts rely on; later fields are only ever added.
        assert {"question", "answer", "lang", "matched", "confidence", "sources", "suggestions"} <= set(reply)
        assert "XX-XXXX" not in reply["answer"] and "example@example.com" not in reply["answer"]


def test_binary_junk_and_huge_lines_never_crash():
    junk = bytes(b for b in range(256) if b != 0x0A) + b"\n" + b"\xff\xfe\x00garbage\n"
    junk += ("長" * 10_000).encode() + b"\n" + "😀🙏\u2028\x85\n".encode()
    result = ask("--json", stdin=junk)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    replies = [json.loads(line) for line in result.stdout.decode().splitlines()]  # as score.py splits
    assert len(replies) == 4 and all(r["answer"].strip() for r in replies)
    assert not any(r["matched"] for r in replies[2:])


def test_empty_question_argument_gets_a_clear_reply():
    result = ask("   ")
    assert result.returncode == 0 and result.stdout.decode().strip()


def test_the_built_index_is_kept_in_madoguchi_cache_dir(tmp_path):
    import os

    cache = tmp_path / "cache"
    env = {**os.environ, "MADOGUCHI_CACHE_DIR": str(cache), "XDG_CACHE_HOME": str(tmp_path / "elsewhere")}
    for _ in range(2):  # the second run reads what the first one stored
        result = subprocess.run([str(MADOGUCHI), "ask", "開示請求の手数料は？"], capture_output=True, timeout=120, env=env)
        assert result.returncode == 0 and "1,000" in result.stdout.decode()
    assert [p.suffix for p in cache.glob("engine-*")] == [".pickle"]
    assert not (tmp_path / "elsewhere").exists()
