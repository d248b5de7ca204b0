"""Bring a served site up to date from a fresh build, rewriting only the files that changed.

`invoke livereload` builds into a fresh folder (a failed build leaves the served site
alone), then copies it over the served one file by file: a file whose bytes did not
change keeps its inode and its time, so the browser's reload, a watcher or an
rsync-style deploy sees only the real changes. Each changed file is put in place with
`os.replace`, which is atomic: a request never reads half a file.

The fresh folder is thrown away after each rebuild, and most of its files are not
copied: writing it in memory (`/dev/shm`, when the system has it with room to spare)
rather than on disk saves the creation and deletion of thousands of files at each
rebuild. A file from
another file system is first copied next to its place in the served folder, then moved.
What is left of the fresh folder is renamed, then removed by a thread while the served
site is already up to date (the next rebuild waits for it first: no fork while it runs,
and never two copies in memory).
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
import contextlib
import errno
import os
from pathlib import Path
import shutil
import tempfile
import threading

from .parallel import map_on_cores

MEMORY = Path("/dev/shm")
# The RAM disk is used only with this much room, and twice the served site's size:
# containers often give /dev/shm 64 MB, less than a site of a thousand fiches.
MEMORY_MINIMUM = 1 << 30
SCRATCH_PREFIX = "portail-construction-"
# Bytes of each served site after its last update by this process: measuring a site
# of a thousand fiches file by file would cost a tenth of a second per rebuild.
SITE_BYTES: dict[str, int] = {}


def _size(folder: Path) -> int:
    return sum(os.stat(os.path.join(root, name)).st_size for root, _, names in os.walk(folder) for name in names)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove_orphans(parent: Path) -> None:
    """Remove scratch folders left by processes that were killed during a rebuild (they hold RAM)."""
    for folder in parent.glob(f"{SCRATCH_PREFIX}*"):
        pid = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def scratch_parent(served: Path) -> Path:
    """The RAM disk when it exists, is writable and has room; else the served folder's parent."""
    if not (MEMORY.is_dir() and os.access(MEMORY, os.W_OK)):
        return served.parent
    _remove_orphans(MEMORY)
    size = SITE_BYTES.get(str(served))
    needed = max(MEMORY_MINIMUM, 2 * (_size(served) if size is None else size))
    return MEMORY if shutil.disk_usage(MEMORY).free >= needed else served.parent


_REMOVALS: list[threading.Thread] = []


def remove_later(folder: Path) -> None:
    """Rename a folder out of the way now, and remove it in a thread."""
    if not folder.exists():
        return
    trash = folder.with_name(f"{folder.name}.suppression")
    os.rename(folder, trash)
    thread = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True)
    thread.start()
    _REMOVALS.append(thread)


@atexit.register
def wait_removals() -> None:
    """Wait until the folders given to `remove_later` are gone."""
    while _REMOVALS:
        _REMOVALS.pop().join()


@contextlib.contextmanager
def scratch_folder(served: Path) -> Iterator[Path]:
    """A folder to build into, in memory when the system can (`scratch_parent`); removed afterwards."""
    wait_removals()
    parent = scratch_parent(served)
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
    try:
        yield folder / served.name
    finally:
        remove_later(folder)


def _files(root: Path) -> set[str]:
    """Paths of the files under `root`, relative to it, with "/" (os.walk: no stat per file)."""
    found: set[str] = set()
    start = len(str(root)) + 1
    for folder, _, names in os.walk(root):
        prefix = folder[start:].replace(os.sep, "/")
        if prefix:
            found.update(f"{prefix}/{name}" for name in names)
        else:
            found.update(names)
    return found


def _same(fresh: str, size: int, served: str) -> bool:
    if size != os.stat(served).st_size:
        return False
    with open(fresh, "rb") as one, open(served, "rb") as other:
        return one.read() == other.read()


def _compare(pair: tuple[str, str, bool]) -> tuple[int, bool]:
    """The fresh file's size, and whether the served one (when there is one) has its bytes.

    Done on every core (`map_on_cores`): reading thousands of files twice is most of a sync.
    """
    source, target, served = pair
    size = os.stat(source).st_size
    return size, served and _same(source, size, target)


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
    wait_removals()  # no fork (below) while a thread runs
    served.mkdir(parents=True, exist_ok=True)
    before, wanted = _files(served), _files(fresh)
    changed = []
    total = 0
    fresh_root, served_root = str(fresh), str(served)
    order = sorted(wanted)
    pairs = [(f"{fresh_root}/{relative}", f"{served_root}/{relative}", relative in before) for relative in order]
    for relative, (source, target, _), (size, same) in zip(order, pairs, map_on_cores(_compare, pairs), strict=True):
        total += size
        if same:
            continue
        _make_room(relative, served, before)
        _put(Path(source), Path(target))
        changed.append(relative)
    gone = before - wanted
    for relative in gone:
        if (served / relative).is_file():  # not already removed to make room for a folder
            (served / relative).unlink()
    if gone:
        for folder, _, _ in os.walk(served, topdown=False):  # children before their folder
            if Path(folder) != served and not os.listdir(folder):
                os.rmdir(folder)
    remove_later(fresh)
    SITE_BYTES[str(served)] = total
    return sorted(changed + list(gone))
