"""Benchmark: how soon a knowledge change reaches every process — polling the version row (what Madoguchi
does) against PostgreSQL LISTEN/NOTIFY — and end to end through two ``madoguchi serve`` processes.

    .venv/bin/python -m bench.knowledge_reload [--rounds 10] [--postgres-url URL] [--poll-seconds 1.0]

Each round commits one change (a taught question, then its revert) the way the staff API does, and
measures, in two worker processes per mechanism, the time from the commit to the new answer engine being
in place; the rebuild itself is measured inside the worker. Then the same with real servers: from the
commit until both answer the question the new way over HTTP. Without --postgres-url a throwaway cluster
is started with scripts/test-postgres.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import threading
import time

import httpx

from bench.intake_rate import fresh_postgres_database
from bench.servers import REPO, migrated_database, start_madoguchi, stop

QUESTION = "会議室の予約はどうすればいいですか"
CHANNEL = "madoguchi_knowledge"


def change(database_url: str, round_number: int, *, notify: bool) -> float:
    """Commit one change (teach on even rounds, revert on odd ones); returns the wall-clock time of the commit."""
    from sqlalchemy import text

    from intake import knowledge_overlay
    from intake.db import make_engine, make_session_factory

    engine = make_engine(database_url)
    with make_session_factory(engine).begin() as session:
        state = knowledge_overlay.lock(session)
        live = knowledge_overlay.live_changes(session)
        if live:
            version = knowledge_overlay.revert(session, state, live[0], "bench")
        else:
            knowledge_overlay.teach(session, question=QUESTION, target_kind="entry", target_id="how_to_disclosure",
                                    actor="bench")
            version = knowledge_overlay.published(session, state)
        if notify:
            session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(version)})
    committed = time.time()
    engine.dispose()
    return committed


def worker(mode: str, database_url: str, poll_seconds: float) -> None:
    """One process like a web worker: prints a JSON line each time its knowledge was rebuilt."""
    from bot.context import build_context
    from bot.live_knowledge import KnowledgeWatcher, live_of, refresh
    from bot.settings import Settings

    ctx = build_context(Settings(database_url=database_url, knowledge_poll_seconds=poll_seconds))
    refresh(ctx)

    def report() -> None:
        live = live_of(ctx)
        print(json.dumps({"at": time.time(), "version": live.version, "rebuild": live.last_reload_seconds}), flush=True)

    if mode == "poll":  # the real mechanism, with its loop wrapped to report rebuilds
        import bot.live_knowledge as live_module

        original = live_module.refresh

        def reporting(context):  # type: ignore[no-untyped-def]
            rebuilt = original(context)
            if rebuilt:
                report()
            return rebuilt

        live_module.refresh = reporting
        KnowledgeWatcher(ctx, poll_seconds).start()
        print(json.dumps({"ready": True}), flush=True)
        threading.Event().wait()
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"LISTEN {CHANNEL}")
        print(json.dumps({"ready": True}), flush=True)
        while True:
            for _notice in connection.notifies():
                if refresh(ctx):
                    report()


def _start_workers(mode: str, database_url: str, poll_seconds: float, count: int = 2) -> list[subprocess.Popen]:
    processes = []
    for _ in range(count):
        process = subprocess.Popen([sys.executable, "-m", "bench.knowledge_reload", "--worker", mode,
                                    "--database-url", database_url, "--poll-seconds", str(poll_seconds)],
                                   cwd=REPO, stdout=subprocess.PIPE, text=True,
                                   env={**os.environ, "MADOGUCHI_LOG_LEVEL": "WARNING"})
        assert json.loads(process.stdout.readline()).get("ready")
        processes.append(process)
    return processes


def _read(process: subprocess.Popen, timeout: float) -> dict:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise TimeoutError("a worker did not rebuild in time")
    return json.loads(process.stdout.readline())


def measure_workers(mode: str, database_url: str, rounds: int, poll_seconds: float) -> tuple[list[float], list[float]]:
    """(commit → engine swapped, rebuild) in seconds, over every worker and round."""
    processes = _start_workers(mode, database_url, poll_seconds)
    totals, rebuilds = [], []
    try:
        for number in range(rounds):
            committed = change(database_url, number, notify=mode == "listen")
            for process in processes:
                line = _read(process, 30)
                totals.append(line["at"] - committed)
                rebuilds.append(line["rebuild"])
            time.sleep(0.3)
    finally:
        for process in processes:
            process.kill()
            process.wait()
    return totals, rebuilds


def measure_servers(database_url: str, rounds: int) -> list[float]:
    """Commit → both real servers answer the question the new way, over HTTP (the poll mechanism)."""
    servers = [start_madoguchi(database_url) for _ in range(2)]
    found = []
    try:
        for number in range(rounds):
            wanted = "answer" if number % 2 == 0 else "decline"
            committed = change(database_url, number, notify=False)
            for _process, base in servers:
                while httpx.post(f"{base}/api/chat", json={"message": QUESTION}).json()["messages"][0]["kind"] != wanted:
                    time.sleep(0.02)
                found.append(time.time() - committed)
            time.sleep(0.3)
    finally:
        for process, _base in servers:
            stop(process)
    return found


def _row(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"  {name:44s} median {statistics.median(values) * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"max {max(values) * 1000:6.0f} ms  (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    parser.add_argument("--postgres-url", default=None, help="admin URL of a PostgreSQL server")
    parser.add_argument("--worker", choices=["poll", "listen"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.database_url, args.poll_seconds)
        return
    admin_url = args.postgres_url or subprocess.run(
        [str(REPO / "scripts" / "test-postgres")], capture_output=True, text=True, check=True).stdout.strip()
    print(f"knowledge change → every process, PostgreSQL, 2 workers, {args.rounds} changes, poll every "
          f"{args.poll_seconds:g} s")
    for mode in ("poll", "listen"):
        url = migrated_database(fresh_postgres_database(admin_url))
        totals, rebuilds = measure_workers(mode, url, args.rounds, args.poll_seconds)
        detection = [t - r for t, r in zip(totals, rebuilds, strict=True)]
        print(_row(f"{mode}: commit → new engine in place", totals))
        print(_row(f"{mode}: of which detection", detection))
        print(_row(f"{mode}: of which rebuild", rebuilds))
    url = migrated_database(fresh_postgres_database(admin_url))
    print(_row("poll, 2 × madoguchi serve: commit → HTTP answer", measure_servers(url, args.rounds)))
    sqlite = migrated_database(None)
    print(_row("poll, 2 × madoguchi serve on SQLite", measure_servers(sqlite, args.rounds)))


if __name__ == "__main__":
    main()
