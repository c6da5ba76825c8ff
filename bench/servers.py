"""Helpers for the benchmarks: start servers on loopback and drive them with wrk."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not healthy in time")


def migrated_database(url: str | None) -> str:
    """The given URL (migrated), or a fresh SQLite file in a temp dir."""
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='madoguchi-bench-')}/bench.db"
    subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], cwd=REPO, check=True,
                   env={**os.environ, "MADOGUCHI_DATABASE_URL": url}, stdout=subprocess.DEVNULL)
    return url


def start_madoguchi(database_url: str, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MADOGUCHI_DATABASE_URL": database_url, "MADOGUCHI_CHAT_RATE_PER_MINUTE": "100000000",
           "MADOGUCHI_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", str(workers), "--no-migrate"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base + "/healthz", process)
    return process, base


def start_bare(workers: int = 1) -> tuple[subprocess.Popen, str]:
    """A bare FastAPI app returning constant JSON, under the same uvicorn settings as ``madoguchi serve``."""
    port = free_port()
    code = (f"import uvicorn; uvicorn.run('bench.bare_app:app', host='127.0.0.1', port={port}, "
            f"workers={workers}, proxy_headers=True, log_level='warning', access_log=False)")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base + "/healthz", process)
    return process, base


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_post(url: str, body: dict | list[dict], *, seconds: int, connections: int, threads: int = 2) -> dict:
    """POST JSON with wrk (one body, or a list used in turn); returns req/s, p50/p99 (ms), non-2xx count."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    bodies = body if isinstance(body, list) else [body]
    script = Path(tempfile.mkdtemp()) / "post.lua"
    table = ",\n".join(_lua_string(json.dumps(b, ensure_ascii=False)) for b in bodies)
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"local bodies = {{{table}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n"
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("P50 %f\\nP99 %f\\n", latency:percentile(50), latency:percentile(99)))\n'
        "end\n", encoding="utf-8")
    result = subprocess.run([wrk, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "-s",
                             str(script), url], capture_output=True, text=True, check=True)
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = float(re.search(r"^P50 ([\d.]+)", out, re.M).group(1)) / 1000
    p99 = float(re.search(r"^P99 ([\d.]+)", out, re.M).group(1)) / 1000
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": float(non2xx.group(1)) if non2xx else 0.0,
            "socket_errors": errors.group(1) if errors else "none"}


def rss_mb(pid: int) -> float:
    """Resident set size of one process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
