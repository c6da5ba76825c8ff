"""``madoguchi kb export`` and ``kb eval`` against the live knowledge in the database, as run from a shell."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.backoffice.conftest import login
from tests.conftest import REPO
from tests.curation.conftest import DECLINED, ask, queue

MADOGUCHI = Path(sys.executable).parent / "madoguchi"
SHARED = REPO.parent / "shared" if (REPO.parent / "shared" / "eval" / "score.py").is_file() else (
    REPO / "tests" / "knowledge" / "shared_copy")


def run(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MADOGUCHI_DATABASE_URL": database_url, "MADOGUCHI_LOG_LEVEL": "WARNING"}
    return subprocess.run([str(MADOGUCHI), *args], capture_output=True, text=True, env=env, timeout=180)


def test_export_writes_the_live_changes_as_data_kb_check_accepts(client, accounts, database_url, tmp_path):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                json={"action": "attach", "entry_id": "how_to_disclosure"})
    exported = run(database_url, "kb", "export", str(tmp_path / "kb"))
    assert exported.returncode == 0, exported.stderr
    assert "1 in taught.yaml" in exported.stdout
    checked = run(database_url, "kb", "check", "--data-dir", str(tmp_path / "kb"))
    assert checked.returncode == 0 and "1 taught questions" in checked.stdout, checked.stderr
    taught = (tmp_path / "kb" / "taught.yaml").read_text(encoding="utf-8")
    assert DECLINED in taught and "entry: how_to_disclosure" in taught
    again = run(database_url, "kb", "export", str(tmp_path / "kb"))
    assert again.returncode == 2 and "new or empty directory" in again.stderr and "Traceback" not in again.stderr


def test_eval_scores_the_live_knowledge_and_the_back_office_shows_it(client, accounts, database_url, tmp_path):
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps([
        {"q": DECLINED, "lang": "ja", "expect_all": [["開示"]], "expect_none": [], "oos": False},
        {"q": "明日の天気は？", "lang": "ja", "expect_all": [], "expect_none": [], "oos": True}], ensure_ascii=False))
    before = run(database_url, "kb", "eval", str(questions))
    assert before.returncode == 1 and "FAIL: answered 0/1" in before.stdout and DECLINED in before.stdout
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                json={"action": "attach", "entry_id": "how_to_disclosure"})
    after = run(database_url, "kb", "eval", str(questions), "--quiet")
    assert after.returncode == 0 and after.stdout.startswith("PASS: answered 1/1 (100%), declined 1/1")
    assert "knowledge version 1" in after.stdout
    login(client)
    page = client.get("/staff").text
    tile = page.split('id="tile-eval"', 1)[1].split("</li>", 1)[0]
    assert "100%" in tile and "questions.json" in tile and "知識の版 1" in tile
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    failed = run(database_url, "kb", "eval", str(broken))
    assert failed.returncode == 1 and "not a JSON file" in failed.stderr and "Traceback" not in failed.stderr


def test_eval_agrees_with_the_evaluation_scorer(database_url):
    dev = SHARED / "eval" / "dev.json"
    scorer = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(dev), "--quiet",
                             "--cmd", f"{MADOGUCHI} ask --json"], capture_output=True, text=True, timeout=300)
    ours = run(database_url, "kb", "eval", str(dev), "--quiet", "--no-record")
    pattern = r"answered \d+/\d+ \(\d+%\), declined \d+/\d+ out of scope \(\d+%\)"
    assert re.search(pattern, scorer.stdout).group(0) == re.search(pattern, ours.stdout).group(0), (scorer.stdout, ours.stdout)
    assert scorer.returncode == ours.returncode
