"""Bring a served site up to date from a fresh build, rewriting only the files that changed.

`invoke livereload` builds into a fresh folder (a failed build leaves the served site
alone), then copies it over the served one file by file: a file whose bytes did not
change keeps its inode and its time, so the browser's reload, a watcher or an
rsync-style deploy sees only the real changes. Each changed file is moved into place
with `os.replace`, which is atomic: a request never reads half a file.
"""

from __future__ import annotations

import filecmp
import os
from pathlib import Path
import shutil


def _same(fresh: Path, served: Path) -> bool:
    return served.is_file() and fresh.stat().st_size == served.stat().st_size and filecmp.cmp(fresh, served, False)


def _make_room(served: Path, root: Path) -> None:
    """Remove what stands where a file goes: a folder there, or a file where a parent folder goes."""
    if served.is_dir():
        shutil.rmtree(served)
    for parent in reversed(served.relative_to(root).parents[:-1]):
        if (root / parent).is_file():
            (root / parent).unlink()
    served.parent.mkdir(parents=True, exist_ok=True)


def sync_tree(fresh: Path, served: Path) -> list[str]:
    """Make `served` hold exactly the files of `fresh` (consumed); return the paths rewritten or removed."""
    served.mkdir(parents=True, exist_ok=True)
    before = {p.relative_to(served) for p in served.rglob("*") if p.is_file()}
    changed = []
    wanted = set()
    for source in sorted(p for p in fresh.rglob("*") if p.is_file()):
        relative = source.relative_to(fresh)
        wanted.add(relative)
        target = served / relative
        if _same(source, target):
            continue
        _make_room(target, served)
        os.replace(source, target)
        changed.append(relative.as_posix())
    for path in sorted(served.rglob("*"), reverse=True):  # children before their folder
        relative = path.relative_to(served)
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    shutil.rmtree(fresh)
    return sorted(changed + [relative.as_posix() for relative in before - wanted])
