"""``kb export``: the bundled data directory with the secretariat's changes, as data files to commit.

The bundled files are copied as they are (comments and order kept); what the overlay added is written
to files of its own, which the loader reads as continuations of the main files: ``taught.yaml`` (the
taught questions), ``faq.staff.yaml`` (new answers' entries), ``facts.staff.yaml`` (their facts) and
``out_of_scope.staff.yaml`` (the topic "mark as out of scope" uses). A later export appends to them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from knowledge.models import KnowledgeBase
from knowledge.taught import taught_key

HEADER = "# Written by `madoguchi kb export` from the secretariat's changes in the back office.\n"


class ExportError(Exception):
    """The target directory cannot be written (not empty, not a directory)."""


def _dump(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude_defaults=True)


def _append(path: Path, items: list[dict[str, Any]]) -> int:
    """Append ``items`` to the YAML list in ``path`` (created if missing); returns how many were added."""
    if not items:
        return 0
    existing: list[Any] = []
    if path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        existing = loaded if isinstance(loaded, list) else []
    body = yaml.safe_dump([*existing, *items], allow_unicode=True, sort_keys=False, width=120)
    path.write_text(HEADER + body, encoding="utf-8")
    return len(items)


def export_knowledge(source_dir: Path, bundled: KnowledgeBase, merged: KnowledgeBase, target_dir: Path) -> dict[str, int]:
    """Copy ``source_dir`` (the data ``bundled`` was loaded from) to ``target_dir`` and add what ``merged``
    has beyond it. Returns the number of items written per file."""
    if target_dir.exists() and (not target_dir.is_dir() or any(target_dir.iterdir())):
        raise ExportError(f"{target_dir} must be a new or empty directory")
    shutil.copytree(source_dir, target_dir, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    known_taught = {(taught_key(t.question), t.target) for t in bundled.taught}
    entry_ids = {entry.id for entry in bundled.all_entries()}
    fact_ids = {fact.id for fact in bundled.facts}
    topic_ids = {topic.id for topic in bundled.out_of_scope}
    added = {
        "faq.staff.yaml": [_dump(e) for e in merged.faq if e.id not in entry_ids],
        "facts.staff.yaml": [_dump(f) for f in merged.facts if f.id not in fact_ids],
        "out_of_scope.staff.yaml": [_dump(t) for t in merged.out_of_scope if t.id not in topic_ids],
        "taught.yaml": [_dump(t) for t in merged.taught if (taught_key(t.question), t.target) not in known_taught],
    }
    return {name: _append(target_dir / name, items) for name, items in added.items()}
