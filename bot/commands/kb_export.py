"""``madoguchi kb export DIR``: the bundled data with the secretariat's live changes, as files to commit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kb export``."""
    export = sub.add_parser("export", help="write the data files with the live changes from the database")
    export.add_argument("directory", help="a new or empty directory to write to")
    export.add_argument("--data-dir", help="data directory the changes apply to (default: settings / bundled data)")
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write DIR; exit 0 (and say how to check it), 1 if the knowledge is invalid, 2 if DIR cannot be used."""
    from bot.commands.kb_live import LiveUnavailable, data_dir_of, load_live
    from bot.settings import get_settings
    from knowledge.export import ExportError, export_knowledge
    from knowledge.loader import KnowledgeError

    try:
        live = load_live(data_dir_of(args.data_dir), get_settings().database_url)
        written = export_knowledge(live.source_dir, live.bundled, live.merged, Path(args.directory))
    except KnowledgeError as exc:
        print("the knowledge with the live changes is invalid:", *map(str, exc.problems), sep="\n", file=sys.stderr)
        return 1
    except LiveUnavailable as exc:
        print(f"cannot read the live changes: {exc}", file=sys.stderr)
        return 1
    except (ExportError, OSError) as exc:
        print(f"cannot export to {args.directory}: {exc}", file=sys.stderr)
        return 2
    added = ", ".join(f"{count} in {name}" for name, count in written.items() if count) or "no changes"
    print(f"exported knowledge version {live.version} ({live.changes} live change(s)) to {args.directory}: {added}")
    print(f"check it with: madoguchi kb check --data-dir {args.directory}")
    return 0
