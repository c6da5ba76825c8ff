"""Benchmark: /api/chat throughput and p99 under wrk, against a bare FastAPI endpoint in the same run.

Prints req/s and latency for both and the ratio madoguchi/bare (target ≥ 0.4), then the resident memory
of the madoguchi worker after the load (target ≤ 250 MB).

    .venv/bin/python -m bench.chat_throughput [--seconds 10] [--connections 32] [--database-url URL]
"""

from __future__ import annotations

import argparse

from bench.servers import migrated_database, rss_mb, start_bare, start_madoguchi, stop, wrk_post

QUESTION = {"message": "開示請求の手数料はいくらですか？"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    database_url = migrated_database(args.database_url)
    bare, bare_url = start_bare()
    try:
        wrk_post(bare_url + "/api/chat", QUESTION, seconds=2, connections=args.connections)  # warm-up
        baseline = wrk_post(bare_url + "/api/chat", QUESTION, seconds=args.seconds, connections=args.connections)
    finally:
        stop(bare)
    server, url = start_madoguchi(database_url)
    try:
        wrk_post(url + "/api/chat", QUESTION, seconds=2, connections=args.connections)
        ours = wrk_post(url + "/api/chat", QUESTION, seconds=args.seconds, connections=args.connections)
        memory = rss_mb(server.pid)
    finally:
        stop(server)
    backend = database_url.split(":", 1)[0]
    print(f"/api/chat on {backend}, 1 uvicorn worker, {args.connections} connections, {args.seconds}s (wrk)")
    for name, figures in (("bare FastAPI", baseline), ("madoguchi", ours)):
        print(f"  {name:13s} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:6.1f} ms  "
              f"p99 {figures['p99_ms']:6.1f} ms  non-2xx {figures['non_2xx']:.0f}  socket errors {figures['socket_errors']}")
    print(f"  ratio madoguchi/bare: {ours['rps'] / baseline['rps']:.2f} (target >= 0.4)")
    print(f"  resident memory of the madoguchi worker after the load: {memory:.0f} MB (target <= 250 MB)")


if __name__ == "__main__":
    main()
