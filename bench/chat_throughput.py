"""Benchmark: /api/chat throughput and p99 under wrk, against a bare FastAPI endpoint in the same run.

Both servers run under the same uvicorn settings (1 worker) and get the same load; rounds alternate
between them and the medians are reported, because on a small shared machine single runs vary by
±15%. Prints req/s and latency for both, the ratio madoguchi/bare (target ≥ 0.4), then the resident
memory of the madoguchi worker after the load (target ≤ 250 MB).

    .venv/bin/python -m bench.chat_throughput [--seconds 10] [--rounds 3] [--connections 32] [--varied]
"""

from __future__ import annotations

import argparse
import statistics

from bench.servers import migrated_database, rss_mb, start_bare, start_madoguchi, stop, wrk_post

QUESTION = {"message": "開示請求の手数料はいくらですか？"}


def varied_questions() -> list[dict]:
    """Every example question of the knowledge base, so the answer cache rarely helps."""
    from knowledge.loader import load_knowledge

    kb = load_knowledge()
    texts = [q for entry in kb.all_entries() for q in (*entry.examples_ja, *entry.examples_en)]
    return [{"message": text} for text in texts]


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--varied", action="store_true", help="rotate through ~1,500 different questions")
    parser.add_argument("--wrk-threads", type=int, default=1,
                        help="load generator threads (it shares the machine's cores with the server)")
    args = parser.parse_args()
    load = varied_questions() if args.varied else QUESTION
    database_url = migrated_database(args.database_url)

    bare, bare_url = start_bare()
    server, url = start_madoguchi(database_url)
    baseline: list[dict] = []
    ours: list[dict] = []
    try:
        for target in (bare_url, url):  # warm-up: caches, connection pools, the answer cache
            wrk_post(target + "/api/chat", load, seconds=2, connections=args.connections, threads=args.wrk_threads)
        for _ in range(args.rounds):
            for target, results in ((bare_url, baseline), (url, ours)):
                results.append(wrk_post(target + "/api/chat", load, seconds=args.seconds,
                                        connections=args.connections, threads=args.wrk_threads))
        memory = rss_mb(server.pid)
    finally:
        stop(bare)
        stop(server)

    backend = database_url.split(":", 1)[0]
    what = f"{len(load)} different questions in turn" if args.varied else "one question repeated"
    print(f"/api/chat on {backend}, 1 uvicorn worker, {args.connections} connections, "
          f"{args.rounds}×{args.seconds}s per server (wrk, medians), {what}")
    for name, runs in (("bare FastAPI", baseline), ("madoguchi", ours)):
        print(f"  {name:13s} {median_of(runs, 'rps'):8.1f} req/s  p50 {median_of(runs, 'p50_ms'):6.1f} ms  "
              f"p99 {median_of(runs, 'p99_ms'):6.1f} ms  non-2xx {sum(r['non_2xx'] for r in runs):.0f}")
    ratio = median_of(ours, "rps") / median_of(baseline, "rps")
    print(f"  ratio madoguchi/bare: {ratio:.2f} (target >= 0.4)")
    print(f"  resident memory of the madoguchi worker after the load: {memory:.0f} MB (target <= 250 MB)")


if __name__ == "__main__":
    main()
