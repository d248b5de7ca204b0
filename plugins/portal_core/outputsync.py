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


def _same(fresh: Path, served: Path) -> bool:
    return (
        served.is_file() and fresh.stat().st_size == served.stat().st_size and fresh.read_bytes() == served.read_bytes()
    )


def _make_room(served: Path, root: Path) -> None:
    """Remove what stands where a file goes: a folder there, or a file where a parent folder goes."""
    if served.is_dir():
        shutil.rmtree(served)
    for parent in reversed(served.relative_to(root).parents[:-1]):
        if (root / parent).is_file():
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
        _put(source, target)
        changed.append(relative.as_posix())
    for path in sorted(served.rglob("*"), reverse=True):  # children before their folder
        relative = path.relative_to(served)
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    shutil.rmtree(fresh)
    return sorted(changed + [relative.as_posix() for relative in before - wanted])
