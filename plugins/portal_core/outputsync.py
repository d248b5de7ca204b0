"""Bring a served site up to date from a fresh build, rewriting only the files that changed.

`invoke livereload` builds into a fresh folder (a failed build leaves the served site
alone), then copies it over the served one file by file: a file whose bytes did not
change keeps its inode and its time, so the browser's reload, a watcher or an
rsync-style deploy sees only the real changes. Each changed file is put in place with
`os.replace`, which is atomic: a request never reads half a file.

The fresh folder is thrown away after each rebuild, and most of its files are not
copied: writing it in memory (`/dev/shm`, when the system has it) rather than on disk
saves the creation and deletion of thousands of files at each rebuild. A file from
another file system is first copied next to its place in the served folder, then moved.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import errno
import os
from pathlib import Path
import shutil
import tempfile

MEMORY = Path("/dev/shm")


@contextlib.contextmanager
def scratch_folder(served: Path) -> Iterator[Path]:
    """A folder to build into, in memory when the system has a RAM disk; removed afterwards."""
    parent = MEMORY if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else served.parent
    folder = Path(tempfile.mkdtemp(prefix=f"{served.name}.new-", dir=parent))
    try:
        yield folder / served.name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _files(root: Path) -> set[str]:
    """Paths of the files under `root`, relative to it, with "/" (os.walk: no stat per file)."""
    found: set[str] = set()
    for folder, _, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        found.update(names if prefix == "." else (f"{prefix}/{name}" for name in names))
    return found


def _same(fresh: str, served: str) -> bool:
    if os.stat(fresh).st_size != os.stat(served).st_size:
        return False
    with open(fresh, "rb") as one, open(served, "rb") as other:
        return one.read() == other.read()


def _make_room(relative: str, root: Path, files: set[str]) -> None:
    """Remove what stands where a file goes: a folder there, or a file where a parent folder goes."""
    served = root / relative
    if served.is_dir():
        shutil.rmtree(served)
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        parent = "/".join(parts[:depth])
        if parent in files:
            (root / parent).unlink()
    served.parent.mkdir(parents=True, exist_ok=True)


def _put(source: Path, target: Path) -> None:
    """Move `source` to `target` atomically, across file systems too."""
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        # Another file system: copy next to the target first.
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)


def sync_tree(fresh: Path, served: Path) -> list[str]:
    """Make `served` hold exactly the files of `fresh` (consumed); return the paths rewritten or removed."""
    served.mkdir(parents=True, exist_ok=True)
    before, wanted = _files(served), _files(fresh)
    changed = []
    for relative in sorted(wanted):
        source, target = fresh / relative, served / relative
        if relative in before and _same(str(source), str(target)):
            continue
        _make_room(relative, served, before)
        _put(source, target)
        changed.append(relative)
    gone = before - wanted
    for relative in gone:
        target = served / relative
        if target.is_file():  # not already removed to make room for a folder
            target.unlink()
    if gone:
        for folder, _, _ in os.walk(served, topdown=False):  # children before their folder
            if Path(folder) != served and not os.listdir(folder):
                os.rmdir(folder)
    shutil.rmtree(fresh)
    return sorted(changed + list(gone))
