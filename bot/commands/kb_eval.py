"""``madoguchi kb eval FILE``: score a question file against the live knowledge (bundled data + live changes).

The file has the format of the evaluation's ``score.py`` (``q``, ``expect_all``, ``expect_none``, ``oos``,
optionally ``matched``); the score is the scorer's, computed in process, and is recorded in the
database so the back office shows it next to the knowledge version it was measured on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.evaluation import MIN_ANSWERED, MIN_DECLINED


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kb eval``."""
    parser = sub.add_parser("eval", help="score a question file against the live knowledge")
    parser.add_argument("file", help="question file (JSON, the score.py format)")
    parser.add_argument("--data-dir", help="data directory (default: settings / bundled data)")
    parser.add_argument("--min-answered", type=float, default=MIN_ANSWERED, help="pass mark for in-scope questions")
    parser.add_argument("--min-declined", type=float, default=MIN_DECLINED, help="pass mark for out-of-scope ones")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument("--no-record", action="store_true", help="do not store the score in the database")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print each failure and a PASS/FAIL line like score.py; exit 0 on pass, 1 on fail or error."""
    from bot.commands.kb_live import LiveUnavailable, data_dir_of, load_live
    from bot.settings import get_settings
    from knowledge.engine import AnswerEngine
    from knowledge.evaluation import EvalFileError, read_items, score
    from knowledge.loader import KnowledgeError

    settings = get_settings()
    try:
        items = read_items(Path(args.file))
        live = load_live(data_dir_of(args.data_dir), settings.database_url)
    except (EvalFileError, LiveUnavailable) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KnowledgeError as exc:
        print("the knowledge with the live changes is invalid:", *map(str, exc.problems), sep="\n", file=sys.stderr)
        return 1
    engine = AnswerEngine(live.merged, max_chars=settings.max_message_chars)

    def answer(question: str) -> tuple[str, bool]:
        found = engine.answer(question)
        return found.text, found.matched

    result = score(items, answer)
    if not args.quiet:
        for question, why in result.failures:
            print(f"- {question}\n    {why}")
    verdict = "PASS" if result.passed(args.min_answered, args.min_declined) else "FAIL"
    print(f"{verdict}: {result.summary()}, knowledge version {live.version} ({live.changes} live change(s))")
    if not args.no_record:
        _record(settings.database_url, args.file, result, live.version)
    return 0 if verdict == "PASS" else 1


def _record(database_url: str, file: str, result, version: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import SQLAlchemyError

    from intake.db import UnitOfWork, make_engine
    from intake.evaluations import record_run

    engine = make_engine(database_url)
    try:
        with UnitOfWork(engine).begin() as session:
            record_run(session, file=str(Path(file).resolve()), answered=result.answered, in_scope=result.in_scope,
                       declined=result.declined, out_of_scope=result.out_of_scope, version=version)
    except SQLAlchemyError as exc:
        print(f"the score could not be recorded ({type(exc).__name__})", file=sys.stderr)
    finally:
        engine.dispose()
