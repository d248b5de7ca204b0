"""Remember what a loader read from a file or folder until one of those files changes.

`invoke livereload` rebuilds in one long-lived process: a loader cached for the life of
the process (`functools.lru_cache`) would keep serving the vocabularies, the schema or
the gazetteer it read first, and an edit to `data/*.yaml` or `schema/*.json` would be
ignored until a restart. The key is each file's size, modification time (in
nanoseconds) and inode: an editor's save changes the time, a save by renaming a new
file changes the inode, and checking them costs microseconds, where hashing the 13 MB
of the gazetteer at every call would cost tens of milliseconds of each rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
import functools
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def files_signature(location: str) -> tuple:
    """(name, size, mtime_ns, inode) of a file, or of each file of a folder (not recursive)."""
    root = Path(location)
    if not root.exists():
        return ()
    files = sorted(p for p in root.iterdir() if p.is_file()) if root.is_dir() else [root]
    signature = []
    for path in files:
        stat = path.stat()
        signature.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(signature)


def cached_on_files(load: Callable[[str], T]) -> Callable[[str], T]:
    """Cache `load(location)` until a file under `location` changes; one entry per location."""
    memo: dict[str, tuple[tuple, T]] = {}

    @functools.wraps(load)
    def cached(location: str) -> T:
        key = files_signature(location)
        kept = memo.get(location)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = load(location)  # an error is raised again at the next call: nothing kept
        memo[location] = (key, value)
        return value

    cached.cache_clear = memo.clear  # type: ignore[attr-defined]
    return cached
