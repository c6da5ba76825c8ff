"""The live knowledge for the ``kb`` commands: the bundled data plus the changes in force in the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from knowledge.loader import DEFAULT_DATA_DIR, load_knowledge
from knowledge.models import KnowledgeBase
from knowledge.overlay import knowledge_with


class LiveUnavailable(Exception):
    """The database cannot be read (not reachable, or never migrated)."""


@dataclass(frozen=True)
class Live:
    source_dir: Path
    bundled: KnowledgeBase
    merged: KnowledgeBase
    version: int
    changes: int


def data_dir_of(option: str | None) -> Path:
    """``--data-dir``, else ``MADOGUCHI_KNOWLEDGE_DIR``, else the bundled data."""
    if option:
        return Path(option)
    from bot.settings import get_settings

    return get_settings().knowledge_dir or DEFAULT_DATA_DIR


def load_live(data_dir: Path, database_url: str) -> Live:
    """Load the data directory (KnowledgeError if invalid) and apply the live changes (KnowledgeError naming
    a change that no longer validates); LiveUnavailable when the database cannot be read."""
    from intake import knowledge_overlay
    from intake.db import UnitOfWork, make_engine

    bundled = load_knowledge(data_dir)
    engine = make_engine(database_url)
    try:
        with UnitOfWork(engine).begin() as session:  # read only: nothing to commit
            rows = knowledge_overlay.live_changes(session)
            version = knowledge_overlay.current_version(session)
            changes = [knowledge_overlay.as_change(row) for row in rows]
    except SQLAlchemyError as exc:
        raise LiveUnavailable(f"the database cannot be read ({type(exc).__name__}); is it migrated "
                              "(madoguchi db upgrade) and reachable?") from None
    finally:
        engine.dispose()
    return Live(data_dir, bundled, knowledge_with(bundled, changes, data_dir), version, len(changes))
