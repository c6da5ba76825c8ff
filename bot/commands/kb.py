"""``madoguchi kb check``: validate the knowledge data files and name every problem precisely (``kb export`` and
``kb eval`` are in their own modules)."""

from __future__ import annotations

import argparse
import sys


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``kb`` subcommands."""
    sub = parser.add_subparsers(dest="kb_command", metavar="SUBCOMMAND")
    check = sub.add_parser("check", help="validate the knowledge data files")
    check.add_argument("--data-dir", help="data directory (default: settings / bundled data)")
    check.set_defaults(handler=check_command)
    from bot.commands import kb_eval, kb_export

    kb_export.register(sub)
    kb_eval.register(sub)
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1])


def check_command(args: argparse.Namespace) -> int:
    """Print a summary and exit 0, or print one line per problem (file [entry] field: message), exit 1."""
    from knowledge.loader import KnowledgeError, load_knowledge

    directory = args.data_dir
    if directory is None:
        from bot.settings import get_settings

        setting = get_settings().knowledge_dir
        directory = str(setting) if setting else None
    try:
        kb = load_knowledge(directory)
        from knowledge.retrieval import check_synonyms  # needs the tokenizer, so only once the data is valid

        problems = check_synonyms(kb)
        if problems:
            raise KnowledgeError(problems)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    entries = kb.all_entries()
    examples = sum(len(e.examples_ja) + len(e.examples_en) for e in entries)
    counts = {kind: sum(1 for e in entries if e.kind == kind) for kind in ("section", "item", "faq", "silent")}
    print(
        f"OK: {kb.meta.title_ja} ({kb.meta.version}): {len(kb.sections)} sections, {counts['section']} section and "
        f"{counts['item']} item entries, {counts['faq']} FAQ, {counts['silent']} 'policy does not say', "
        f"{len(kb.out_of_scope)} out-of-scope topics, {examples} example questions, {len(kb.taught)} taught questions, "
        f"{len(kb.synonyms)} synonym rules, "
        f"{len(kb.requests.kinds)} request kinds"
    )
    return 0
