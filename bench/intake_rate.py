"""Benchmark: intake tickets per second through ``POST /api/requests`` with 4 web workers (target ≥ 300/s on
PostgreSQL), on SQLite and on PostgreSQL, then checks that every acknowledged ticket is in the database.

    .venv/bin/python -m bench.intake_rate [--seconds 10] [--workers 4] [--postgres-url URL]

Without --postgres-url a throwaway cluster is started with scripts/test-postgres.
"""

from __future__ import annotations

import argparse
import subprocess
import uuid

from sqlalchemy import create_engine, func, select, text

from bench.servers import REPO, migrated_database, rss_mb, start_madoguchi, stop, wrk_post
from intake.db import make_engine
from intake.models import Ticket

REQUEST = {"kind": "disclosure", "requester": "self", "name": "ベンチ 太郎", "email": "bench@example.org"}


def fresh_postgres_database(admin_url: str) -> str:
    name = f"madoguchi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url


def measure(database_url: str, *, workers: int, seconds: int, connections: int) -> None:
    database_url = migrated_database(database_url)
    server, base = start_madoguchi(database_url, workers=workers)
    try:
        figures = wrk_post(base + "/api/requests", REQUEST, seconds=seconds, connections=connections)
        memory = rss_mb(server.pid)
    finally:
        stop(server)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(Ticket))
        distinct = connection.scalar(select(func.count(func.distinct(Ticket.reference))))
    engine.dispose()
    backend = database_url.split(":", 1)[0]
    acknowledged = figures["rps"] * seconds
    print(f"  {backend:22s} {figures['rps']:7.1f} tickets/s  p50 {figures['p50_ms']:6.1f} ms  "
          f"p99 {figures['p99_ms']:6.1f} ms  non-2xx {figures['non_2xx']:.0f}  stored {stored} "
          f"(~{acknowledged:.0f} acknowledged), distinct references {distinct}, supervisor RSS {memory:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--postgres-url", default=None, help="admin URL of a PostgreSQL server")
    args = parser.parse_args()
    admin_url = args.postgres_url or subprocess.run(
        [str(REPO / "scripts" / "test-postgres")], capture_output=True, text=True, check=True).stdout.strip()
    print(f"POST /api/requests, {args.workers} uvicorn workers, {args.connections} connections, {args.seconds}s (wrk)")
    measure(None, workers=args.workers, seconds=args.seconds, connections=args.connections)
    measure(fresh_postgres_database(admin_url), workers=args.workers, seconds=args.seconds,
            connections=args.connections)


if __name__ == "__main__":
    main()
