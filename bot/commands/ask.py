"""``madoguchi ask``: answer questions from the command line.

With a question argument it answers that one; without, it answers one question per line of standard
input, printing each question (``> …``) above its answer. ``--json`` prints one JSON object per question (the public contract documented on
:meth:`knowledge.engine.Answer.to_json`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``ask`` arguments."""
    parser.add_argument("question", nargs="*", help="the question (read one per line from stdin if omitted)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per question")
    parser.add_argument("--lang", choices=["ja", "en"], help="reply language (default: the question's)")
    parser.add_argument("--data-dir", help="knowledge data directory (default: settings / bundled data)")
    parser.set_defaults(handler=run)


def _engine(data_dir: str | None):  # type: ignore[no-untyped-def]
    from bot.settings import get_settings
    from knowledge.cache import cached_engine

    settings = get_settings()
    directory = data_dir or (str(settings.knowledge_dir) if settings.knowledge_dir else None)
    return cached_engine(directory, max_chars=settings.max_message_chars, cache_dir=_cache_dir())


def _cache_dir() -> str | None:
    """Where the built index is kept between runs: ~/.cache/madoguchi (None when there is no home)."""
    try:
        base = Path.home() / ".cache"
    except RuntimeError:
        return None
    return str(base / "madoguchi") if base.is_absolute() else None


def _print(answer, as_json: bool, question: str | None = None) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        line = json.dumps(answer.to_json(), ensure_ascii=False)
        # One object per line: escape the characters that str.splitlines() also treats as line breaks.
        print(line.translate(_LINE_BREAKS), flush=False)
        return
    if question is not None:  # a run over many questions stays readable: each answer under its question
        print(f"> {question}")
    print(answer.text)
    for number, suggestion in enumerate(answer.suggestions, start=1):
        print(f"  [{number}] {suggestion.entry_id} ({suggestion.confidence:.2f})")
    print()


def run(args: argparse.Namespace) -> int:
    """Answer the question(s); exit 0 even when the bot declines (that is an answer too)."""
    from knowledge.loader import KnowledgeError

    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the locale; never die on a stray surrogate
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        engine = _engine(args.data_dir)
    except KnowledgeError as exc:
        print(f"knowledge base is invalid:\n{exc}", file=sys.stderr)
        return 1
    if args.question:
        _print(engine.answer(" ".join(args.question), lang=args.lang), args.json)
        return 0
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    lines = (raw.decode("utf-8", "replace") for raw in stream) if stream else iter(sys.stdin)
    for line in lines:
        question = line.rstrip("\r\n")
        _print(engine.answer(question, lang=args.lang), args.json, question)
    sys.stdout.flush()
    return 0
