"""Build the answer engine once per process, and keep the built index on disk between processes.

Building the index tokenises every example question; the pickle cache keyed by a hash of the data files
and of the matching code lets ``madoguchi ask`` start without redoing that work. The cache directory is
passed in by the caller (knowledge never reads the environment); without one nothing is cached on disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
from functools import lru_cache
from pathlib import Path

from knowledge.loader import DEFAULT_DATA_DIR, FILES, data_files, load_knowledge


def _dictionary_stamp() -> bytes:
    """Name, size and date of the SudachiPy dictionary file: another release tokenises differently."""
    from knowledge.analysis import DICTIONARY

    stamp = DICTIONARY.encode()
    try:
        spec = importlib.util.find_spec(f"sudachidict_{DICTIONARY}")
        if spec and spec.origin:
            status = (Path(spec.origin).parent / "resources" / "system.dic").stat()
            stamp += f":{status.st_size}:{status.st_mtime_ns}".encode()
    except (ImportError, OSError, ValueError):
        pass  # no dictionary package: building the index will say so
    return stamp


def fingerprint(data_dir: Path) -> str:
    """Hash of every data file, of the matching code and of the dictionary: any change invalidates the
    cached index."""
    digest = hashlib.sha256()
    for name, path in data_files(data_dir):
        if path.exists() and name in FILES:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "language").glob("*.yaml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(_dictionary_stamp())
    return digest.hexdigest()[:24]


def load_engine(data_dir: Path, cache_dir: Path | None, max_chars: int = 2000):  # type: ignore[no-untyped-def]
    """The built AnswerEngine from the pickle cache when it is current, else loaded, built and stored.

    The cache holds the validated knowledge base, the lexicons and the example index: start-up then
    skips YAML parsing, validation and tokenising every term. Any change to a data file, to the
    language resources or to the code changes the fingerprint, so a stale cache is never used; an
    unreadable or unwritable cache just means building again."""
    from knowledge.engine import AnswerEngine

    if cache_dir is None:
        return AnswerEngine(load_knowledge(data_dir), max_chars=max_chars)
    directory = cache_dir
    path = directory / f"engine-{fingerprint(data_dir)}.pickle"
    try:
        with path.open("rb") as handle:
            engine = pickle.load(handle)  # noqa: S301 - our own cache file, keyed by content hash
        engine.max_chars = max_chars
        return engine
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    engine = AnswerEngine(load_knowledge(data_dir), max_chars=max_chars)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(engine, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
        for stale in directory.glob("engine-*.pickle"):  # caches of older data or code
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache directory still works, just without the cache
    return engine


@lru_cache(maxsize=4)
def cached_engine(data_dir: str | None = None, max_chars: int = 2000, cache_dir: str | None = None):  # type: ignore[no-untyped-def]
    """An AnswerEngine for a data directory, built once per process (index cached on disk)."""
    directory = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    return load_engine(directory, Path(cache_dir) if cache_dir else None, max_chars)
